import { ApiProperty } from '@nestjs/swagger';
import type { Actor } from '../actor-names.js';

/** Who did something: a person or an API client. */
export class ActorResponse {
  @ApiProperty({ enum: ['user', 'client'] })
  kind: 'user' | 'client';

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    example: 'Erika Mustermann',
    description: 'The name of the person or of the API client, to show as is (no contact data).',
  })
  name: string;

  /** Null for the system (demo seed) and once that account is gone. */
  static from(actor: Actor | null): ActorResponse | null {
    return actor && Object.assign(new ActorResponse(), { kind: actor.kind, id: actor.id, name: actor.name });
  }
}

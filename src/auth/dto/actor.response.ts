import { ApiProperty } from '@nestjs/swagger';

/** Who did something: a person or an API client. */
export class ActorResponse {
  @ApiProperty({ enum: ['user', 'client'] })
  kind: 'user' | 'client';

  @ApiProperty({ format: 'uuid' })
  id: string;

  /** From the two nullable columns that record an actor; null once that account is gone. */
  static of(userId: string | null, clientId: string | null): ActorResponse | null {
    if (userId) return { kind: 'user', id: userId };
    if (clientId) return { kind: 'client', id: clientId };
    return null;
  }
}

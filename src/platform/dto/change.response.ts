import { ApiInstant, isoInstant } from '../../common/mapping/instant.js';
import { ApiProperty } from '@nestjs/swagger';
import { ActorResponse } from '../../auth/index.js';
import { CHANGE_KINDS, type ChangeKind } from '../change-kinds.js';
import type { FeedEntry } from '../change-feed.js';

/** A state system's own id for the entity. */
export class ExternalIdResponse {
  @ApiProperty({ example: 'digitallotsen-sn' })
  system: string;

  @ApiProperty({ example: 'bedarf-0815' })
  externalId: string;
}

/** One change record as the feed hands it out. */
export class ChangeResponse {
  @ApiProperty({
    type: 'string',
    pattern: '^[0-9]+$',
    example: '4711',
    description: 'Position of the transaction that made the change, in commit order (the feed’s order).',
  })
  position: string;

  @ApiProperty({ enum: CHANGE_KINDS })
  entityType: ChangeKind;

  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @ApiProperty({
    example: 'updated',
    description: '`created`, `updated`, `closed`, `archived`, `deleted`, `transitioned`, …',
  })
  action: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The entity’s version after the change.' })
  version: number;

  @ApiProperty({
    type: [ExternalIdResponse],
    description: 'The state systems’ own ids for the entity (an API client sees its own systems’).',
  })
  externalIds: ExternalIdResponse[];

  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description: 'Null for the system (demo data) and once that account is gone.',
  })
  actor: ActorResponse | null;

  @ApiInstant()
  at: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { fields: ['title', 'urgency'] },
    description:
      'The compact form: what changed (field names, ids, statuses), never the new texts; read the entity for those.',
  })
  data: Record<string, unknown>;

  static from(entry: FeedEntry): ChangeResponse {
    const { change, position, actor, externalIds } = entry;
    return Object.assign(new ChangeResponse(), {
      position,
      entityType: change.entityType,
      entityId: change.entityId,
      action: change.action,
      version: change.version,
      externalIds: externalIds.map(({ system, externalId }) =>
        Object.assign(new ExternalIdResponse(), { system, externalId }),
      ),
      actor: ActorResponse.from(actor),
      at: isoInstant(change.at),
      data: change.data,
    });
  }
}

export class ChangeFeedPage {
  @ApiProperty({ type: [ChangeResponse] })
  items: ChangeResponse[];

  @ApiProperty({
    description: 'Where to continue: send it as `after`, also when `items` is empty (nothing new yet).',
  })
  nextCursor: string;
}

import { ApiInstant, isoInstant } from '../../common/mapping/instant.js';
import { ApiProperty } from '@nestjs/swagger';
import { ActorResponse } from '../../auth/index.js';
import { PageOf } from '../../common/pagination/page.js';
import type { TimelineEvent } from '../case-timeline.service.js';
import { CASE_EVENT_TYPES, type CaseEventType } from '../case-status.js';

export class CaseEventResponse {
  @ApiProperty({ example: '42', description: 'Position in the global order of case events.' })
  seq: string;

  @ApiProperty({ enum: CASE_EVENT_TYPES })
  type: CaseEventType;

  @ApiProperty({ type: String, nullable: true })
  from: string | null;

  @ApiProperty({ type: String, nullable: true })
  to: string | null;

  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description: 'Who made the entry, by name; null for demo data and once that account is gone.',
  })
  actor: ActorResponse | null;

  @ApiInstant()
  at: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;

  static from({ event: e, actor }: TimelineEvent): CaseEventResponse {
    return Object.assign(new CaseEventResponse(), {
      seq: e.seq,
      type: e.type,
      from: e.fromStatus,
      to: e.toStatus,
      actor: ActorResponse.from(actor),
      at: isoInstant(e.at),
      note: e.note,
      data: e.data,
    });
  }
}

export class CaseEventPage extends PageOf(CaseEventResponse) {}

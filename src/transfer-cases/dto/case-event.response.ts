import { ApiProperty } from '@nestjs/swagger';
import { ActorResponse } from '../../auth/dto/actor.response.js';
import { PageOf } from '../../common/pagination/page.js';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from '../case-event.entity.js';

export class CaseEventResponse {
  @ApiProperty({ example: '42', description: 'Position in the global order of case events.' })
  seq: string;

  @ApiProperty({ enum: CASE_EVENT_TYPES })
  type: CaseEventType;

  @ApiProperty({ type: String, nullable: true })
  from: string | null;

  @ApiProperty({ type: String, nullable: true })
  to: string | null;

  @ApiProperty({ type: ActorResponse, nullable: true, description: 'Null once that account is gone.' })
  actor: ActorResponse | null;

  @ApiProperty()
  at: Date;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;

  static from(e: CaseEvent): CaseEventResponse {
    return {
      seq: e.seq,
      type: e.type,
      from: e.fromStatus,
      to: e.toStatus,
      actor: ActorResponse.of(e.actorUserId, e.actorClientId),
      at: e.at,
      note: e.note,
      data: e.data,
    };
  }
}

export class CaseEventPage extends PageOf(CaseEventResponse) {}

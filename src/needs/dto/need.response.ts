import { ApiProperty } from '@nestjs/swagger';
import { ActorResponse } from '../../auth/index.js';
import { PageOf } from '../../common/pagination/page.js';
import {
  NEED_SOURCES,
  NEED_STATUSES,
  URGENCIES,
  type NeedSource,
  type NeedStatus,
  type Urgency,
} from '../need-enums.js';
import type { NeedView } from '../needs.service.js';

export class NeedResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  municipalityId: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: [String] })
  topics: string[];

  @ApiProperty({ enum: URGENCIES })
  urgency: Urgency;

  @ApiProperty({
    enum: NEED_SOURCES,
    description: '`desk`: recorded by a person; `api`: pushed by a state system.',
  })
  source: NeedSource;

  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description: 'Who recorded the need, by name; null for demo data and once that account is gone.',
  })
  capturedBy: ActorResponse | null;

  @ApiProperty()
  capturedAt: Date;

  @ApiProperty({ enum: NEED_STATUSES })
  status: NeedStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: Date | null;

  @ApiProperty({ type: String, nullable: true })
  closeReason: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  static from({ need: n, capturedBy }: NeedView): NeedResponse {
    return Object.assign(new NeedResponse(), {
      id: n.id,
      municipalityId: n.municipalityId,
      title: n.title,
      description: n.description,
      topics: n.topics,
      urgency: n.urgency,
      source: n.source,
      capturedBy: ActorResponse.from(capturedBy),
      capturedAt: n.capturedAt,
      status: n.status,
      closedAt: n.closedAt,
      closeReason: n.closeReason,
      createdAt: n.createdAt,
      updatedAt: n.updatedAt,
    });
  }
}

export class NeedPage extends PageOf(NeedResponse) {}

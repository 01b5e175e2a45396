import { ApiInstant, isoInstant, isoInstantOrNull } from '../../common/mapping/instant.js';
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
import type { NeedFit } from '../suggestions/need-fits.js';
import { FITS, type Fit } from '../suggestions/suggestion-ranking.js';

export class NeedFitResponse {
  @ApiProperty({
    enum: FITS,
    nullable: true,
    description:
      'The fit of the best suggestion (see the suggestions); `weak` also when there is none: a gap in the ' +
      'catalogue, a discovery task. Null until first judged.',
  })
  fit: Fit | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The best suggestion, if any.' })
  solutionId: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.1834 })
  score: number | null;

  @ApiInstant({ nullable: true })
  assessedAt: string | null;

  @ApiProperty({
    description:
      'Judged against the catalogue as it is: false after a solution was added, changed or archived since, ' +
      'until the background refresh (seconds to minutes) or the next write of the need judges it again.',
  })
  current: boolean;

  static from(fit: NeedFit): NeedFitResponse {
    return Object.assign(new NeedFitResponse(), {
      fit: fit.fit,
      solutionId: fit.bestSolutionId,
      score: fit.bestScore,
      assessedAt: isoInstantOrNull(fit.assessedAt),
      current: fit.current,
    });
  }
}

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

  @ApiInstant()
  capturedAt: string;

  @ApiProperty({ enum: NEED_STATUSES })
  status: NeedStatus;

  @ApiInstant({ nullable: true })
  closedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  closeReason: string | null;

  @ApiInstant({
    nullable: true,
    description: 'When its transfer case reached umgesetzt (status `solved`).',
  })
  solvedAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The case that solved it.' })
  solvedByCaseId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it is open again: the reason its last transfer case was cancelled.',
  })
  reopenReason: string | null;

  @ApiProperty({
    type: NeedFitResponse,
    nullable: true,
    description:
      'How well the catalogue answers the need, judged with every write of it and after catalogue changes.',
  })
  bestFit: NeedFitResponse | null;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from({ need: n, capturedBy, fit }: NeedView): NeedResponse {
    return Object.assign(new NeedResponse(), {
      id: n.id,
      municipalityId: n.municipalityId,
      title: n.title,
      description: n.description,
      topics: n.topics,
      urgency: n.urgency,
      source: n.source,
      capturedBy: ActorResponse.from(capturedBy),
      capturedAt: isoInstant(n.capturedAt),
      status: n.status,
      closedAt: isoInstantOrNull(n.closedAt),
      closeReason: n.closeReason,
      solvedAt: isoInstantOrNull(n.solvedAt),
      solvedByCaseId: n.solvedByCaseId,
      reopenReason: n.reopenReason,
      bestFit: fit ? NeedFitResponse.from(fit) : null,
      createdAt: isoInstant(n.createdAt),
      updatedAt: isoInstant(n.updatedAt),
    });
  }
}

export class NeedPage extends PageOf(NeedResponse) {}

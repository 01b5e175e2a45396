import { ApiInstant, isoInstant, isoInstantOrNull } from '../../common/mapping/instant.js';
import { ApiProperty } from '@nestjs/swagger';
import { ActorResponse } from '../../auth/index.js';
import { PageOf } from '../../common/pagination/page.js';
import { SuggestionReasonsResponse } from '../../needs/index.js';
import { SolutionRef } from '../../solutions/index.js';
import type { AdoptionView, FollowUpListView, FollowUpView, LineageView } from '../adoptions.service.js';
import type { FollowUpResult } from '../adoption.entity.js';
import type { LessonView } from '../lessons.service.js';
import type { AlertView } from '../match-alerts.service.js';
import {
  ALERT_STATUSES,
  FOLLOW_UP_STATUSES,
  type AlertStatus,
  type FollowUpStatus,
} from '../practice-enums.js';
import { LessonMaterialDto } from './lesson.dto.js';
import { MunicipalityRefResponse } from './practice-refs.js';

export class AlertNeedRef {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;
}

export class MatchAlertResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ALERT_STATUSES })
  status: AlertStatus;

  @ApiProperty({ type: SolutionRef, description: 'The solution that now fits.' })
  solution: SolutionRef;

  @ApiProperty({ type: AlertNeedRef, description: 'The open need it fits.' })
  need: AlertNeedRef;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The need’s open case when the alert was raised, or the case accepting it opened.',
  })
  caseId: string | null;

  @ApiProperty({ type: MunicipalityRefResponse })
  municipality: MunicipalityRefResponse;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  regionId: string | null;

  @ApiProperty({ example: 'DE-SN' })
  stateCode: string;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'The suggestion score when the alert was raised.' })
  score: number;

  @ApiProperty({ type: SuggestionReasonsResponse, description: 'Why it fits, as the suggestions say it.' })
  reasons: SuggestionReasonsResponse;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who accepted or dismissed it.' })
  decidedByUserId: string | null;

  @ApiInstant({ nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  dismissReason: string | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from({ alert: a, needTitle, municipality, solution }: AlertView): MatchAlertResponse {
    return Object.assign(new MatchAlertResponse(), {
      id: a.id,
      status: a.status,
      solution: solution ?? { id: a.solutionId, slug: '', title: '' },
      need: { id: a.needId, title: needTitle },
      caseId: a.caseId,
      municipality: MunicipalityRefResponse.from(municipality),
      regionId: a.regionId,
      stateCode: a.stateCode,
      score: a.score,
      reasons: a.reasons,
      decidedByUserId: a.decidedByUserId,
      decidedAt: isoInstantOrNull(a.decidedAt),
      dismissReason: a.dismissReason,
      version: a.version,
      createdAt: isoInstant(a.createdAt),
      updatedAt: isoInstant(a.updatedAt),
    });
  }
}

export class MatchAlertPage extends PageOf(MatchAlertResponse) {}

export class LessonResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: SolutionRef })
  solution: SolutionRef;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  caseId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  cohortId: string | null;

  @ApiProperty({
    type: MunicipalityRefResponse,
    nullable: true,
    description: 'Where a case’s lesson was learned; null for a cohort’s.',
  })
  municipality: MunicipalityRefResponse | null;

  @ApiProperty()
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ type: String, nullable: true })
  adaptations: string | null;

  @ApiProperty({ type: String, nullable: true })
  obstacles: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  costEuros: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  effortPersonDays: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  durationMonths: number | null;

  @ApiProperty({ type: String, nullable: true })
  legalBasis: string | null;

  @ApiProperty({ type: [LessonMaterialDto] })
  materials: LessonMaterialDto[];

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description: 'Who wrote it; null once that account is gone.',
  })
  author: ActorResponse | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;

  @ApiInstant()
  createdAt: string;

  static from({ lesson: l, solution, municipality, author }: LessonView): LessonResponse {
    return Object.assign(new LessonResponse(), {
      id: l.id,
      solution: solution ?? { id: l.solutionId, slug: '', title: '' },
      caseId: l.caseId,
      cohortId: l.cohortId,
      municipality: municipality && MunicipalityRefResponse.from(municipality),
      title: l.title,
      body: l.body,
      adaptations: l.adaptations,
      obstacles: l.obstacles,
      costEuros: l.costEuros,
      effortPersonDays: l.effortPersonDays,
      durationMonths: l.durationMonths,
      legalBasis: l.legalBasis,
      materials: l.materials,
      tags: l.tags,
      author: ActorResponse.from(author),
      version: l.version,
      createdAt: isoInstant(l.createdAt),
    });
  }
}

export class LessonPage extends PageOf(LessonResponse) {}

export class MeasuredEffectResponse {
  @ApiProperty({ type: Number, nullable: true })
  value: number | null;

  @ApiProperty({ type: String, nullable: true })
  unit: string | null;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class FollowUpResultResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  stillInUse: boolean;

  @ApiProperty({ type: MeasuredEffectResponse })
  measuredEffect: MeasuredEffectResponse;

  @ApiProperty({ type: String, format: 'date' })
  observedOn: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  recordedByUserId: string | null;

  @ApiInstant()
  recordedAt: string;

  static from(r: FollowUpResult): FollowUpResultResponse {
    return Object.assign(new FollowUpResultResponse(), {
      id: r.id,
      stillInUse: r.stillInUse,
      measuredEffect: {
        value: r.effectValue === null ? null : Number(r.effectValue),
        unit: r.effectUnit,
        text: r.effectText,
      },
      observedOn: r.observedOn,
      recordedByUserId: r.recordedByUserId,
      recordedAt: isoInstant(r.recordedAt),
    });
  }
}

/** A follow-up within an adoption. */
export class AdoptionFollowUpResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: 'integer', example: 6, description: 'Months after the implementation date.' })
  afterMonths: number;

  @ApiProperty({ type: String, format: 'date' })
  dueOn: string;

  @ApiProperty({ enum: FOLLOW_UP_STATUSES })
  status: FollowUpStatus;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Results recorded; every one is kept.' })
  results: number;

  @ApiProperty({
    type: FollowUpResultResponse,
    nullable: true,
    description: 'The result that counts: the latest.',
  })
  latest: FollowUpResultResponse | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;

  static from({ followUp: f, status, latest }: FollowUpView): AdoptionFollowUpResponse {
    return Object.assign(new AdoptionFollowUpResponse(), {
      id: f.id,
      afterMonths: f.afterMonths,
      dueOn: f.dueOn,
      status,
      results: f.results,
      latest: latest && FollowUpResultResponse.from(latest),
      version: f.version,
    });
  }
}

export class LearnedFromResponse {
  @ApiProperty({ format: 'uuid' })
  adoptionId: string;

  @ApiProperty({ type: MunicipalityRefResponse })
  municipality: MunicipalityRefResponse;
}

export class AdoptionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The transfer case that implemented it.' })
  caseId: string;

  @ApiProperty({ format: 'uuid' })
  solutionId: string;

  @ApiProperty({ type: MunicipalityRefResponse })
  municipality: MunicipalityRefResponse;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  regionId: string | null;

  @ApiProperty({ type: String, format: 'date' })
  implementedOn: string;

  @ApiProperty({ description: 'It was adapted (it has a variant note).' })
  adapted: boolean;

  @ApiProperty({ type: String, nullable: true })
  variantNote: string | null;

  @ApiProperty({
    type: LearnedFromResponse,
    nullable: true,
    description: 'The earlier adopter it learned from; null: it learned from the origin.',
  })
  learnedFrom: LearnedFromResponse | null;

  @ApiProperty({ type: [AdoptionFollowUpResponse] })
  followUps: AdoptionFollowUpResponse[];

  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;

  static from(v: AdoptionView): AdoptionResponse {
    const a = v.adoption;
    return Object.assign(new AdoptionResponse(), {
      id: a.id,
      caseId: a.caseId,
      solutionId: a.solutionId,
      municipality: MunicipalityRefResponse.from(v.municipality),
      regionId: a.regionId,
      implementedOn: a.implementedOn,
      adapted: a.variantNote !== null,
      variantNote: a.variantNote,
      learnedFrom: v.learnedFrom && {
        adoptionId: v.learnedFrom.adoptionId,
        municipality: MunicipalityRefResponse.from(v.learnedFrom.municipality),
      },
      followUps: v.followUps.map(AdoptionFollowUpResponse.from),
      version: a.version,
    });
  }
}

export class AdoptionCounts {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Municipalities that implemented it (umgesetzt).',
  })
  adoptions: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of those, adapted ones (with a variant note).' })
  adapted: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Of those, the ones that learned from an earlier adopter rather than the origin.',
  })
  learnedFromAdopters: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Adoptions with a follow-up result.' })
  followedUp: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Of those, still in use at their latest follow-up.',
  })
  stillInUse: number;
}

export class AdoptionLineageResponse {
  @ApiProperty({ type: SolutionRef })
  solution: SolutionRef;

  @ApiProperty({
    type: MunicipalityRefResponse,
    nullable: true,
    description: 'The municipality that built it.',
  })
  origin: MunicipalityRefResponse | null;

  @ApiProperty({ type: AdoptionCounts, description: 'Over all adoptions, not only this page.' })
  counts: AdoptionCounts;

  @ApiProperty({ type: [AdoptionResponse], description: 'First implemented first.' })
  items: AdoptionResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cursor of the next page; null on the last page.',
  })
  nextCursor: string | null;

  static from(v: LineageView): AdoptionLineageResponse {
    return Object.assign(new AdoptionLineageResponse(), {
      solution: { id: v.solution.id, slug: v.solution.slug, title: v.solution.title },
      origin: v.origin && MunicipalityRefResponse.from(v.origin),
      counts: v.counts,
      items: v.page.items.map(AdoptionResponse.from),
      nextCursor: v.page.nextCursor,
    });
  }
}

export class FollowUpResponse extends AdoptionFollowUpResponse {
  @ApiProperty({ format: 'uuid' })
  adoptionId: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ type: SolutionRef })
  solution: SolutionRef;

  @ApiProperty({ type: MunicipalityRefResponse })
  municipality: MunicipalityRefResponse;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  regionId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The pilot who follows it up.' })
  assigneeId: string | null;

  static fromList(v: FollowUpListView): FollowUpResponse {
    return Object.assign(new FollowUpResponse(), AdoptionFollowUpResponse.from(v), {
      adoptionId: v.followUp.adoptionId,
      caseId: v.caseId,
      solution: v.solution ?? { id: v.followUp.solutionId, slug: '', title: '' },
      municipality: MunicipalityRefResponse.from(v.municipality),
      regionId: v.followUp.regionId,
      assigneeId: v.followUp.assigneeId,
    });
  }
}

export class FollowUpPage extends PageOf(FollowUpResponse) {}

export class FollowUpDetailResponse extends FollowUpResponse {
  @ApiProperty({ type: [FollowUpResultResponse], description: 'Every result, in the order recorded.' })
  history: FollowUpResultResponse[];

  static fromDetail(v: FollowUpListView & { results: FollowUpResult[] }): FollowUpDetailResponse {
    return Object.assign(new FollowUpDetailResponse(), FollowUpResponse.fromList(v), {
      history: v.results.map(FollowUpResultResponse.from),
    });
  }
}

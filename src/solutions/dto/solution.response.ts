import { ApiInstant, isoInstant } from '../../common/mapping/instant.js';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { PersonalContact } from '../../auth/index.js';
import { PageOf } from '../../common/pagination/page.js';
import { SOLUTION_STATUSES, THEMES, type SolutionStatus, type Theme } from '../solution-enums.js';
import type { Solution } from '../solution.entity.js';
import { SolutionContactDto, TransferMaterialDto } from './create-solution.dto.js';

/** How a nominated practice came in and how its review decided. */
export class NominationResponse {
  @ApiProperty({ format: 'uuid', description: 'The pilot who nominated it.' })
  nominatedByUserId: string;

  @ApiInstant()
  nominatedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  reviewedByUserId: string | null;

  @ApiInstant({ nullable: true })
  reviewedAt: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Why it was taken up, or why declined.' })
  reviewNote: string | null;
}

/** What adopters show of a solution: how often it was implemented and whether it lasted. */
export class SolutionEvidenceResponse {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Transfer cases that implemented it (umgesetzt).',
  })
  adoptions: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Adoptions with at least one impact follow-up.' })
  followedUp: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Of those, the adoptions still using it at their latest follow-up.',
  })
  stillInUse: number;
}

export class SolutionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'mobile-retter' })
  slug: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: THEMES })
  theme: Theme;

  @ApiProperty()
  summary: string;

  @ApiProperty()
  problem: string;

  @ApiProperty()
  approach: string;

  @ApiProperty({ description: 'Wirkungsnachweis.' })
  impactEvidence: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  originMunicipalityId: string | null;

  @ApiProperty({ type: [String] })
  topics: string[];

  @ApiProperty({ nullable: true, type: String, example: 'bewaehrt-vor-ort-2024' })
  seal: string | null;

  @ApiProperty({ nullable: true, type: String })
  effort: string | null;

  @ApiProperty({ type: [TransferMaterialDto] })
  transferMaterials: TransferMaterialDto[];

  @ApiPropertyOptional({ type: SolutionContactDto, nullable: true, description: 'Absent for analysts.' })
  @PersonalContact()
  contact?: SolutionContactDto | null;

  @ApiProperty({
    enum: SOLUTION_STATUSES,
    description: 'Only `active` solutions are suggested; `nominated` ones wait for review.',
  })
  status: SolutionStatus;

  @ApiProperty({ type: SolutionEvidenceResponse })
  evidence: SolutionEvidenceResponse;

  @ApiProperty({
    type: NominationResponse,
    nullable: true,
    description: 'Set when a pilot nominated it as a local practice.',
  })
  nomination: NominationResponse | null;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from(s: Solution): SolutionResponse {
    return Object.assign(new SolutionResponse(), {
      id: s.id,
      slug: s.slug,
      title: s.title,
      theme: s.theme,
      summary: s.summary,
      problem: s.problem,
      approach: s.approach,
      impactEvidence: s.impactEvidence,
      originMunicipalityId: s.originMunicipalityId,
      topics: s.topics,
      seal: s.seal,
      effort: s.effort,
      transferMaterials: s.transferMaterials,
      contact: s.contact,
      status: s.status,
      evidence: {
        adoptions: s.implementedTransfers,
        followedUp: s.followedUpAdoptions,
        stillInUse: s.adoptionsInUse,
      },
      nomination: s.nomination && {
        ...s.nomination,
        nominatedAt: isoInstant(new Date(s.nomination.nominatedAt)),
        reviewedAt: s.nomination.reviewedAt === null ? null : isoInstant(new Date(s.nomination.reviewedAt)),
      },
      createdAt: isoInstant(s.createdAt),
      updatedAt: isoInstant(s.updatedAt),
    });
  }
}

export class SolutionPage extends PageOf(SolutionResponse) {}

/** How other resources (a case's candidates and choice) name a solution. */
export class SolutionRef extends PickType(SolutionResponse, ['id', 'slug', 'title'] as const) {}

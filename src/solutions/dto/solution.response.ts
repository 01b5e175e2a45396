import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { PersonalContact } from '../../auth/index.js';
import { PageOf } from '../../common/pagination/page.js';
import { SOLUTION_STATUSES, THEMES, type SolutionStatus, type Theme } from '../solution-enums.js';
import type { Solution } from '../solution.entity.js';
import { SolutionContactDto, TransferMaterialDto } from './create-solution.dto.js';

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

  @ApiProperty({ enum: SOLUTION_STATUSES })
  status: SolutionStatus;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

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
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    });
  }
}

export class SolutionPage extends PageOf(SolutionResponse) {}

/** How other resources (a case's candidates and choice) name a solution. */
export class SolutionRef extends PickType(SolutionResponse, ['id', 'slug', 'title'] as const) {}

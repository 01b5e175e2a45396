import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { THEMES, type Theme } from '../../solutions/index.js';
import type { ReportTable } from '../report-csv.js';
import { ReportFilters } from './report-filters.dto.js';

/** The two lists of the report; a CSV holds one of them. */
export const SOLUTION_DEMAND_VIEWS = ['solutions', 'origins'] as const;
export type SolutionDemandView = (typeof SOLUTION_DEMAND_VIEWS)[number];

export class SolutionDemandQuery extends ReportFilters {
  // Redeclared for the document only (the validators are ReportFilters'): here they pick the rows.
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this solution’s row (and its origin’s share).' })
  override solutionId?: string = undefined;

  @ApiPropertyOptional({ enum: THEMES, description: 'Only solutions of this theme.' })
  override theme?: Theme = undefined;

  @ApiPropertyOptional({
    enum: SOLUTION_DEMAND_VIEWS,
    default: 'solutions',
    description:
      'CSV only: `solutions` (one row per solution) or `origins` (one row per origin municipality). JSON holds both.',
  })
  @Optional()
  @IsIn(SOLUTION_DEMAND_VIEWS, { message: `view must be one of ${SOLUTION_DEMAND_VIEWS.join(', ')}` })
  view: SolutionDemandView = 'solutions';
}

export class TransferTeamThreshold {
  @ApiProperty({ type: 'integer', minimum: 1, example: 5, description: 'At least this many open cases…' })
  openCases: number;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 3,
    description: '…in at least this many distinct regions.',
  })
  regions: number;
}

export class SolutionDemandRow {
  @ApiProperty({ format: 'uuid' })
  solutionId: string;

  @ApiProperty({ example: 'mobile-retter' })
  slug: string;

  @ApiProperty({ example: 'Mobile Retter: Ersthelfende per Smartphone alarmieren' })
  title: string;

  @ApiProperty({ enum: THEMES })
  theme: Theme;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Open cases holding it as a candidate or as the chosen solution, each counted once.',
  })
  openCases: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Distinct municipalities of those cases.' })
  municipalities: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Distinct regions of those cases.' })
  regions: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Distinct states of those cases.' })
  states: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Cases umgesetzt with it chosen, under the same scope and filters.',
  })
  implementedTransfers: number;

  @ApiProperty({ description: 'The open cases and their regions reach the transfer-team thresholds.' })
  transferTeamSuggested: boolean;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The solution’s active transfer team (`/transfer-teams/{id}`), once one is opened.',
  })
  transferTeamId: string | null;
}

export class OriginLoadRow {
  @ApiProperty({ format: 'uuid' })
  municipalityId: string;

  @ApiProperty({ example: 'Zwickau' })
  name: string;

  @ApiProperty({ example: '14524330' })
  ags: string;

  @ApiProperty({ example: 'DE-SN' })
  stateCode: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Its solutions that open cases ask for.' })
  solutions: number;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Open cases holding any of its solutions as a candidate or chosen, each counted once.',
  })
  openCases: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Open cases brokered to it: vermittelt, with one of its solutions chosen.',
  })
  brokeredCases: number;
}

export class SolutionDemandReport {
  /** Which list `table()` lays out for CSV; a private field, so never part of the JSON. */
  readonly #view: SolutionDemandView;

  constructor(view: SolutionDemandView = 'solutions') {
    this.#view = view;
  }

  @ApiProperty({ type: TransferTeamThreshold, description: 'The configured thresholds the flag is set by.' })
  transferTeamThreshold: TransferTeamThreshold;

  @ApiProperty({
    type: [SolutionDemandRow],
    description: 'One per solution an open case holds, by open cases (most first), then slug.',
  })
  solutions: SolutionDemandRow[];

  @ApiProperty({
    type: [OriginLoadRow],
    description: 'One per municipality that built one of those solutions, most brokered cases first.',
  })
  originLoad: OriginLoadRow[];

  table(): ReportTable {
    if (this.#view === 'origins') {
      return {
        columns: [
          'municipality_id',
          'name',
          'ags',
          'state_code',
          'solutions',
          'open_cases',
          'brokered_cases',
        ],
        rows: this.originLoad.map((row) => [
          row.municipalityId,
          row.name,
          row.ags,
          row.stateCode,
          row.solutions,
          row.openCases,
          row.brokeredCases,
        ]),
      };
    }
    return {
      columns: [
        'solution_id',
        'slug',
        'title',
        'theme',
        'open_cases',
        'municipalities',
        'regions',
        'states',
        'implemented_transfers',
        'transfer_team_suggested',
        'transfer_team_id',
      ],
      rows: this.solutions.map((row) => [
        row.solutionId,
        row.slug,
        row.title,
        row.theme,
        row.openCases,
        row.municipalities,
        row.regions,
        row.states,
        row.implementedTransfers,
        row.transferTeamSuggested,
        row.transferTeamId,
      ]),
    };
  }
}

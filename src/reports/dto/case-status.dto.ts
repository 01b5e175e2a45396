import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { CASE_STATUSES, type CaseStatus } from '../../transfer-cases/index.js';
import type { Cell, ReportTable } from '../report-csv.js';
import { ReportFilters } from './report-filters.dto.js';

export const CASE_STATUS_GROUPS = ['none', 'state', 'region', 'municipality'] as const;
export type CaseStatusGroup = (typeof CASE_STATUS_GROUPS)[number];

export class CaseStatusQuery extends ReportFilters {
  @ApiPropertyOptional({ enum: CASE_STATUS_GROUPS, default: 'none' })
  @Optional()
  @IsIn(CASE_STATUS_GROUPS, { message: `groupBy must be one of ${CASE_STATUS_GROUPS.join(', ')}` })
  groupBy: CaseStatusGroup = 'none';
}

export class StatusCounts {
  @ApiProperty({ type: 'integer', minimum: 0 })
  erfasst: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  recherchiert: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  vermittelt: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  umgesetzt: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  abgebrochen: number;
}

export class NeedAges {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Open needs without a case.' })
  total: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Captured 0–7 days ago.' })
  days0to7: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  days8to30: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  days31to90: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Captured more than 90 days ago.' })
  daysOver90: number;
}

export class CaseStatusRow {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'DE-SN',
    description:
      'The group: state code, region id or municipality id; null for the totals and for cases without a region.',
  })
  key: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Sachsen' })
  label: string | null;

  @ApiProperty({ type: StatusCounts })
  cases: StatusCounts;

  @ApiProperty({ type: 'integer', minimum: 0 })
  casesTotal: number;

  @ApiProperty({ type: NeedAges })
  openNeedsWithoutCase: NeedAges;
}

export class CaseStatusReport {
  @ApiProperty({ enum: CASE_STATUS_GROUPS })
  groupBy: CaseStatusGroup;

  @ApiProperty({ type: [CaseStatusRow], description: 'One per group with cases or open needs, by label.' })
  groups: CaseStatusRow[];

  @ApiProperty({ type: CaseStatusRow, description: 'All groups together.' })
  totals: CaseStatusRow;

  table(): ReportTable {
    const line = (row: CaseStatusRow, label: string | null): Cell[] => [
      row.key,
      label,
      ...CASE_STATUSES.map((status: CaseStatus) => row.cases[status]),
      row.casesTotal,
      row.openNeedsWithoutCase.total,
      row.openNeedsWithoutCase.days0to7,
      row.openNeedsWithoutCase.days8to30,
      row.openNeedsWithoutCase.days31to90,
      row.openNeedsWithoutCase.daysOver90,
    ];
    return {
      columns: [
        'key',
        'label',
        ...CASE_STATUSES,
        'cases_total',
        'open_needs_without_case',
        'needs_0_7_days',
        'needs_8_30_days',
        'needs_31_90_days',
        'needs_over_90_days',
      ],
      rows: [...this.groups.map((row) => line(row, row.label)), line(this.totals, 'total')],
    };
  }
}

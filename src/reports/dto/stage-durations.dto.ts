import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import type { Cell, ReportTable } from '../report-csv.js';
import { ReportFilters } from './report-filters.dto.js';

export const STAGE_DURATION_GROUPS = ['none', 'state', 'region'] as const;
export type StageDurationGroup = (typeof STAGE_DURATION_GROUPS)[number];

/** The stages a case leaves again (umgesetzt and abgebrochen are final), in their order. */
export const PASSING_STAGES = ['erfasst', 'recherchiert', 'vermittelt'] as const;
export type PassingStage = (typeof PASSING_STAGES)[number];

export class StageDurationsQuery extends ReportFilters {
  @ApiPropertyOptional({ enum: STAGE_DURATION_GROUPS, default: 'none' })
  @Optional()
  @IsIn(STAGE_DURATION_GROUPS, { message: `groupBy must be one of ${STAGE_DURATION_GROUPS.join(', ')}` })
  groupBy: StageDurationGroup = 'none';
}

export class CompletedStays {
  @ApiProperty({ enum: PASSING_STAGES })
  stage: PassingStage;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Stays in this stage left in the period.' })
  count: number;

  @ApiProperty({
    type: 'number',
    nullable: true,
    example: 3.5,
    description:
      'Days, one decimal; null without stays. Exact up to 100 stays (by default), else interpolated from 5 % length buckets.',
  })
  medianDays: number | null;

  @ApiProperty({ type: 'number', nullable: true, example: 6 })
  p75Days: number | null;

  @ApiProperty({ type: 'number', nullable: true, example: 12.5 })
  p90Days: number | null;
}

export class CurrentStays {
  @ApiProperty({ enum: PASSING_STAGES })
  stage: PassingStage;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Cases in this stage now.' })
  count: number;

  @ApiProperty({
    type: 'number',
    nullable: true,
    example: 4.2,
    description: 'Days since they entered it, one decimal; null without cases.',
  })
  medianDays: number | null;

  @ApiProperty({ type: 'number', nullable: true, example: 20.1 })
  p90Days: number | null;

  @ApiProperty({ type: 'number', nullable: true, example: 35 })
  maxDays: number | null;
}

export class StageDurationsRow {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'DE-SN',
    description: 'The group: state code or region id; null for the totals and for cases without a region.',
  })
  key: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Sachsen' })
  label: string | null;

  @ApiProperty({
    type: [CompletedStays],
    description: 'Stays left in the period, one per stage: erfasst, recherchiert, vermittelt.',
  })
  completed: CompletedStays[];

  @ApiProperty({
    type: [CurrentStays],
    description: 'Cases sitting in a stage now, one per stage: erfasst, recherchiert, vermittelt.',
  })
  current: CurrentStays[];
}

export class StageDurationsReport {
  @ApiProperty({ enum: STAGE_DURATION_GROUPS })
  groupBy: StageDurationGroup;

  @ApiProperty({ type: [StageDurationsRow], description: 'One per group with stays, by label.' })
  groups: StageDurationsRow[];

  @ApiProperty({ type: StageDurationsRow, description: 'All groups together (computed over all stays).' })
  totals: StageDurationsRow;

  table(): ReportTable {
    const lines = (row: StageDurationsRow, label: string | null): Cell[][] =>
      PASSING_STAGES.flatMap((stage, i) => {
        const completed = row.completed[i];
        const current = row.current[i];
        return [
          [
            row.key,
            label,
            stage,
            'completed',
            completed.count,
            completed.medianDays,
            completed.p75Days,
            completed.p90Days,
            null,
          ],
          [
            row.key,
            label,
            stage,
            'current',
            current.count,
            current.medianDays,
            null,
            current.p90Days,
            current.maxDays,
          ],
        ];
      });
    return {
      columns: ['key', 'label', 'stage', 'kind', 'count', 'median_days', 'p75_days', 'p90_days', 'max_days'],
      rows: [...this.groups.flatMap((row) => lines(row, row.label)), ...lines(this.totals, 'total')],
    };
  }
}

import { ApiProperty } from '@nestjs/swagger';
import type { Cell, ReportTable } from '../report-csv.js';

/** The stages of the funnel, in their order; abgebrochen is the side exit, reported apart. */
export const FUNNEL_STAGES = ['erfasst', 'recherchiert', 'vermittelt', 'umgesetzt'] as const;
export type FunnelStageName = (typeof FUNNEL_STAGES)[number];

export class FunnelStage {
  @ApiProperty({ enum: FUNNEL_STAGES })
  stage: FunnelStageName;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Cases that entered the stage in the period; a case entering it twice counts once.',
  })
  entered: number;

  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    example: 0.625,
    description:
      'Entered the next stage / entered this one, three decimals; null when none entered this one and for ' +
      'umgesetzt. Above 1 when cases that entered this stage before the period went on within it.',
  })
  conversionToNext: number | null;
}

export class CancelReason {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Kein Bedarf mehr',
    description: 'As given, trimmed; null for cases given up without one.',
  })
  reason: string | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  count: number;
}

export class CancelledCases {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Cases given up (abgebrochen) in the period.' })
  count: number;

  @ApiProperty({
    type: [CancelReason],
    description: 'Their reasons, most frequent first, ties by reason; the top 20.',
  })
  reasons: CancelReason[];
}

export class FunnelReport {
  @ApiProperty({ type: [FunnelStage], description: 'erfasst, recherchiert, vermittelt, umgesetzt.' })
  stages: FunnelStage[];

  @ApiProperty({ type: CancelledCases })
  abgebrochen: CancelledCases;

  /** One table: a row per stage, one for abgebrochen, then a row per cancel reason. */
  table(): ReportTable {
    const rows: Cell[][] = [
      ...this.stages.map((s): Cell[] => ['stage', s.stage, null, s.entered, s.conversionToNext]),
      ['stage', 'abgebrochen', null, this.abgebrochen.count, null],
      ...this.abgebrochen.reasons.map((r): Cell[] => ['reason', 'abgebrochen', r.reason, r.count, null]),
    ];
    return { columns: ['row', 'stage', 'reason', 'count', 'conversion_to_next'], rows };
  }
}

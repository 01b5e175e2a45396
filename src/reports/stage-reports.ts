import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/index.js';
import { FUNNEL_STAGES, FunnelReport, FunnelStage, CancelledCases, CancelReason } from './dto/funnel.dto.js';
import type { ReportFilters } from './dto/report-filters.dto.js';
import {
  CompletedStays,
  CurrentStays,
  PASSING_STAGES,
  StageDurationsReport,
  StageDurationsRow,
  type PassingStage,
  type StageDurationsQuery,
} from './dto/stage-durations.dto.js';
import {
  assertPeriod,
  periodConditions,
  SqlParams,
  where,
  caseConditions,
  labelledGroups,
} from './report-scope.js';
import { cancelReasons, enteredStages } from './sql/funnel.sql.js';
import { STAGE_GROUP_COLUMNS, stageStays } from './sql/stage-durations.sql.js';

interface StayRow {
  kind: 'completed' | 'current';
  key: string | null;
  total: boolean;
  stage: PassingStage;
  n: number;
  median_days: number | null;
  p75_days: number | null;
  p90_days: number | null;
  max_days: number | null;
}

type EnteredRow = Record<(typeof FUNNEL_STAGES)[number] | 'abgebrochen', number> &
  Record<'erfasst_conversion' | 'recherchiert_conversion' | 'vermittelt_conversion', number | null>;

/**
 * The reports read from the cases' timelines: how long cases stay in each stage, and how many
 * pass from stage to stage. Every figure is computed in Postgres; Node only arranges the few rows
 * that come back. Read-only like ReportsService (docs/architecture.md).
 */
@Injectable()
export class StageReports {
  constructor(private readonly db: DataSource) {}

  /**
   * Stays per stage: those left in the period (count, median, p75, p90 days) and the cases
   * sitting in a stage now (count, median, p90, max days so far), per state or region with totals.
   * The period applies to when a stay ended; the cases sitting now are now's.
   */
  async stageDurations(caller: Caller, query: StageDurationsQuery): Promise<StageDurationsReport> {
    assertPeriod(query);
    const params = new SqlParams();
    const caseWhere = casesSelected(caller, query, params);
    const periodWhere = where(periodConditions(query, 'left_at', params));
    const stays: StayRow[] = await this.db.query(
      stageStays(STAGE_GROUP_COLUMNS[query.groupBy], caseWhere, query.theme !== undefined, periodWhere),
      params.values,
    );

    const totals = emptyStagesRow(null);
    const rows = new Map<string | null, StageDurationsRow>();
    for (const stay of stays) {
      let row = totals;
      if (!stay.total) {
        row = rows.get(stay.key) ?? emptyStagesRow(stay.key);
        rows.set(stay.key, row);
      }
      const i = PASSING_STAGES.indexOf(stay.stage);
      if (stay.kind === 'completed') {
        Object.assign(row.completed[i], {
          count: stay.n,
          medianDays: stay.median_days,
          p75Days: stay.p75_days,
          p90Days: stay.p90_days,
        });
      } else {
        Object.assign(row.current[i], {
          count: stay.n,
          medianDays: stay.median_days,
          p90Days: stay.p90_days,
          maxDays: stay.max_days,
        });
      }
    }
    const groups = await labelledGroups(this.db, query.groupBy, [...rows.values()]);
    return Object.assign(new StageDurationsReport(), { groupBy: query.groupBy, groups, totals });
  }

  /**
   * Cases entering each stage in the period, the conversion from stage to stage, and the cases
   * given up with their reasons.
   */
  async funnel(caller: Caller, query: ReportFilters): Promise<FunnelReport> {
    assertPeriod(query);
    // One parameter list per statement: each names only the placeholders it binds.
    const stageParams = new SqlParams();
    const stageSql = enteredStages(
      casesSelected(caller, query, stageParams),
      query.theme !== undefined,
      where(periodConditions(query, 'moves.at', stageParams)),
    );
    const reasonParams = new SqlParams();
    const reasonSql = cancelReasons(
      casesSelected(caller, query, reasonParams),
      query.theme !== undefined,
      where(periodConditions(query, 'e.at', reasonParams)),
    );
    const [[entered], reasons]: [EnteredRow[], { reason: string | null; n: number }[]] = await Promise.all([
      this.db.query(stageSql, stageParams.values),
      this.db.query(reasonSql, reasonParams.values),
    ]);

    return Object.assign(new FunnelReport(), {
      stages: FUNNEL_STAGES.map((stage) =>
        Object.assign(new FunnelStage(), {
          stage,
          entered: entered[stage],
          conversionToNext: stage === 'umgesetzt' ? null : entered[`${stage}_conversion`],
        }),
      ),
      abgebrochen: Object.assign(new CancelledCases(), {
        count: entered.abgebrochen,
        reasons: reasons.map(({ reason, n }) => Object.assign(new CancelReason(), { reason, count: n })),
      }),
    });
  }
}

/** The cases a caller's report counts, as one condition. */
function casesSelected(caller: Caller, filters: ReportFilters, params: SqlParams): string {
  return where(caseConditions(caller, filters, params));
}

function emptyStagesRow(key: string | null): StageDurationsRow {
  return Object.assign(new StageDurationsRow(), {
    key,
    label: null,
    completed: PASSING_STAGES.map((stage) =>
      Object.assign(new CompletedStays(), {
        stage,
        count: 0,
        medianDays: null,
        p75Days: null,
        p90Days: null,
      }),
    ),
    current: PASSING_STAGES.map((stage) =>
      Object.assign(new CurrentStays(), { stage, count: 0, medianDays: null, p90Days: null, maxDays: null }),
    ),
  });
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../auth/index.js';
import type { ReportsConfig } from '../config/app-config.js';
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
import { assertPeriod, SqlParams, where, labelledGroups } from './report-scope.js';
import {
  entityConditions,
  rawConditions,
  reportSource,
  rollupConditions,
  type ReportSource,
} from './report-source.js';
import { REPORTS_CONFIG } from './reports-config.js';
import { funnel } from './sql/funnel.sql.js';
import { currentStays, estimatedStays, exactStays } from './sql/stage-durations.sql.js';

interface StayRow {
  total: boolean;
  key: string | null;
  stage: PassingStage;
  n: number;
  median_days: number | null;
  p75_days?: number | null;
  p90_days: number | null;
  max_days?: number | null;
}

type FunnelRow = Record<(typeof FUNNEL_STAGES)[number] | 'abgebrochen', number> &
  Record<'erfasst_conversion' | 'recherchiert_conversion' | 'vermittelt_conversion', number | null> & {
    reasons: { reason: string | null; count: number }[];
  };

/**
 * The reports read from the cases' timelines, through the stays projection: how long cases stay
 * in each stage, and how many pass from stage to stage. Every figure is computed in Postgres;
 * Node only arranges the few rows that come back. Read-only like ReportsService
 * (docs/architecture.md).
 */
@Injectable()
export class StageReports {
  constructor(
    private readonly db: DataSource,
    @Inject(REPORTS_CONFIG) private readonly config: ReportsConfig,
  ) {}

  /**
   * Stays per stage: those left in the period (count, median, p75, p90 days) and the cases
   * sitting in a stage now (count, median, p90, max days so far), per state or region with totals.
   * The period applies to when a stay ended; the cases sitting now are now's. Percentiles of a
   * large group come from the rollup's histogram; a group of at most `exactPercentilesUpTo`
   * stays is then computed again from its stays, exactly. All in one snapshot.
   */
  async stageDurations(caller: Caller, query: StageDurationsQuery): Promise<StageDurationsReport> {
    assertPeriod(query);
    const source = reportSource(caller, query, query.groupBy);
    const { completed, exact, current } = await this.inOneSnapshot(async (tx) => {
      const params = new SqlParams();
      const completed: StayRow[] = await tx.query(
        estimatedStays(
          query.groupBy,
          rollupConditions(source, caller, query, params),
          rawConditions(source, 's', 's.left_at', caller, query, params),
        ),
        params.values,
      );
      const small = completed.filter((row) => row.n <= this.config.exactPercentilesUpTo);
      const exact = small.length === 0 ? [] : await this.exactStays(tx, caller, query, source, small);
      const currentParams = new SqlParams();
      const current: StayRow[] = await tx.query(
        currentStays(query.groupBy, where(entityConditions('s', caller, query, currentParams))),
        currentParams.values,
      );
      return { completed, exact, current };
    });

    const totals = emptyStagesRow(null);
    const rows = new Map<string | null, StageDurationsRow>();
    const rowOf = (stay: StayRow) => {
      if (stay.total) return totals;
      const row = rows.get(stay.key) ?? emptyStagesRow(stay.key);
      rows.set(stay.key, row);
      return row;
    };
    // The exact figures of a small group replace its interpolated ones.
    for (const stay of [...completed, ...exact]) {
      Object.assign(rowOf(stay).completed[PASSING_STAGES.indexOf(stay.stage)], {
        count: stay.n,
        medianDays: stay.median_days,
        p75Days: stay.p75_days,
        p90Days: stay.p90_days,
      });
    }
    for (const stay of current) {
      Object.assign(rowOf(stay).current[PASSING_STAGES.indexOf(stay.stage)], {
        count: stay.n,
        medianDays: stay.median_days,
        p90Days: stay.p90_days,
        maxDays: stay.max_days,
      });
    }
    const groups = await labelledGroups(this.db, query.groupBy, [...rows.values()]);
    return Object.assign(new StageDurationsReport(), { groupBy: query.groupBy, groups, totals });
  }

  /** Exact percentiles for the groups (and totals) the histogram found small, from their stays. */
  private exactStays(
    tx: EntityManager,
    caller: Caller,
    query: StageDurationsQuery,
    source: ReportSource,
    small: StayRow[],
  ): Promise<StayRow[]> {
    const params = new SqlParams();
    const everyDay = rawConditions({ ...source, grain: null }, 's', 's.left_at', caller, query, params);
    const keyed = small.filter((row) => !row.total && row.key !== null);
    const groups =
      query.groupBy === 'none'
        ? null
        : {
            keys: params.add([...new Set(keyed.map((row) => row.key))]),
            pairKeys: params.add(keyed.map((row) => row.key)),
            pairStages: params.add(keyed.map((row) => row.stage)),
            keylessStages: params.add(
              small.filter((row) => !row.total && row.key === null).map((row) => row.stage),
            ),
          };
    const totalStages = params.add(small.filter((row) => row.total).map((row) => row.stage));
    return tx.query(exactStays(query.groupBy, everyDay, groups, totalStages), params.values);
  }

  /**
   * Cases entering each stage in the period, the conversion from stage to stage, and the cases
   * given up with their reasons.
   */
  async funnel(caller: Caller, query: ReportFilters): Promise<FunnelReport> {
    assertPeriod(query);
    const source = reportSource(caller, query, 'none');
    const params = new SqlParams();
    const rollupWhere = rollupConditions(source, caller, query, params);
    const rawWhere = rawConditions(source, 's', 's.entered_at', caller, query, params);
    const reentryWhere =
      query.from === undefined
        ? null
        : where([
            `s.previous_entry_at < (${params.add(query.from)}::date)::timestamp AT TIME ZONE 'Europe/Berlin'`,
            rawConditions({ ...source, grain: null }, 's', 's.entered_at', caller, query, params),
          ]);
    const [entered]: FunnelRow[] = await this.db.query(
      funnel(rollupWhere, rawWhere, reentryWhere),
      params.values,
    );

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
        reasons: entered.reasons.map(({ reason, count }) =>
          Object.assign(new CancelReason(), { reason, count }),
        ),
      }),
    });
  }

  /** Several statements that must agree: one read-only transaction, one snapshot. */
  private inOneSnapshot<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      return work(tx);
    });
  }
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

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
  cellConditions,
  entityConditions,
  rawConditions,
  reportSource,
  rollupConditions,
} from './report-source.js';
import { REPORTS_CONFIG } from './reports-config.js';
import { funnel } from './sql/funnel.sql.js';
import { exactLeftStays, leftStays, sittingStays, type StageGroup } from './sql/stage-durations.sql.js';

interface StayRow {
  /** The figures of all groups together. */
  total: boolean;
  key: string | null;
  stage: PassingStage;
  n: number;
  median_days: number | null;
  p75_days: number | null;
  p90_days: number | null;
  max_days: number | null;
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
   * sitting in a stage now (count, median, p90, max days so far), per state or region, and for
   * all of them together. The period applies to when a stay ended; the cases sitting now are
   * now's. All in one snapshot, so the groups add up to the totals.
   */
  async stageDurations(caller: Caller, query: StageDurationsQuery): Promise<StageDurationsReport> {
    assertPeriod(query);
    const grouped = query.groupBy !== 'none';
    const asTotals = (rows: StayRow[]) => rows.map((row) => ({ ...row, total: true }));
    // The cases sitting now: counted by their rollup where it answers (the period does not apply).
    const sitting = (group: StageGroup) => {
      const params = new SqlParams();
      const { grain } = reportSource(caller, query, group);
      const entityWhere = where(entityConditions('s', caller, query, params));
      const countsWhere = grain === null ? null : cellConditions(grain, caller, query, params);
      return { sql: sittingStays(group, entityWhere, countsWhere), params };
    };
    const figures = await this.inOneSnapshot(async (tx) => {
      const sittingOf = async (group: StageGroup) => {
        const { sql, params } = sitting(group);
        return (await tx.query(sql, params.values)) as StayRow[];
      };
      // Each from the rollup its grouping needs: the totals from the coarsest one that answers.
      return {
        left: [
          ...(grouped ? await this.leftStays(tx, caller, query, query.groupBy) : []),
          ...asTotals(await this.leftStays(tx, caller, query, 'none')),
        ],
        sitting: [...(grouped ? await sittingOf(query.groupBy) : []), ...asTotals(await sittingOf('none'))],
      };
    });

    const totals = emptyStagesRow(null);
    const rows = new Map<string | null, StageDurationsRow>();
    const rowOf = (stay: StayRow) => {
      if (stay.total) return totals;
      const row = rows.get(stay.key) ?? emptyStagesRow(stay.key);
      rows.set(stay.key, row);
      return row;
    };
    for (const stay of figures.left) {
      Object.assign(rowOf(stay).completed[PASSING_STAGES.indexOf(stay.stage)], {
        count: stay.n,
        medianDays: stay.median_days,
        p75Days: stay.p75_days,
        p90Days: stay.p90_days,
      });
    }
    for (const stay of figures.sitting) {
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

  /**
   * The stays left in the period per group and stage, interpolated from the length histogram of
   * the rollup that answers the query; a group of at most `exactPercentilesUpTo` stays is computed
   * again from its stays, exactly, and that figure replaces the interpolated one.
   */
  private async leftStays(
    tx: EntityManager,
    caller: Caller,
    query: StageDurationsQuery,
    group: StageGroup,
  ): Promise<StayRow[]> {
    const source = reportSource(caller, query, group);
    const params = new SqlParams();
    const estimated: StayRow[] = await tx.query(
      leftStays(
        group,
        rollupConditions(source, caller, query, params),
        rawConditions(source, 's', 's.left_at', caller, query, params),
      ),
      params.values,
    );
    const small = estimated.filter((row) => row.n <= this.config.exactPercentilesUpTo);
    if (small.length === 0) return estimated;

    const exactParams = new SqlParams();
    const everyDay = rawConditions({ ...source, grain: null }, 's', 's.left_at', caller, query, exactParams);
    const keyed = small.filter((row) => row.key !== null);
    const keyless = small.filter((row) => row.key === null);
    const exact: StayRow[] = await tx.query(
      exactLeftStays(group, everyDay, {
        ...(keyed.length > 0 && {
          keyed: {
            pairKeys: exactParams.add(keyed.map((row) => row.key)),
            pairStages: exactParams.add(keyed.map((row) => row.stage)),
          },
        }),
        ...(keyless.length > 0 && { keylessStages: exactParams.add(keyless.map((row) => row.stage)) }),
      }),
      exactParams.values,
    );
    const exactOf = new Map(exact.map((row) => [`${row.key}|${row.stage}`, row]));
    return estimated.map((row) => exactOf.get(`${row.key}|${row.stage}`) ?? row);
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

  /**
   * Several statements that must agree: one read-only transaction, one snapshot; with memory
   * enough to aggregate a nation's histograms without spilling to disk.
   */
  private inOneSnapshot<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      await tx.query(`SET TRANSACTION READ ONLY`);
      await tx.query(`SET LOCAL work_mem = '32MB'`);
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

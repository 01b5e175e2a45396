import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/index.js';
import { CASE_STATUSES } from '../transfer-cases/index.js';
import {
  CaseStatusReport,
  CaseStatusRow,
  NeedAges,
  StatusCounts,
  type CaseStatusQuery,
} from './dto/case-status.dto.js';
import {
  assertPeriod,
  placeConditions,
  scopeCondition,
  SqlParams,
  where,
  MUNICIPALITY_PLACE,
  labelledGroups,
} from './report-scope.js';
import { rawConditions, reportSource, rollupConditions } from './report-source.js';
import { casesByStatus, openNeedsWithoutCase } from './sql/case-status.sql.js';

/**
 * The reports: read-only over every table (the one declared exception, docs/architecture.md),
 * reading their projections (report-source.ts). Every figure is an aggregate computed in Postgres;
 * Node only arranges the few rows that come back.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly db: DataSource) {}

  /**
   * Cases by status (opened in the period, of the chosen solution or theme), and open needs
   * without a case by age (place filters only: a need without a case has no solution yet, and
   * its age is its own time axis).
   */
  async caseStatus(caller: Caller, query: CaseStatusQuery): Promise<CaseStatusReport> {
    assertPeriod(query);
    const source = reportSource(caller, query, query.groupBy);
    const caseParams = new SqlParams();
    const casesSql = casesByStatus(
      query.groupBy,
      rollupConditions(source, caller, query, caseParams),
      rawConditions(source, 'c', 'c.opened_at', caller, query, caseParams),
    );
    const needParams = new SqlParams();
    const needConditions = [
      scopeCondition(caller, MUNICIPALITY_PLACE, needParams),
      ...placeConditions(query, MUNICIPALITY_PLACE, needParams),
    ];

    const [cases, needs]: [
      { key: string | null; status: string; n: number }[],
      { key: string | null; age_0_7: number; age_8_30: number; age_31_90: number; age_over_90: number }[],
    ] = await Promise.all([
      this.db.query(casesSql, caseParams.values),
      this.db.query(openNeedsWithoutCase(query.groupBy, where(needConditions)), needParams.values),
    ]);

    const rows = new Map<string | null, CaseStatusRow>();
    const rowOf = (key: string | null) => {
      let row = rows.get(key);
      if (!row) rows.set(key, (row = emptyRow(key)));
      return row;
    };
    for (const { key, status, n } of cases) {
      const row = rowOf(key);
      row.cases[status as keyof StatusCounts] = n;
      row.casesTotal += n;
    }
    for (const need of needs) {
      const ages = rowOf(need.key).openNeedsWithoutCase;
      Object.assign(ages, {
        days0to7: need.age_0_7,
        days8to30: need.age_8_30,
        days31to90: need.age_31_90,
        daysOver90: need.age_over_90,
        total: need.age_0_7 + need.age_8_30 + need.age_31_90 + need.age_over_90,
      });
    }
    const groups = await labelledGroups(this.db, query.groupBy, [...rows.values()]);
    const totals = emptyRow(null);
    for (const row of groups) {
      for (const status of CASE_STATUSES) totals.cases[status] += row.cases[status];
      totals.casesTotal += row.casesTotal;
      for (const field of ['total', 'days0to7', 'days8to30', 'days31to90', 'daysOver90'] as const) {
        totals.openNeedsWithoutCase[field] += row.openNeedsWithoutCase[field];
      }
    }
    return Object.assign(new CaseStatusReport(), {
      groupBy: query.groupBy,
      groups: query.groupBy === 'none' ? [] : groups,
      totals,
    });
  }
}

function emptyRow(key: string | null): CaseStatusRow {
  return Object.assign(new CaseStatusRow(), {
    key,
    label: null,
    cases: Object.assign(new StatusCounts(), {
      erfasst: 0,
      recherchiert: 0,
      vermittelt: 0,
      umgesetzt: 0,
      abgebrochen: 0,
    }),
    casesTotal: 0,
    openNeedsWithoutCase: Object.assign(new NeedAges(), {
      total: 0,
      days0to7: 0,
      days8to30: 0,
      days31to90: 0,
      daysOver90: 0,
    }),
  });
}

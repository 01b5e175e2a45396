import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/index.js';
import { Problems } from '../common/problems/problem.exception.js';
import { CASE_STATUSES } from '../transfer-cases/index.js';
import {
  CaseStatusReport,
  CaseStatusRow,
  NeedAges,
  StatusCounts,
  type CaseStatusQuery,
} from './dto/case-status.dto.js';
import type { ReportFilters } from './dto/report-filters.dto.js';
import { placeConditions, periodConditions, scopeCondition, SqlParams, where } from './report-scope.js';
import { casesByStatus, GROUP_COLUMNS, GROUP_LABELS, openNeedsWithoutCase } from './sql/case-status.sql.js';

const CASE_PLACE = {
  stateCode: 'c.state_code',
  regionId: 'c.region_id',
  municipalityId: 'c.municipality_id',
};
const MUNICIPALITY_PLACE = { stateCode: 'm.state_code', regionId: 'm.region_id', municipalityId: 'm.id' };

/**
 * The reports: read-only over every table (the one declared exception, docs/architecture.md).
 * Every figure is an aggregate computed in Postgres; Node only arranges the few rows that come back.
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
    const group = GROUP_COLUMNS[query.groupBy];

    const caseParams = new SqlParams();
    const caseConditions = [
      scopeCondition(caller, CASE_PLACE, caseParams),
      ...placeConditions(query, CASE_PLACE, caseParams),
      ...periodConditions(query, 'c.opened_at', caseParams),
    ];
    if (query.solutionId)
      caseConditions.push(`c.chosen_solution_id = ${caseParams.add(query.solutionId)}::uuid`);
    if (query.theme) caseConditions.push(`s.theme = ${caseParams.add(query.theme)}`);
    const needParams = new SqlParams();
    const needConditions = [
      scopeCondition(caller, MUNICIPALITY_PLACE, needParams),
      ...placeConditions(query, MUNICIPALITY_PLACE, needParams),
    ];

    const [cases, needs]: [
      { key: string | null; status: string; n: number }[],
      { key: string | null; age_0_7: number; age_8_30: number; age_31_90: number; age_over_90: number }[],
    ] = await Promise.all([
      this.db.query(
        casesByStatus(group.cases, where(caseConditions), query.theme !== undefined),
        caseParams.values,
      ),
      this.db.query(openNeedsWithoutCase(group.needs, where(needConditions)), needParams.values),
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
    const labels = await this.labels(query.groupBy, [...rows.keys()]);
    const groups = [...rows.values()]
      .map((row) => Object.assign(row, { label: row.key === null ? null : (labels.get(row.key) ?? null) }))
      .sort((a, b) => (a.label ?? '￿').localeCompare(b.label ?? '￿', 'de'));
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

  private async labels(
    groupBy: CaseStatusQuery['groupBy'],
    keys: readonly (string | null)[],
  ): Promise<Map<string, string>> {
    const present = keys.filter((key): key is string => key !== null);
    if (groupBy === 'none' || present.length === 0) return new Map();
    const rows: { key: string; label: string }[] = await this.db.query(GROUP_LABELS[groupBy], [present]);
    return new Map(rows.map((row) => [row.key, row.label]));
  }
}

/** Each date is valid alone; a period that ends before it starts is the pair's fault: 422. */
export function assertPeriod(filters: ReportFilters): void {
  if (filters.from && filters.to && filters.to < filters.from) {
    throw Problems.unprocessable(
      'inverted-period',
      `the period ends (${filters.to}) before it starts (${filters.from})`,
      [{ field: 'to', message: 'to must not be before from' }],
    );
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

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/index.js';
import type { ReportsConfig } from '../config/app-config.js';
import type { Theme } from '../solutions/index.js';
import { REPORTS_CONFIG } from './reports-config.js';
import {
  CoverageReport,
  PilotLoadRow,
  StateCoverageRow,
  UncoveredRegionRow,
  type CoverageQuery,
  type PilotRegion,
} from './dto/coverage.dto.js';
import {
  OriginLoadRow,
  SolutionDemandReport,
  SolutionDemandRow,
  TransferTeamThreshold,
  type SolutionDemandQuery,
} from './dto/solution-demand.dto.js';
import {
  assertPeriod,
  placeConditions,
  scopeCondition,
  seesEverything,
  SqlParams,
  where,
  CASE_PLACE,
  MUNICIPALITY_PLACE,
  type PlaceColumns,
} from './report-scope.js';
import { municipalitiesPerState, pilotLoad, regionsWithoutPilot } from './sql/coverage.sql.js';
import { originLoad, originTotals, solutionDemand, solutionTotals } from './sql/solution-demand.sql.js';
import { addDays } from './period-plan.js';
import { dayRange, placeOf } from './report-source.js';

// A region is no municipality: the coverage report takes no municipality filter, so that column is never used.
const REGION_PLACE = { stateCode: 'r.state_code', regionId: 'r.id', municipalityId: 'NULL::uuid' };

/**
 * Where the network's work is: demand per solution (the transfer-team signal) and what it costs
 * the solutions' origins; coverage of municipalities and regions by pilots, and the pilots' load.
 * Read-only like `ReportsService`; every figure is computed in Postgres, Node only renames.
 */
@Injectable()
export class DemandReports {
  constructor(
    private readonly db: DataSource,
    @Inject(REPORTS_CONFIG) private readonly config: ReportsConfig,
  ) {}

  /**
   * Demand per solution held by open cases, and the load on the municipalities that built them.
   * Scope, place filters and the period (on when a case was opened) select the cases; the
   * solution and theme filters select the solutions.
   */
  async solutionDemand(caller: Caller, query: SolutionDemandQuery): Promise<SolutionDemandReport> {
    assertPeriod(query);
    const threshold = { openCases: this.config.teamMinOpenCases, regions: this.config.teamMinRegions };
    // The totals answer a caller who sees every case, asking without place or period.
    const everything =
      seesEverything(caller) &&
      [query.stateCode, query.regionId, query.municipalityId, query.from, query.to].every(
        (f) => f === undefined,
      );

    const solutionParams = new SqlParams();
    const solutionsSql = everything
      ? solutionTotals(
          solutionPicked(query, 's.id', 's.theme', solutionParams),
          solutionParams.add(threshold.openCases),
          solutionParams.add(threshold.regions),
        )
      : solutionDemand(
          demandConditions(caller, query, solutionParams),
          demandCases(caller, query, 'c', solutionParams),
          solutionParams.add(threshold.openCases),
          solutionParams.add(threshold.regions),
        );
    const originParams = new SqlParams();
    const originsSql =
      everything && !query.solutionId && !query.theme
        ? originTotals()
        : originLoad(demandConditions(caller, query, originParams));

    const [solutions, origins]: [
      {
        id: string;
        slug: string;
        title: string;
        theme: Theme;
        open_cases: number;
        municipalities: number;
        regions: number;
        states: number;
        implemented_transfers: number;
        transfer_team_suggested: boolean;
        transfer_team_id: string | null;
      }[],
      {
        id: string;
        name: string;
        ags: string;
        state_code: string;
        solutions: number;
        open_cases: number;
        brokered_cases: number;
      }[],
    ] = await Promise.all([
      this.db.query(solutionsSql, solutionParams.values),
      this.db.query(originsSql, originParams.values),
    ]);

    return Object.assign(new SolutionDemandReport(query.view), {
      transferTeamThreshold: Object.assign(new TransferTeamThreshold(), threshold),
      solutions: solutions.map((row) =>
        Object.assign(new SolutionDemandRow(), {
          solutionId: row.id,
          slug: row.slug,
          title: row.title,
          theme: row.theme,
          openCases: row.open_cases,
          municipalities: row.municipalities,
          regions: row.regions,
          states: row.states,
          implementedTransfers: row.implemented_transfers,
          transferTeamSuggested: row.transfer_team_suggested,
          transferTeamId: row.transfer_team_id,
        }),
      ),
      originLoad: origins.map((row) =>
        Object.assign(new OriginLoadRow(), {
          municipalityId: row.id,
          name: row.name,
          ags: row.ags,
          stateCode: row.state_code,
          solutions: row.solutions,
          openCases: row.open_cases,
          brokeredCases: row.brokered_cases,
        }),
      ),
    });
  }

  /**
   * Coverage now: municipalities per state (and those without a region), regions without an
   * active pilot, and each active pilot's open cases. Scope and the state and region filters apply
   * to every list, on the municipality's, region's or case's own columns.
   */
  async coverage(caller: Caller, query: CoverageQuery): Promise<CoverageReport> {
    const filters = { stateCode: query.stateCode, regionId: query.regionId };
    const inView = (place: PlaceColumns, params: SqlParams) =>
      where([scopeCondition(caller, place, params), ...placeConditions(filters, place, params)]);

    const stateParams = new SqlParams();
    const statesSql = municipalitiesPerState(inView(MUNICIPALITY_PLACE, stateParams));
    const regionParams = new SqlParams();
    const regionsSql = regionsWithoutPilot(
      inView(REGION_PLACE, regionParams),
      inView(MUNICIPALITY_PLACE, regionParams),
      inView(CASE_PLACE, regionParams),
    );
    const pilotParams = new SqlParams();
    const pilotsSql = pilotLoad(inView(REGION_PLACE, pilotParams), inView(CASE_PLACE, pilotParams));

    const [states, regions, pilots]: [
      { code: string; name: string; municipalities: number; without_region: number }[],
      {
        id: string;
        code: string;
        name: string;
        state_code: string;
        municipalities: number;
        open_cases: number;
      }[],
      {
        id: string;
        name: string;
        regions: PilotRegion[];
        assigned_open_cases: number;
        unassigned_open_cases_in_regions: number;
      }[],
    ] = await Promise.all([
      this.db.query(statesSql, stateParams.values),
      this.db.query(regionsSql, regionParams.values),
      this.db.query(pilotsSql, pilotParams.values),
    ]);

    return Object.assign(new CoverageReport(query.view), {
      states: states.map((row) =>
        Object.assign(new StateCoverageRow(), {
          stateCode: row.code,
          name: row.name,
          municipalities: row.municipalities,
          municipalitiesWithoutRegion: row.without_region,
        }),
      ),
      regionsWithoutPilot: regions.map((row) =>
        Object.assign(new UncoveredRegionRow(), {
          regionId: row.id,
          code: row.code,
          name: row.name,
          stateCode: row.state_code,
          municipalities: row.municipalities,
          openCases: row.open_cases,
        }),
      ),
      pilots: pilots.map((row) =>
        Object.assign(new PilotLoadRow(), {
          userId: row.id,
          name: row.name,
          regions: row.regions,
          assignedOpenCases: row.assigned_open_cases,
          unassignedOpenCasesInRegions: row.unassigned_open_cases_in_regions,
        }),
      ),
    });
  }
}

/** The cases (alias `alias`) a caller's demand report counts: in her view, in the place filters and the period. */
function demandCases(caller: Caller, query: SolutionDemandQuery, alias: string, params: SqlParams): string {
  return where([
    scopeCondition(caller, placeOf(alias), params),
    ...placeConditions(query, placeOf(alias), params),
    ...(query.from || query.to
      ? [
          dayRange(
            `${alias}.opened_at`,
            { from: query.from ?? null, to: query.to ? addDays(query.to, 1) : null },
            params,
          ),
        ]
      : []),
  ]);
}

/** The solutions the solution and theme filters pick, by their id and theme columns. */
function solutionPicked(query: SolutionDemandQuery, id: string, theme: string, params: SqlParams): string {
  const conditions: string[] = [];
  if (query.solutionId) conditions.push(`${id} = ${params.add(query.solutionId)}::uuid`);
  if (query.theme) conditions.push(`${theme} = ${params.add(query.theme)}`);
  return where(conditions);
}

/** The demand rows (alias d): those cases, paired with the solutions the filters pick. */
function demandConditions(caller: Caller, query: SolutionDemandQuery, params: SqlParams): string {
  return where([
    demandCases(caller, query, 'd', params),
    solutionPicked(query, 'd.solution_id', 'd.theme', params),
  ]);
}

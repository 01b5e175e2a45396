import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import type { ReportTable } from '../report-csv.js';
import { ReportFilters } from './report-filters.dto.js';

/** The three lists of the report; a CSV holds one of them. */
export const COVERAGE_VIEWS = ['states', 'regions-without-pilot', 'pilots'] as const;
export type CoverageView = (typeof COVERAGE_VIEWS)[number];

/**
 * Coverage is a picture of now: no period, and no solution, theme or single municipality to narrow
 * it to (they are refused with 400 rather than ignored).
 */
export class CoverageQuery extends PickType(ReportFilters, [
  'format',
  'locale',
  'stateCode',
  'regionId',
] as const) {
  @ApiPropertyOptional({
    enum: COVERAGE_VIEWS,
    default: 'states',
    description:
      'CSV only: `states`, `regions-without-pilot` or `pilots` (one row each). JSON holds all three.',
  })
  @Optional()
  @IsIn(COVERAGE_VIEWS, { message: `view must be one of ${COVERAGE_VIEWS.join(', ')}` })
  view: CoverageView = 'states';
}

export class StateCoverageRow {
  @ApiProperty({ example: 'DE-SN' })
  stateCode: string;

  @ApiProperty({ example: 'Sachsen' })
  name: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  municipalities: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Municipalities that no region (and so no pilot) holds.',
  })
  municipalitiesWithoutRegion: number;
}

export class UncoveredRegionRow {
  @ApiProperty({ format: 'uuid' })
  regionId: string;

  @ApiProperty({ example: 'oberlausitz' })
  code: string;

  @ApiProperty({ example: 'Oberlausitz' })
  name: string;

  @ApiProperty({ example: 'DE-SN' })
  stateCode: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  municipalities: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Open cases in the region, waiting for a pilot.' })
  openCases: number;
}

export class PilotRegion {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'oberlausitz' })
  code: string;

  @ApiProperty({ example: 'Oberlausitz' })
  name: string;
}

/** A pilot as analysts may see her: id and name, never a contact field. */
export class PilotLoadRow {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ example: 'Jana Beispiel' })
  name: string;

  @ApiProperty({ type: [PilotRegion], description: 'Her regions in the caller’s view, by code.' })
  regions: PilotRegion[];

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Open cases assigned to her.' })
  assignedOpenCases: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Open cases in her regions that nobody is assigned to.',
  })
  unassignedOpenCasesInRegions: number;
}

export class CoverageReport {
  /** Which list `table()` lays out for CSV; a private field, so never part of the JSON. */
  readonly #view: CoverageView;

  constructor(view: CoverageView = 'states') {
    this.#view = view;
  }

  @ApiProperty({
    type: [StateCoverageRow],
    description: 'One per state with municipalities in view, by state code.',
  })
  states: StateCoverageRow[];

  @ApiProperty({
    type: [UncoveredRegionRow],
    description: 'Regions no active pilot is assigned to (none ever, or only deactivated ones), by code.',
  })
  regionsWithoutPilot: UncoveredRegionRow[];

  @ApiProperty({ type: [PilotLoadRow], description: 'One per active pilot with a region in view, by name.' })
  pilots: PilotLoadRow[];

  table(): ReportTable {
    switch (this.#view) {
      case 'states':
        return {
          columns: ['state_code', 'name', 'municipalities', 'municipalities_without_region'],
          rows: this.states.map((row) => [
            row.stateCode,
            row.name,
            row.municipalities,
            row.municipalitiesWithoutRegion,
          ]),
        };
      case 'regions-without-pilot':
        return {
          columns: ['region_id', 'code', 'name', 'state_code', 'municipalities', 'open_cases'],
          rows: this.regionsWithoutPilot.map((row) => [
            row.regionId,
            row.code,
            row.name,
            row.stateCode,
            row.municipalities,
            row.openCases,
          ]),
        };
      case 'pilots':
        return {
          // Region codes are slugs (no spaces), so one cell holds them space-separated.
          columns: ['user_id', 'name', 'regions', 'assigned_open_cases', 'unassigned_open_cases_in_regions'],
          rows: this.pilots.map((row) => [
            row.userId,
            row.name,
            row.regions.map((region) => region.code).join(' '),
            row.assignedOpenCases,
            row.unassignedOpenCasesInRegions,
          ]),
        };
    }
  }
}

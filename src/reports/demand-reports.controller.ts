import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, Auth, type Caller, Expensive, ROLES } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { DemandReports } from './demand-reports.js';
import { CoverageQuery, CoverageReport } from './dto/coverage.dto.js';
import { SolutionDemandQuery, SolutionDemandReport } from './dto/solution-demand.dto.js';
import { ApiReport, reportAs } from './report-output.js';

// As the status report: every role (a pilot: her regions' figures); API clients with `reports:read`, in their territory.
const READERS = { roles: ROLES, clientScope: 'reports:read' } as const;

@ApiTags('reports')
@Controller('reports')
export class DemandReportsController {
  constructor(private readonly reports: DemandReports) {}

  @Get('solution-demand')
  @Expensive()
  @Access(READERS)
  @ApiOperation({
    operationId: 'reportSolutionDemand',
    summary:
      'Demand per solution (the transfer-team signal), and the load on the municipalities that built them',
    description:
      'Per solution that an open case (not umgesetzt or abgebrochen) holds as a candidate or as the chosen ' +
      'solution: the open cases (each once), the distinct municipalities, regions and states asking, the cases ' +
      'umgesetzt with it chosen, and `transferTeamSuggested` when the open cases and their regions reach the ' +
      'configured thresholds (`REPORT_TEAM_MIN_OPEN_CASES`, default 5, in `REPORT_TEAM_MIN_REGIONS`, default 3). ' +
      'By open cases, most first, then slug. `originLoad`: per municipality that built one of those solutions, ' +
      'the open cases asking for them and the cases brokered to it (vermittelt, one of its solutions chosen). ' +
      'The period (`from`–`to`, days in Europe/Berlin) applies to when a case was opened, the place filters to the ' +
      'case; `solutionId` and `theme` select the solutions. A pilot sees her regions, an API client its ' +
      'territory. CSV with `Accept: text/csv` or `format=csv`: the solutions, or with `view=origins` the origin load.',
  })
  @ApiReport(SolutionDemandReport, 'The figures, as JSON or CSV.')
  @ApiProblems(400)
  async solutionDemand(
    @Auth() caller: Caller,
    @Query() query: SolutionDemandQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SolutionDemandReport | string> {
    const report = await this.reports.solutionDemand(caller, query);
    return reportAs(req, res, query, `solution-demand-${query.view}`, report);
  }

  @Get('coverage')
  @Expensive()
  @Access(READERS)
  @ApiOperation({
    operationId: 'reportCoverage',
    summary: 'Municipalities without a region, regions without an active pilot, and the pilots’ open cases',
    description:
      'Now, not over a period. Per state: its municipalities and those no region holds. Regions that no active ' +
      'pilot (role lotse, account active) is assigned to, with their municipalities and open cases. Per active ' +
      'pilot (id and name only, no contact fields): her regions, the open cases assigned to her and the open ' +
      'cases in her regions nobody is assigned to. `stateCode` and `regionId` narrow every list. A pilot sees ' +
      'her regions, an API client its territory. CSV with `Accept: text/csv` or `format=csv`: one list, chosen ' +
      'by `view` (`states`, `regions-without-pilot` or `pilots`).',
  })
  @ApiReport(CoverageReport, 'The figures, as JSON or CSV.')
  @ApiProblems(400)
  async coverage(
    @Auth() caller: Caller,
    @Query() query: CoverageQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CoverageReport | string> {
    const report = await this.reports.coverage(caller, query);
    return reportAs(req, res, query, `coverage-${query.view}`, report);
  }
}

import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, Auth, type Caller, Expensive, ROLES } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { FunnelReport } from './dto/funnel.dto.js';
import { ReportFilters } from './dto/report-filters.dto.js';
import { StageDurationsQuery, StageDurationsReport } from './dto/stage-durations.dto.js';
import { ApiReport, reportAs } from './report-output.js';
import { StageReports } from './stage-reports.js';

// As the other reports: every role (a pilot: her regions' figures); API clients with `reports:read`.
const READERS = { roles: ROLES, clientScope: 'reports:read' } as const;

/** The reports read from the cases' timelines: stage durations and the funnel. */
@ApiTags('reports')
@Controller('reports')
export class StageReportsController {
  constructor(private readonly reports: StageReports) {}

  @Get('stage-durations')
  @Expensive()
  @Access(READERS)
  @ApiOperation({
    operationId: 'reportStageDurations',
    summary: 'How long cases stay in each stage: stays left in the period, and cases sitting in a stage now',
    description:
      'From the cases’ timelines: a stay in a stage begins with the move into it (for erfasst the creation, or ' +
      'the opening when a case has no creation event) and ends with the next move; a step back vermittelt → ' +
      'recherchiert begins a new stay in recherchiert. `completed`: per stage (erfasst, recherchiert, ' +
      'vermittelt) the stays that ended in the period (`from`–`to`, days in Europe/Berlin): count, median, p75 ' +
      'and p90 in days (one decimal): exact (as percentile_cont) for a group of up to 100 stays (by default), for larger ' +
      'groups interpolated from a histogram of stay lengths in 5 % buckets (within a few tenths of a percent ' +
      'of the exact value in groups of thousands, never more than 5 %). `current`: the cases in that stage ' +
      'now, whatever the period: count, median, p90 and maximum of the days so far, exact. Cases of the ' +
      'chosen `solutionId` or `theme`, in the place ' +
      'filters; `groupBy` state, region or none, with totals computed over all stays. A pilot sees her ' +
      'regions, an API client its territory. CSV (`Accept: text/csv` or `format=csv`): one row per group, ' +
      'stage and kind (`completed`, `current`); the totals last, labelled `total`.',
  })
  @ApiReport(StageDurationsReport, 'The figures, as JSON or CSV.')
  @ApiProblems(400)
  async stageDurations(
    @Auth() caller: Caller,
    @Query() query: StageDurationsQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StageDurationsReport | string> {
    return reportAs(req, res, query, 'stage-durations', await this.reports.stageDurations(caller, query));
  }

  @Get('funnel')
  @Expensive()
  @Access(READERS)
  @ApiOperation({
    operationId: 'reportFunnel',
    summary: 'Cases entering each stage in the period, the conversion from stage to stage, and why cases end',
    description:
      'Per stage (erfasst, recherchiert, vermittelt, umgesetzt) the cases that entered it in the period ' +
      '(`from`–`to` on the time of the move, days in Europe/Berlin; a case re-entering a stage counts once), and ' +
      'the conversion to the next stage (entered next / entered this, three decimals; null when none entered ' +
      'this one). `abgebrochen`: the cases given up in the period, and their reasons as given (trimmed), most ' +
      'frequent first, ties by reason, the top 20. Cases of the chosen `solutionId` or `theme`, in the place ' +
      'filters; a pilot sees her regions, an API client its territory. CSV (`Accept: text/csv` or ' +
      '`format=csv`) is one table with the columns `row`, `stage`, `reason`, `count`, `conversion_to_next`: ' +
      'a `stage` row per stage, one for abgebrochen, then a `reason` row per reason.',
  })
  @ApiReport(FunnelReport, 'The figures, as JSON or CSV.')
  @ApiProblems(400)
  async funnel(
    @Auth() caller: Caller,
    @Query() query: ReportFilters,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FunnelReport | string> {
    return reportAs(req, res, query, 'funnel', await this.reports.funnel(caller, query));
  }
}

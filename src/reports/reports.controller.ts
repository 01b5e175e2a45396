import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, Auth, type Caller, Expensive, ROLES } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { CaseStatusQuery, CaseStatusReport } from './dto/case-status.dto.js';
import { ApiReport, reportAs } from './report-output.js';
import { ReportsService } from './reports.service.js';

// Every role (a pilot: her regions' figures); API clients with `reports:read`, in their territory.
const READERS = { roles: ROLES, clientScope: 'reports:read' } as const;

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('case-status')
  @Expensive()
  @Access(READERS)
  @ApiOperation({
    operationId: 'reportCaseStatus',
    summary: 'Cases by status, and open needs without a case by age, per state, region or municipality',
    description:
      'Cases opened in the period (`from`–`to`, days in Europe/Berlin), of the chosen `solutionId` or `theme`, ' +
      'counted per status; `groupBy` state, region, municipality or none, with totals. Open needs that no case ' +
      'follows yet, by days since captured (0–7, 8–30, 31–90, over 90), take the place filters only. A pilot ' +
      'sees her regions, an API client its territory. CSV with `Accept: text/csv` or `format=csv`.',
  })
  @ApiReport(CaseStatusReport, 'The figures, as JSON or CSV.')
  @ApiProblems(400)
  async caseStatus(
    @Auth() caller: Caller,
    @Query() query: CaseStatusQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseStatusReport | string> {
    return reportAs(req, res, query, 'case-status', await this.reports.caseStatus(caller, query));
  }
}

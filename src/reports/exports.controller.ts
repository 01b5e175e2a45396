import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Auth, type Caller, Expensive, ROLES } from '../auth/index.js';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { CaseExport } from './case-export.js';
import { CaseExportQuery } from './dto/case-export.query.js';
import { CASE_EXPORT_COLUMNS } from './sql/case-export.sql.js';

// As the reports: every role (a pilot: her regions' cases), API clients with `reports:read`.
const READERS = { roles: ROLES, clientScope: 'reports:read' } as const;

const DESCRIPTION =
  'Every case the filters select (period on when it was opened, Berlin days), ordered by opening, streamed ' +
  'from a database cursor: memory stays flat for a million cases. Columns: ' +
  CASE_EXPORT_COLUMNS.map((c) => `\`${c}\``).join(', ') +
  '. No personal contact field. A pilot gets her regions, an API client its territory. If the export breaks ' +
  'off after it started, the connection is cut (the transfer is visibly incomplete; retry).';

@ApiTags('reports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: CaseExport) {}

  @Get('transfer-cases.csv')
  @Expensive()
  @Access(READERS)
  @ApiOperation({
    operationId: 'exportTransferCasesCsv',
    summary: 'All matching transfer cases as CSV, streamed',
    description: `${DESCRIPTION} UTF-8 with BOM, a header row; \`locale=de\` separates with \`;\`.`,
  })
  @ApiOkResponse({
    description: 'The cases, one row each.',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiProblems(400)
  async csv(@Auth() caller: Caller, @Query() query: CaseExportQuery, @Res() res: Response): Promise<void> {
    await this.exports.stream(caller, query, 'csv', res);
  }

  @Get('transfer-cases.jsonl')
  @Expensive()
  @Access(READERS)
  @ApiOperation({
    operationId: 'exportTransferCasesJsonLines',
    summary: 'All matching transfer cases as JSON Lines, streamed',
    description: `${DESCRIPTION} One JSON object per line, keys as the CSV's columns.`,
  })
  @ApiOkResponse({
    description: 'The cases, one JSON object per line.',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiProblems(400)
  async jsonl(@Auth() caller: Caller, @Query() query: CaseExportQuery, @Res() res: Response): Promise<void> {
    await this.exports.stream(caller, query, 'jsonl', res);
  }
}

import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ReportOutput } from './dto/report-filters.dto.js';
import { toCsv, type ReportTable } from './report-csv.js';

/** A report's JSON body that can also be laid out as a table. */
export interface Tabular {
  table(): ReportTable;
}

/** JSON by default; CSV for `?format=csv` or an `Accept` that prefers `text/csv`. */
export function wantsCsv(req: Request, output: ReportOutput): boolean {
  if (output.format) return output.format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/**
 * Sends the report as asked: the object itself (JSON, through Nest), or its table as CSV with a
 * file name, so a browser or `curl -OJ` saves `case-status.csv`.
 */
export function reportAs<T extends Tabular>(
  req: Request,
  res: Response,
  output: ReportOutput,
  name: string,
  report: T,
): T | string {
  if (!wantsCsv(req, output)) return report;
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  return toCsv(report.table(), output.locale);
}

/** 200 as JSON (the report's schema) or as CSV. */
export function ApiReport(type: new () => Tabular, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/csv': {
          schema: { type: 'string', description: 'The same figures, one row per group, with a header row.' },
        },
      },
    }),
  );
}

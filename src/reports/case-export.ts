import { Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { allowSilence } from '../common/persistence/unresponsive-server.js';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/index.js';
import type { CaseExportQuery } from './dto/case-export.query.js';
import { neutralised } from './report-csv.js';
import { assertPeriod, periodConditions, SqlParams, where, caseConditions } from './report-scope.js';
import { CASE_EXPORT_COLUMNS, caseExport } from './sql/case-export.sql.js';

/** Rows fetched per round trip: enough to keep the socket busy, few enough to keep memory flat. */
const BATCH = 500;

export type ExportFormat = 'csv' | 'jsonl';

/**
 * Every case the filters select, streamed from a database cursor to the response with
 * back-pressure (pipeline), so memory stays flat whatever the number of cases. Once the first
 * bytes are out the status cannot change: a failure then cuts the connection, so the client sees
 * a broken transfer instead of a file that merely looks complete.
 */
@Injectable()
export class CaseExport {
  private readonly logger = new Logger('CaseExport');

  constructor(private readonly db: DataSource) {}

  async stream(caller: Caller, query: CaseExportQuery, format: ExportFormat, res: Response): Promise<void> {
    assertPeriod(query);
    const params = new SqlParams();
    const conditions = [
      ...caseConditions(caller, query, params),
      ...periodConditions(query, 'c.opened_at', params),
    ];
    if (query.status) conditions.push(`c.status = ${params.add(query.status)}`);

    // A cursor lives in one connection: taken from the application's pool and given back at the end.
    // TypeORM's Postgres driver keeps its pg Pool as `master`; its Driver type does not say so.
    const pool = (this.db.driver as unknown as { master: pg.Pool }).master;
    const client = await pool.connect();
    let broken: Error | undefined;
    // An export of every case may run longer than a request's statement timeout, and waits on its
    // reader between batches; both limits are restored before the connection goes back.
    try {
      await client.query('SET statement_timeout = 0');
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    const restoreSilence = allowSilence(client);
    const rows = client.query(
      new QueryStream(caseExport(where(conditions)), params.values, { batchSize: BATCH }),
    );
    // A lost connection is reported by the client (as an event, which unheard would crash the
    // process), and the cursor's stream then never finishes (closing it waits for a server that is
    // gone): so the export waits for the pipeline or for the loss, whichever comes first.
    let lose: (error: Error) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => (lose = reject));
    const onLost = (error?: Error) => {
      broken ??= error ?? new Error('database connection ended during the export');
      lose(broken);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    try {
      res.status(200);
      if (format === 'csv') {
        res.type('text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="transfer-cases.csv"');
      } else {
        res.type('application/x-ndjson');
        res.setHeader('Content-Disposition', 'attachment; filename="transfer-cases.jsonl"');
      }
      await Promise.race([
        pipeline(rows, format === 'csv' ? csvRows(query.locale === 'de' ? ';' : ',') : jsonLines(), res),
        lost,
      ]);
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      if (!res.headersSent) throw error;
      this.logger.error({ err: error }, 'case export broke off after it had started');
      res.destroy(broken);
    } finally {
      client.off('error', onLost);
      client.off('end', onLost);
      restoreSilence();
      if (!broken) await client.query('RESET statement_timeout').catch((error: Error) => (broken = error));
      // A connection whose cursor broke off is not handed to the next request.
      client.release(broken);
    }
  }
}

function csvRows(delimiter: string): Transform {
  return stringify({
    bom: true,
    header: true,
    columns: [...CASE_EXPORT_COLUMNS],
    delimiter,
    record_delimiter: '\r\n',
    cast: { string: neutralised },
  });
}

function jsonLines(): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(row: Record<string, unknown>, _encoding, done) {
      done(null, `${JSON.stringify(row)}\n`);
    },
  });
}

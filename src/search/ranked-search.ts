import type { DataSource } from 'typeorm';
import { encodeCursor } from '../common/pagination/cursor.js';
import type { PageQuery } from '../common/pagination/page-query.dto.js';
import { decodeCursorParam } from '../common/pagination/page.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SCORE = /^\d{1,6}(\.\d{1,6})?$/;

/** Collects SQL parameters and hands out their `$n` placeholders. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface RankedSearchSpec {
  /** `FROM` clause, e.g. `solutions s`; the searched table's alias must be `d`. */
  from: string;
  /** Extra `AND` conditions (filters), written with placeholders from `params`. */
  filters: string[];
  params: SqlParams;
}

export interface RankedIds {
  ids: string[];
  nextCursor: string | null;
}

/**
 * One page of ids of documents (alias `d`, with a `search_vector`) matching a German query, best
 * first. The query is first turned into a tsquery once (`fuzzy_tsquery`: stems, compound
 * prefixes, close stems of the lexicon for typos and compound parts); documents are then found
 * through the GIN index on their tsvector and ranked by the weighted text rank (title counts
 * most). Ties are broken by id, and the score is rounded so it survives a cursor exactly.
 */
export async function rankedIds(
  db: DataSource,
  spec: RankedSearchSpec,
  query: string,
  page: PageQuery,
  scope: string,
): Promise<RankedIds> {
  const [{ tsquery }]: { tsquery: string }[] = await db.query('SELECT fuzzy_tsquery($1)::text AS tsquery', [
    query,
  ]);
  // Only stop words: nothing can match, and an empty tsquery would only raise notices.
  if (tsquery === '') return { ids: [], nextCursor: null };

  const { params } = spec;
  const q = `${params.add(tsquery)}::tsquery`;
  let after = '';
  if (page.cursor !== undefined) {
    const [lastScore, lastId] = decodeSearchCursor(page.cursor, scope);
    const s = params.add(lastScore);
    const id = params.add(lastId);
    after = `WHERE ranked.score < ${s}::numeric OR (ranked.score = ${s}::numeric AND ranked.id > ${id}::uuid)`;
  }
  const limit = params.add(page.limit + 1);

  const rows: { id: string; score: string }[] = await db.query(
    `SELECT ranked.id, ranked.score FROM (
       SELECT d.id, round(ts_rank(d.search_vector, ${q})::numeric, 6) AS score
       FROM ${spec.from}
       WHERE ${[`d.search_vector @@ ${q}`, ...spec.filters].join(' AND ')}
     ) ranked
     ${after}
     ORDER BY ranked.score DESC, ranked.id
     LIMIT ${limit}`,
    params.values,
  );
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    ids: items.map((row) => row.id),
    nextCursor: rows.length > page.limit ? encodeCursor([last.score, last.id], scope) : null,
  };
}

function decodeSearchCursor(raw: string, scope: string): [string, string] {
  const [score, id] = decodeCursorParam(raw, scope, [SCORE, UUID]);
  return [String(score), String(id)];
}

/** Puts loaded rows back into the order of the ids. */
export function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is T => row !== undefined);
}

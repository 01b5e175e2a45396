import type { DataSource } from 'typeorm';
import { encodeCursor } from '../common/pagination/cursor.js';
import type { PageQuery } from '../common/pagination/page-query.dto.js';
import { decodeCursorParam } from '../common/pagination/page.js';
import { isShortQuery } from './search-query.js';

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
 * One page of ids of documents (alias `d`, with `search_vector` and `search_text`) matching a
 * German query, best first. A document matches when its stemmed words match a query word or its
 * prefix, or — for short queries — when a query word is close to one of its words by trigrams
 * (typos, parts of compounds). Relevance: the weighted text rank (title counts most) plus the
 * trigram closeness. Both conditions are index lookups (GIN); ties are broken by id, and the
 * score is rounded so it survives the trip through a cursor exactly.
 */
export async function rankedIds(
  db: DataSource,
  spec: RankedSearchSpec,
  query: string,
  page: PageQuery,
  scope: string,
): Promise<RankedIds> {
  const { params } = spec;
  const q = params.add(query);
  const short = isShortQuery(query);
  const match = short
    ? `(d.search_vector @@ search_tsquery(${q}) OR fold_de(${q}) <% d.search_text)`
    : `d.search_vector @@ search_tsquery(${q})`;
  const score = short
    ? `round((ts_rank(d.search_vector, search_tsquery(${q})) + 0.5 * word_similarity(fold_de(${q}), d.search_text))::numeric, 6)`
    : `round(ts_rank(d.search_vector, search_tsquery(${q}))::numeric, 6)`;

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
       SELECT d.id, ${score} AS score
       FROM ${spec.from}
       WHERE ${[match, ...spec.filters].join(' AND ')}
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

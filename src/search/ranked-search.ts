import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { encodeCursor } from '../common/pagination/cursor.js';
import { preparedSql } from '../common/persistence/prepared-statements.js';
import type { PageQuery } from '../common/pagination/page-query.dto.js';
import {
  decodeCursorParam,
  readRowsWith,
  type ExtraColumns,
  type Page,
  type RowWith,
} from '../common/pagination/page.js';
import { UUID_PATTERN } from '../common/validation/patterns.js';

const SCORE = /^\d{1,6}(\.\d{1,6})?$/;

/**
 * One page of the documents a query builder selects (with its filters already applied; the
 * entity has a `search_vector`) that match a German query, best first. The query is turned into
 * a tsquery once (`fuzzy_tsquery`: stems, compound prefixes, close stems of the lexicon for typos
 * and compound parts); documents are then found through the GIN index on their tsvector and
 * ranked by the weighted text rank (title counts most). Ties are broken by id, and the score is
 * rounded so it survives a cursor exactly. `extras`: columns read beside each row (`readRowsWith`).
 */
export async function rankedPage<Row extends ObjectLiteral & { id: string }, Extra extends object = object>(
  qb: SelectQueryBuilder<Row>,
  query: string,
  page: PageQuery,
  scope: string,
  extras = {} as ExtraColumns<Extra>,
): Promise<Page<RowWith<Row, Extra>>> {
  const tsquery = await fuzzyTsquery(qb.connection, query);
  // Only stop words: nothing can match, and an empty tsquery would only raise notices.
  if (tsquery === '') return { items: [], nextCursor: null };

  const alias = qb.alias;
  const score = `round(ts_rank(${alias}.search_vector, CAST(:searchQuery AS tsquery))::numeric, 6)`;
  qb.andWhere(`${alias}.search_vector @@ CAST(:searchQuery AS tsquery)`, { searchQuery: tsquery });
  if (page.cursor !== undefined) {
    const [lastScore, lastId] = decodeCursorParam(page.cursor, scope, [SCORE, UUID_PATTERN]);
    qb.andWhere(
      `(${score} < CAST(:lastScore AS numeric) OR (${score} = CAST(:lastScore AS numeric) AND ${alias}.id > :lastId))`,
      { lastScore, lastId },
    );
  }
  const rows = await readRowsWith<Row, Extra & { score: string }>(
    qb
      .orderBy('score', 'DESC')
      .addOrderBy(`${alias}.id`, 'ASC')
      .limit(page.limit + 1),
    { ...extras, score },
  );
  const items = rows.slice(0, page.limit);
  const last = rows[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit ? encodeCursor([last.extra.score, last.row.id], scope) : null,
  };
}

const FUZZY_TSQUERY = preparedSql('SELECT fuzzy_tsquery($1)::text AS tsquery');

/** Puts loaded rows back into the order of the ids. */
export function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is T => row !== undefined);
}

/**
 * A user's words as the tsquery documents are matched with (stems, compound prefixes, close
 * stems of the lexicon). Evaluated once per request and passed on as a constant, so the lookup
 * that uses it can go through the index. Empty when the text has only stop words.
 */
export async function fuzzyTsquery(
  db: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  text: string,
) {
  const [{ tsquery }] = (await db.query(FUZZY_TSQUERY, [text])) as {
    tsquery: string;
  }[];
  return tsquery;
}

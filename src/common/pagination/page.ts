import { Type as ClassType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { prepared } from '../persistence/prepared-statements.js';
import { Problems } from '../problems/problem.exception.js';
import { decodeCursor, encodeCursor, InvalidCursorError, type CursorKey, type KeyShape } from './cursor.js';
import type { PageQuery } from './page-query.dto.js';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** OpenAPI schema for `{ items: T[], nextCursor }`, one named class per item type. */
export function PageOf<T>(item: ClassType<T>): ClassType<Page<T>> {
  class PageOfItem implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Cursor of the next page; null on the last page.',
    })
    nextCursor: string | null;
  }
  Object.defineProperty(PageOfItem, 'name', { value: `${item.name}Page` });
  return PageOfItem;
}

export interface KeysetOrder<Row> {
  /** Fully qualified sort columns; together they must be unique (end with a unique column). */
  columns: readonly string[];
  shape: KeyShape;
  keyOf(row: Row): CursorKey;
  /** One direction for all columns, so a row comparison can seek the index; default ASC. */
  direction?: 'ASC' | 'DESC';
}

/**
 * Runs one keyset page on a query builder: `WHERE (sort columns) > (cursor key)` in index
 * order, fetching one row more than asked to learn whether another page follows. No OFFSET,
 * so page 1000 costs what page 1 costs.
 */
export async function keysetPage<Row extends ObjectLiteral>(
  qb: SelectQueryBuilder<Row>,
  order: KeysetOrder<Row>,
  page: PageQuery,
  scope: string,
): Promise<Page<Row>>;
/** As above, with rows read by `read` (e.g. entities with columns the select adds), not `readRows`. */
export async function keysetPage<Row extends ObjectLiteral, Item>(
  qb: SelectQueryBuilder<Row>,
  order: KeysetOrder<Item>,
  page: PageQuery,
  scope: string,
  read: (qb: SelectQueryBuilder<Row>) => Promise<Item[]>,
): Promise<Page<Item>>;
export async function keysetPage<Row extends ObjectLiteral>(
  qb: SelectQueryBuilder<Row>,
  order: KeysetOrder<unknown>,
  page: PageQuery,
  scope: string,
  read: (qb: SelectQueryBuilder<Row>) => Promise<unknown[]> = readRows,
): Promise<Page<unknown>> {
  if (page.cursor !== undefined) {
    const key = decodeCursorParam(page.cursor, scope, order.shape);
    const params = Object.fromEntries(key.map((value, i) => [`cursor${i}`, value]));
    const placeholders = key.map((_, i) => `:cursor${i}`).join(', ');
    const comparison = order.direction === 'DESC' ? '<' : '>';
    qb.andWhere(`(${order.columns.join(', ')}) ${comparison} (${placeholders})`, params);
  }
  const direction = order.direction ?? 'ASC';
  order.columns.forEach((column, i) =>
    i === 0 ? qb.orderBy(column, direction) : qb.addOrderBy(column, direction),
  );
  const rows = await read(qb.limit(page.limit + 1));
  const items = rows.slice(0, page.limit);
  const hasMore = rows.length > page.limit;
  return {
    items,
    nextCursor: hasMore ? encodeCursor(order.keyOf(items[items.length - 1]), scope) : null,
  };
}

/** Decodes `?cursor=`, answering a bad one with a 400 naming the parameter. */
export function decodeCursorParam(raw: string, scope: string, shape: KeyShape, field = 'cursor'): CursorKey {
  try {
    return decodeCursor(raw, scope, shape);
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw Problems.validation([{ field, message: `${field} ${error.reason}` }]);
    throw error;
  }
}

/** A page of entities as a page of responses, each mapped by its module's one mapping (`XResponse.from`). */
export function mapPage<T, R>(page: Page<T>, map: (item: T) => R): Page<R> {
  return { items: page.items.map((item) => map(item)), nextCursor: page.nextCursor };
}

/**
 * The entities' column types whose values pg returns as TypeORM would hydrate them (not `real`,
 * which TypeORM parses itself). `date` is read as text: pg makes a Date of it, TypeORM a
 * 'YYYY-MM-DD' string. A type added here needs a column in test/read-rows.e2e-spec.ts's comparison.
 */
const PLAIN_TYPES = new Set([
  'uuid',
  'varchar',
  'char',
  'text',
  'integer',
  'smallint',
  'bigint',
  'numeric',
  'boolean',
  'timestamptz',
  'jsonb',
  'date',
]);
const PLAIN_ARRAY_TYPES = new Set(['varchar', 'text']);

const isPlain = (column: ColumnMetadata) =>
  !column.transformer &&
  !column.embeddedMetadata &&
  typeof column.type === 'string' &&
  (column.isArray ? PLAIN_ARRAY_TYPES.has(column.type) : PLAIN_TYPES.has(column.type));

/** Per entity: its selected columns when every one is plain, else null. */
const plainColumns = new WeakMap<EntityMetadata, ColumnMetadata[] | null>();

/** The SQL of each extra column a list reads beside its entity, by the name it is read under. */
export type ExtraColumns<Extra> = { readonly [K in keyof Extra]: string };

/** A row with the extra columns read beside it (as pg returns them: numeric and bigint as text). */
export interface RowWith<Row, Extra> {
  row: Row;
  extra: Extra;
}

/**
 * The rows of a query that selects one entity and nothing else, as plain objects with the
 * entity's properties. TypeORM's hydration (a transformer pass over every row and column) was the
 * largest cost of a list page in the profile (docs/performance.md); selecting each column under
 * its property name gives the same values straight from pg. Anything else — joins, added
 * selections, columns with transformers or types pg returns differently — is read by `getMany`.
 */
export async function readRows<Row extends ObjectLiteral>(qb: SelectQueryBuilder<Row>): Promise<Row[]> {
  const columns = selectPlain(prepared(qb));
  if (columns === null) return qb.getMany();
  return qb.getRawMany<Row>();
}

/**
 * As `readRows`, with columns of other modules' tables read in the same statement (their names,
 * say, as scalar subqueries they supply): one round trip per page instead of one more per kind of
 * name. A query `readRows` leaves to hydration (a joined relation) is read by
 * `getRawAndEntities`, each entity with the extras of its first raw row.
 */
export async function readRowsWith<Row extends ObjectLiteral, Extra extends object>(
  qb: SelectQueryBuilder<Row>,
  extras: ExtraColumns<Extra>,
): Promise<RowWith<Row, Extra>[]> {
  const names = Object.keys(extras) as (keyof Extra & string)[];
  const columns = selectPlain(prepared(qb));
  for (const name of names) qb.addSelect(extras[name], name);
  const extraOf = (raw: Record<string, unknown>) => {
    const extra: Record<string, unknown> = {};
    for (const name of names) extra[name] = raw[name];
    return extra as Extra;
  };
  if (columns !== null) {
    const clash = columns.find((column) => (names as string[]).includes(column.propertyName));
    if (clash) throw new Error(`extra column ${clash.propertyName} would hide the entity's own`);
    const raws = await qb.getRawMany<Record<string, unknown>>();
    return raws.map((raw) => {
      const row: Record<string, unknown> = {};
      for (const column of columns) row[column.propertyName] = raw[column.propertyName];
      return { row: row as Row, extra: extraOf(raw) };
    });
  }
  const main = qb.expressionMap.mainAlias!;
  const [primary] = main.metadata.primaryColumns;
  const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
  const firstRaw = new Map<unknown, Record<string, unknown>>();
  for (const r of raw) {
    const id = r[`${main.name}_${primary.databaseName}`];
    if (!firstRaw.has(id)) firstRaw.set(id, r);
  }
  return entities.map((row) => ({
    row,
    extra: extraOf(firstRaw.get(primary.getEntityValue(row)) ?? {}),
  }));
}

/**
 * When the query selects one entity and nothing else and every column is plain: selects each
 * column under its property name and returns the columns; else leaves the query alone, null.
 */
function selectPlain<Row extends ObjectLiteral>(qb: SelectQueryBuilder<Row>): ColumnMetadata[] | null {
  const map = qb.expressionMap;
  const main = map.mainAlias;
  const onlyTheEntity =
    main?.hasMetadata &&
    map.selects.length === 1 &&
    map.selects[0].selection === main.name &&
    map.joinAttributes.length === 0 &&
    map.relationIdAttributes.length === 0;
  if (!onlyTheEntity) return null;
  const metadata = main.metadata;
  let columns = plainColumns.get(metadata);
  if (columns === undefined) {
    const selected = metadata.columns.filter((column) => column.isSelect && !column.isVirtual);
    columns = selected.every(isPlain) ? selected : null;
    plainColumns.set(metadata, columns);
  }
  if (columns === null) return null;
  const alias = qb.escape(main.name);
  columns.forEach((column, i) => {
    const value = `${alias}.${qb.escape(column.databaseName)}`;
    const selection = column.type === 'date' ? `${value}::text` : value;
    if (i === 0) qb.select(selection, column.propertyName);
    else qb.addSelect(selection, column.propertyName);
  });
  return columns;
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  ActorNames,
  assertMayWriteAt,
  namedActor,
  type Actor,
  type ActorColumns,
  type Caller,
} from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import {
  keysetPage,
  mapPage,
  readRowsWith,
  type ExtraColumns,
  type Page,
  type RowWith,
} from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import { MunicipalityPlaces, type MunicipalityPlace } from '../municipalities/index.js';
import {
  updateOf,
  WritePath,
  type ChangeInput,
  type ChangePlace,
  type WriteSession,
} from '../platform/index.js';
import { inOrder, rankedPage, withoutFiller } from '../search/index.js';
import type { CloseNeedDto } from './dto/close-need.dto.js';
import type { CreateNeedDto } from './dto/create-need.dto.js';
import type { NeedListQuery } from './dto/need-list.query.js';
import type { UpdateNeedDto } from './dto/update-need.dto.js';
import type { Urgency } from './need-enums.js';
import { NEED_RECORDS } from './need-records.js';
import { Need } from './need.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { fitOfJson, NeedFits, type NeedFit, type NeedFitJson } from './suggestions/need-fits.js';

/** A new need of a bulk write, with its id chosen up front and its municipality's place checked. */
export interface NeedDraft {
  id: string;
  place: MunicipalityPlace;
  title: string;
  description?: string;
  topics?: string[];
  urgency?: Urgency;
  capturedAt: Date;
}

/** The fields a bulk write sets on an existing need (absent ones stay). */
export interface NeedPatch {
  id: string;
  place: MunicipalityPlace;
  title?: string;
  description?: string;
  topics?: string[];
  urgency?: Urgency;
}

/** What a page of needs reads beside each need. */
interface NeedExtras {
  capturedByName: string | null;
  fit: NeedFitJson | null;
}

/** A need as its pages show it: with the name of whoever captured it and its fit. */
export interface NeedView {
  need: Need;
  capturedBy: Actor | null;
  /** How well the catalogue answers it; null only for a need written before its fit row existed. */
  fit: NeedFit | null;
}

@Injectable()
export class NeedsService {
  private readonly filters: ListFilters<NeedListQuery>;
  /**
   * Who captured each need and its fit, read in the statement of the needs it is read with, as
   * subqueries auth/ and the fit judgement supply.
   */
  private readonly extras: ExtraColumns<NeedExtras>;

  constructor(
    @InjectRepository(Need) private readonly needs: Repository<Need>,
    private readonly writes: WritePath,
    private readonly places: MunicipalityPlaces,
    actors: ActorNames,
    fits: NeedFits,
  ) {
    this.extras = {
      capturedByName: actors.nameSql('n.captured_by_user_id', 'n.captured_by_client_id'),
      fit: fits.fitSql('n.id'),
    };
    this.filters = {
      municipalityId: 'n.municipality_id = :municipalityId',
      regionId: `n.municipality_id IN (${places.idsInRegionSql(':regionId')})`,
      stateCode: `n.municipality_id IN (${places.idsInStateSql(':stateCode')})`,
      status: 'n.status = :status',
      urgency: 'n.urgency = :urgency',
      source: 'n.source = :source',
      topic: 'n.topics @> ARRAY[:topic]::text[]',
      bestFit: fits.filterSql(),
    };
  }

  /** `within`: more work for the creating transaction (an integration links its external id there). */
  async create(
    caller: Caller,
    dto: CreateNeedDto,
    within?: (tx: EntityManager, needId: string) => Promise<void>,
  ): Promise<NeedView> {
    const municipality = await this.placeOf(dto.municipalityId);
    assertMayWriteAt(caller, municipality);
    const capturedAt = dto.capturedAt === undefined ? new Date() : new Date(dto.capturedAt);
    if (capturedAt.getTime() > Date.now()) {
      throw Problems.validation([{ field: 'capturedAt', message: 'capturedAt must not be in the future' }]);
    }
    const need = await this.writes.create(
      NEED_RECORDS,
      caller,
      async ({ tx }) => {
        const { identifiers } = await tx
          .withRepository(this.needs)
          .insert(newNeedRow(caller, { ...dto, municipalityId: municipality.id, capturedAt }));
        const id = identifiers[0].id as string;
        await within?.(tx, id);
        return id;
      },
      { action: 'created', data: { municipalityId: municipality.id }, place: placeOfChange(municipality) },
    );
    return this.view(need.id);
  }

  async get(id: string, tx?: EntityManager): Promise<Need> {
    const need = await this.find(id, tx);
    if (!need) throw Problems.notFound('need', id);
    return need;
  }

  /** Many needs by id, one query (missing ones left out). */
  async findMany(ids: readonly string[]): Promise<Map<string, Need>> {
    if (ids.length === 0) return new Map();
    return new Map((await this.needs.findBy({ id: In([...ids]) })).map((need) => [need.id, need]));
  }

  find(id: string, tx?: EntityManager): Promise<Need | null> {
    return inTransaction(this.needs, tx).findOneBy({ id });
  }

  async view(id: string): Promise<NeedView> {
    const [view] = await this.views(this.needs.createQueryBuilder('n').where('n.id = :id', { id }));
    if (!view) throw Problems.notFound('need', id);
    return view;
  }

  /**
   * The title of the need whose id is in `column`, as a scalar subquery for another module's select
   * list: a page of cases names its needs in its own query, and only this module writes SQL on `needs`.
   */
  titleSql(column: string): string {
    return `(SELECT n.title FROM needs n WHERE n.id = ${column})`;
  }

  /** Ranked by relevance with `q`, else newest first. */
  async list(query: NeedListQuery): Promise<Page<NeedView>> {
    const qb = this.needs.createQueryBuilder('n');
    const filters = applyListFilters(qb, query, this.filters);
    const scope = cursorScope('needs', { ...filters, q: query.q });
    const page =
      query.q !== undefined
        ? await rankedPage(qb, query.q, query, scope, this.extras)
        : await keysetPage(
            qb,
            {
              columns: ['n.captured_at', 'n.id'],
              shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
              keyOf: ({ row: n }: RowWith<Need, NeedExtras>) => [n.capturedAt.toISOString(), n.id],
              direction: 'DESC',
            },
            query,
            scope,
            (rows) => readRowsWith(rows, this.extras),
          );
    return mapPage(page, viewOfRow);
  }

  /** The needs a query selects (alias `n`) as their pages show them, in one statement. */
  private async views(qb: SelectQueryBuilder<Need>): Promise<NeedView[]> {
    return (await readRowsWith(qb, this.extras)).map(viewOfRow);
  }

  /**
   * Many needs in one transaction and a handful of statements (a state system's batch): new ones
   * in one insert, changed ones in one update that counts their versions up, one change record
   * each in one more insert; unchanged ones record nothing. The caller has checked territory and
   * references; `within` runs last in the same transaction (the batch's external ids).
   */
  async bulkWrite(
    caller: Caller,
    creates: readonly NeedDraft[],
    patches: readonly NeedPatch[],
    within: (tx: EntityManager) => Promise<void>,
  ): Promise<Map<string, 'created' | 'updated' | 'unchanged'>> {
    return this.writes.run(caller, async (session) => {
      const { tx } = session;
      const outcome = new Map<string, 'created' | 'updated' | 'unchanged'>();
      if (creates.length > 0) {
        await tx.withRepository(this.needs).insert(
          creates.map((draft) => ({
            id: draft.id,
            ...newNeedRow(caller, { ...draft, municipalityId: draft.place.id }),
          })),
        );
        for (const draft of creates) outcome.set(draft.id, 'created');
      }
      const current = new Map(
        patches.length === 0
          ? []
          : (
              await tx
                .withRepository(this.needs)
                .createQueryBuilder('n')
                .setLock('pessimistic_write')
                .where('n.id IN (:...ids)', { ids: patches.map((p) => p.id) })
                .orderBy('n.id')
                .getMany()
            ).map((need) => [need.id, need]),
      );
      const changed = patches.flatMap((patch) => {
        const need = current.get(patch.id);
        if (!need) throw Problems.notFound('need', patch.id);
        const change = updateOf(need, {
          title: patch.title?.trim(),
          description: patch.description,
          topics: patch.topics,
          urgency: patch.urgency,
        });
        outcome.set(patch.id, change ? 'updated' : 'unchanged');
        return change ? [{ patch, change, need }] : [];
      });
      const versions = new Map<string, number>();
      if (changed.length > 0) {
        // One statement for every changed need: each row takes the fields its patch changes.
        // TypeORM answers an UPDATE … RETURNING with [rows, count].
        const [rows]: [{ id: string; version: number }[], number] = await tx.query(
          `UPDATE needs n SET
             title = CASE WHEN v.fields ? 'title' THEN v.title ELSE n.title END,
             description = CASE WHEN v.fields ? 'description' THEN v.description ELSE n.description END,
             topics = CASE WHEN v.fields ? 'topics' THEN v.topics ELSE n.topics END,
             urgency = CASE WHEN v.fields ? 'urgency' THEN v.urgency ELSE n.urgency END,
             version = n.version + 1,
             updated_at = date_trunc('milliseconds', now())
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, fields jsonb, title text, description text, topics text[], urgency text)
           WHERE n.id = v.id
           RETURNING n.id, n.version`,
          [
            JSON.stringify(
              changed.map(({ patch, change }) => ({
                ...change.set,
                id: patch.id,
                fields: Object.keys(change.set ?? {}),
              })),
            ),
          ],
        );
        for (const row of rows) versions.set(row.id, row.version);
      }
      await session.recordedMany(NEED_RECORDS, [
        ...creates.map((draft) => ({
          id: draft.id,
          version: 1,
          action: 'created',
          data: { municipalityId: draft.place.id },
          place: placeOfChange(draft.place),
        })),
        ...changed.map(({ patch, change }) => ({
          id: patch.id,
          version: versions.get(patch.id) ?? 0,
          action: change.action,
          data: change.data,
          place: placeOfChange(patch.place),
        })),
      ]);
      await within(tx);
      return outcome;
    });
  }

  /** Absent fields stay; a request that repeats what is stored changes nothing. */
  async update(caller: Caller, id: string, dto: UpdateNeedDto): Promise<NeedView> {
    return this.edit(caller, id, (need) =>
      updateOf(need, {
        title: dto.title?.trim(),
        description: dto.description,
        topics: dto.topics,
        urgency: dto.urgency,
      }),
    );
  }

  async close(caller: Caller, id: string, dto: CloseNeedDto): Promise<NeedView> {
    return this.edit(caller, id, (need) => {
      if (need.status === 'closed') throw Problems.conflict('need-closed', `need ${id} is already closed`);
      if (need.status === 'solved')
        throw Problems.conflict('need-solved', `need ${id} is solved by its transfer case`);
      return {
        action: 'closed',
        set: { status: 'closed', closedAt: new Date(), closeReason: dto.reason.trim() },
      };
    });
  }

  /**
   * A need follows its transfer case, inside the case's write: `umgesetzt` solves it,
   * `abgebrochen` leaves it open again with the reason. One change of the need either way.
   */
  async followCase(
    session: WriteSession,
    needId: string,
    outcome: { caseId: string; status: 'umgesetzt' | 'abgebrochen'; reason: string | null },
  ): Promise<void> {
    const need = await session.lock(NEED_RECORDS, needId);
    const place = await this.placeOf(need.municipalityId, session.tx);
    const change: ChangeInput =
      outcome.status === 'umgesetzt'
        ? {
            action: 'solved',
            data: { caseId: outcome.caseId, from: need.status },
            set: {
              status: 'solved',
              solvedAt: new Date(),
              solvedByCaseId: outcome.caseId,
              reopenReason: null,
            },
          }
        : {
            action: 'reopened',
            data: { caseId: outcome.caseId, from: need.status },
            set: { status: 'open', closedAt: null, closeReason: null, reopenReason: outcome.reason },
          };
    await session.changed(NEED_RECORDS, need, { ...change, place: placeOfChange(place) });
  }

  /**
   * Open needs that share words or topics with a text, most alike first: the needs a new or
   * changed solution may now fit (match alerts weigh each with the suggestions' own ranking).
   */
  async openNeedsSharing(
    text: string,
    topics: readonly string[],
    limit: number,
    tx?: EntityManager,
  ): Promise<Need[]> {
    const rows: { id: string }[] = await inTransaction(this.needs, tx).query(
      `WITH q AS (
         SELECT coalesce(
                  (SELECT string_agg(quote_literal(word), ' | ')
                   FROM unnest(tsvector_to_array(to_tsvector('german'::regconfig, fold_de($1)))) word),
                  '')::text AS words
       ), query AS (
         SELECT CASE WHEN q.words = '' THEN NULL ELSE to_tsquery('simple', q.words) END AS tsq FROM q
       )
       SELECT n.id FROM needs n, query
       WHERE n.status = 'open'
         AND (n.search_vector @@ query.tsq OR n.topics && $2::text[])
       ORDER BY coalesce(ts_rank(n.search_vector, query.tsq), 0) DESC, n.id
       LIMIT $3`,
      [withoutFiller(text), topics, limit],
    );
    if (rows.length === 0) return [];
    return inOrder(
      rows.map((r) => r.id),
      await inTransaction(this.needs, tx).findBy({ id: In(rows.map((r) => r.id)) }),
    );
  }

  /**
   * A change to one need under its lock: the municipality's place is looked up once, for the
   * territory check and for the change record (a need is where its municipality is).
   */
  private async edit(
    caller: Caller,
    id: string,
    apply: (need: Need) => ChangeInput | null,
  ): Promise<NeedView> {
    let place: MunicipalityPlace | undefined;
    const need = await this.writes.update(
      NEED_RECORDS,
      id,
      caller,
      {
        authorize: async (need, tx) => {
          place = await this.placeOf(need.municipalityId, tx);
          assertMayWriteAt(caller, place);
        },
      },
      async (_, need) => {
        const change = apply(need);
        return change && { ...change, place: place && placeOfChange(place) };
      },
    );
    return this.view(need.id);
  }

  private async placeOf(municipalityId: string, tx?: EntityManager): Promise<MunicipalityPlace> {
    const place = await this.places.placeOf(municipalityId, tx);
    if (!place) {
      throw Problems.unprocessable('unknown-municipality', `municipality ${municipalityId} does not exist`, [
        { field: 'municipalityId', message: 'municipalityId must name an existing municipality' },
      ]);
    }
    return place;
  }
}

function viewOfRow({ row: need, extra }: RowWith<Need, NeedExtras>): NeedView {
  return {
    need,
    capturedBy: namedActor(capturedByColumns(need), extra.capturedByName),
    fit: fitOfJson(extra.fit),
  };
}

function capturedByColumns(need: Need): ActorColumns {
  return { actorUserId: need.capturedByUserId, actorClientId: need.capturedByClientId };
}

/** A new need's columns: who recorded it, from where (`api` for systems), open. */
function newNeedRow(
  caller: Caller,
  need: Pick<NeedDraft, 'title' | 'description' | 'topics' | 'urgency' | 'capturedAt'> & {
    municipalityId: string;
  },
) {
  return {
    municipalityId: need.municipalityId,
    title: need.title.trim(),
    description: need.description ?? '',
    topics: need.topics ?? [],
    urgency: need.urgency ?? 'medium',
    source: caller.kind === 'client' ? ('api' as const) : ('desk' as const),
    capturedByUserId: caller.kind === 'user' ? caller.id : null,
    capturedByClientId: caller.kind === 'client' ? caller.id : null,
    capturedAt: need.capturedAt,
    status: 'open' as const,
  };
}

/** A need is where its municipality is: the change feed keeps an API client to its territory by it. */
function placeOfChange(municipality: MunicipalityPlace): ChangePlace {
  return { stateCode: municipality.stateCode, regionId: municipality.regionId };
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { assertMayWriteAt, mayWriteAt, type Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import type { FieldError } from '../common/problems/problem-details.js';
import { Problems } from '../common/problems/problem.exception.js';
import {
  updateOf,
  WritePath,
  type ChangeInput,
  type ChangePlace,
  type WriteSession,
} from '../platform/index.js';
import { RegionsService, type RegionState } from '../regions/index.js';
import { agsKindMismatch, parseAgs, type Ags } from './ags.js';
import type { CreateMunicipalityDto } from './dto/create-municipality.dto.js';
import type { MunicipalityListQuery } from './dto/municipality-list.query.js';
import type { UpdateMunicipalityDto } from './dto/update-municipality.dto.js';
import type { UpsertMunicipalityDto } from './dto/upsert-municipality.dto.js';
import type { MunicipalityKind } from './municipality-kind.js';
import { MUNICIPALITY_RECORDS } from './municipality-records.js';
import { Municipality } from './municipality.entity.js';
import { decidePlacement } from './region-placement.js';

export interface UpsertResult {
  municipality: Municipality;
  created: boolean;
}

/** What `upsertByAgs` would do with one item of a batch: the municipality of its AGS, and its refusals. */
export interface UpsertCheck {
  existing: Municipality | null;
  errors: FieldError[];
}

/** A new municipality of a bulk write, its id chosen up front, checked by `checkUpserts`. */
export interface MunicipalityDraft extends CreateMunicipalityDto {
  id: string;
}

/** The fields a bulk write sets on an existing municipality: as `upsertByAgs`, absent ones stay. */
export interface MunicipalityPatch extends UpsertMunicipalityDto {
  id: string;
}

export type BulkWriteOutcome = 'created' | 'updated' | 'unchanged';

const FILTERS: ListFilters<MunicipalityListQuery> = {
  stateCode: 'm.state_code = :stateCode',
  regionId: 'm.region_id = :regionId',
  kind: 'm.kind = :kind',
  name: {
    where: () => 'lower(m.name) LIKE :name',
    bind: (name) => `${escapeLike(name.toLowerCase())}%`,
  },
};

@Injectable()
export class MunicipalitiesService {
  constructor(
    @InjectRepository(Municipality) private readonly municipalities: Repository<Municipality>,
    private readonly writes: WritePath,
    private readonly regions: RegionsService,
  ) {}

  async create(caller: Caller, dto: CreateMunicipalityDto): Promise<Municipality> {
    const ags = validAgs(dto.ags, 'ags');
    assertKindFits(ags, dto.kind);
    assertMayWriteAt(caller, { stateCode: ags.stateCode, regionId: dto.regionId ?? null });
    // A duplicate AGS is refused by the unique constraint (409 naming `ags` via the problem filter),
    // also when a concurrent PUT by AGS created it first: then it stays where that PUT put it.
    return this.writes.create(
      MUNICIPALITY_RECORDS,
      caller,
      async (session) => {
        await this.assertMayPlace(session, caller, ags.stateCode, dto.regionId);
        // Without `ifAbsent` the insert either returns the id or fails.
        return (await this.insert(session, ags, dto)) as string;
      },
      { action: 'created', data: { ags: ags.value } },
    );
  }

  async get(id: string): Promise<Municipality> {
    const municipality = await this.municipalities.findOneBy({ id });
    if (!municipality) throw Problems.notFound('municipality', id);
    return municipality;
  }

  async getByAgs(agsParam: string): Promise<Municipality> {
    const ags = validAgs(agsParam, 'ags');
    const municipality = await this.municipalities.findOneBy({ ags: ags.value });
    if (!municipality) throw Problems.notFound('municipality with ags', ags.value);
    return municipality;
  }

  list(query: MunicipalityListQuery): Promise<Page<Municipality>> {
    const qb = this.municipalities.createQueryBuilder('m');
    const filters = applyListFilters(qb, query, FILTERS);
    return keysetPage(
      qb,
      { columns: ['m.ags'], shape: [/^\d{8}$/], keyOf: (m) => [m.ags] },
      query,
      cursorScope('municipalities', filters),
    );
  }

  update(caller: Caller, id: string, dto: UpdateMunicipalityDto): Promise<Municipality> {
    return this.writes.update(
      MUNICIPALITY_RECORDS,
      id,
      caller,
      { authorize: (municipality) => assertMayWriteAt(caller, municipality) },
      (session, municipality) => this.apply(session, caller, municipality, dto),
    );
  }

  /**
   * Creates or replaces the municipality with this AGS. The row is locked when it exists; when it
   * does not, an insert that yields to a concurrent one (`ON CONFLICT DO NOTHING`), so two systems
   * pushing the same AGS at once end with exactly one row, one creation and one update. Every
   * territory check is decided on the row as written: the insert's own values when it inserted,
   * else the row locked after it (a concurrent POST that created it meanwhile in a region outside
   * the caller's reach makes this a 403, never a move).
   */
  async upsertByAgs(caller: Caller, agsParam: string, dto: UpsertMunicipalityDto): Promise<UpsertResult> {
    const ags = validAgs(agsParam, 'ags');
    assertKindFits(ags, dto.kind);
    return this.writes.run(caller, async (session) => {
      const existing = await this.lockByAgs(session, ags.value);
      if (!existing) {
        assertMayWriteAt(caller, { stateCode: ags.stateCode, regionId: dto.regionId ?? null });
        await this.assertMayPlace(session, caller, ags.stateCode, dto.regionId);
        const id = await this.insert(session, ags, dto, { ifAbsent: true });
        if (id) {
          const municipality = await session.created(MUNICIPALITY_RECORDS, id, {
            action: 'created',
            data: { ags: ags.value },
          });
          return { municipality, created: true };
        }
      }
      // Existing, or inserted by a concurrent request since we looked (our insert waited for it to
      // commit, then did nothing): update it under the lock, checking the caller against where
      // that request put it.
      const current = existing ?? (await this.lockByAgs(session, ags.value));
      if (!current) throw new Error(`municipality ${ags.value} vanished during an upsert`);
      assertMayWriteAt(caller, current);
      const change = await this.apply(session, caller, current, dto);
      if (change) await session.changed(MUNICIPALITY_RECORDS, current, change);
      return { municipality: await session.reload(MUNICIPALITY_RECORDS, current.id), created: false };
    });
  }

  /** Many municipalities by id, one query (missing ones left out). */
  async findMany(ids: readonly string[]): Promise<Map<string, Municipality>> {
    if (ids.length === 0) return new Map();
    const rows = await this.municipalities.findBy({ id: In([...ids]) });
    return new Map(rows.map((m) => [m.id, m]));
  }

  /**
   * What `upsertByAgs` would refuse of each item of a batch, without writing: the AGS and its kind,
   * the region, the caller's territory (where the municipality is now and where the item puts
   * it) and a region of another state (`decidePlacement`). Two queries whatever the batch's size:
   * the municipalities of the AGS, the regions named. `bulkWrite` decides territory again on the
   * rows as it writes them.
   */
  async checkUpserts(caller: Caller, items: readonly CreateMunicipalityDto[]): Promise<UpsertCheck[]> {
    const agsList = items.map((item) => item.ags);
    const existing =
      agsList.length === 0 ? [] : await this.municipalities.findBy({ ags: In([...new Set(agsList)]) });
    const byAgs = new Map(existing.map((m) => [m.ags, m]));
    const regionIds = items.flatMap((item) => (item.regionId ? [item.regionId] : []));
    const regions = await this.regions.statesOf(regionIds);
    return items.map((item) => {
      const errors: FieldError[] = [];
      const parsed = parseAgs(item.ags);
      if (!parsed.ok) return { existing: null, errors: [{ field: 'ags', message: parsed.reason }] };
      const ags = parsed.ags;
      const current = byAgs.get(ags.value) ?? null;
      const mismatch = agsKindMismatch(ags, item.kind);
      if (mismatch) errors.push({ field: 'kind', message: mismatch });
      const region = item.regionId ? regions.get(item.regionId) : undefined;
      if (item.regionId && !region) {
        errors.push({ field: 'regionId', message: 'regionId must name an existing region' });
      }
      if (!current && !mayWriteAt(caller, { stateCode: ags.stateCode, regionId: item.regionId ?? null })) {
        errors.push({
          field: 'ags',
          message: 'a new municipality here lies outside this caller’s territory',
        });
      }
      if (current && !mayWriteAt(caller, current)) {
        errors.push({ field: 'ags', message: 'the municipality lies outside this caller’s territory' });
      } else if (
        current &&
        item.regionId !== undefined &&
        !mayWriteAt(caller, { stateCode: current.stateCode, regionId: item.regionId })
      ) {
        errors.push({ field: 'regionId', message: 'regionId lies outside this caller’s territory' });
      } else if (region && item.regionId !== current?.regionId) {
        const placement = decidePlacement(caller, ags.stateCode, region);
        if (!placement.allowed) errors.push({ field: 'regionId', message: placement.reason });
      }
      return { existing: current, errors };
    });
  }

  /**
   * Many municipalities in one transaction and a handful of statements (a state system's batch),
   * as `upsertByAgs` would write them one by one: new ones in one insert, changed ones in one
   * update that counts their versions up, one change record each in one more insert; unchanged
   * ones record nothing. The caller has checked them (`checkUpserts`); `within` runs last in the
   * same transaction (the batch's external ids). An AGS created by another request since the
   * check, or a municipality deleted since, is a conflict: nothing is written, the batch can be
   * sent again. Territory is decided again here, on the rows as written: the regions named are
   * share-locked, the municipalities updated locked, so no concurrent write moves one out of reach.
   */
  async bulkWrite(
    caller: Caller,
    creates: readonly MunicipalityDraft[],
    patches: readonly MunicipalityPatch[],
    within: (tx: EntityManager) => Promise<void>,
  ): Promise<Map<string, BulkWriteOutcome>> {
    return this.writes.run(caller, async (session) => {
      const { tx } = session;
      const outcome = new Map<string, BulkWriteOutcome>();
      const regions = await this.regions.statesOf(
        [...creates, ...patches].flatMap((item) => (item.regionId ? [item.regionId] : [])),
        tx,
      );
      const rows = creates.map((draft) => {
        const ags = validAgs(draft.ags, 'ags');
        // A region deleted since the check leaves the foreign key to refuse the insert.
        const region = draft.regionId ? regions.get(draft.regionId) : undefined;
        if (region) assertPlacement(caller, ags.stateCode, region);
        return {
          id: draft.id,
          ags: ags.value,
          stateCode: ags.stateCode,
          name: draft.name.trim(),
          kind: draft.kind,
          population: draft.population ?? null,
          regionId: draft.regionId ?? null,
        };
      });
      if (rows.length > 0) {
        // In AGS order, so two batches inserting the same AGS queue behind each other, never deadlock.
        rows.sort((a, b) => a.ags.localeCompare(b.ags));
        const { raw } = await tx
          .withRepository(this.municipalities)
          .createQueryBuilder()
          .insert()
          .values(rows)
          .orIgnore()
          .returning('id')
          .execute();
        if ((raw as unknown[]).length !== rows.length) throw contended();
        for (const row of rows) outcome.set(row.id, 'created');
      }
      const current = new Map(
        patches.length === 0
          ? []
          : (
              await tx
                .withRepository(this.municipalities)
                .createQueryBuilder('m')
                .setLock('pessimistic_write')
                .where('m.id IN (:...ids)', { ids: patches.map((p) => p.id) })
                .orderBy('m.id')
                .getMany()
            ).map((m) => [m.id, m]),
      );
      const changed = patches.flatMap((patch) => {
        const municipality = current.get(patch.id);
        if (!municipality) throw contended();
        // Its region may have changed since the check; the territory holds under the lock.
        assertMayWriteAt(caller, municipality);
        if (patch.regionId !== undefined) {
          assertMayWriteAt(caller, { stateCode: municipality.stateCode, regionId: patch.regionId });
          const region = patch.regionId ? regions.get(patch.regionId) : undefined;
          if (region && patch.regionId !== municipality.regionId) {
            assertPlacement(caller, municipality.stateCode, region);
          }
        }
        const change = updateOf(municipality, {
          name: patch.name.trim(),
          kind: patch.kind,
          population: patch.population,
          regionId: patch.regionId,
        });
        outcome.set(patch.id, change ? 'updated' : 'unchanged');
        return change ? [{ municipality, change }] : [];
      });
      const versions = new Map<string, number>();
      if (changed.length > 0) {
        // One statement for every changed municipality: each row takes the fields its patch changes.
        // TypeORM answers an UPDATE … RETURNING with [rows, count].
        const [updated]: [{ id: string; version: number }[], number] = await tx.query(
          `UPDATE municipalities m SET
             name = CASE WHEN v.fields ? 'name' THEN v.name ELSE m.name END,
             kind = CASE WHEN v.fields ? 'kind' THEN v.kind ELSE m.kind END,
             population = CASE WHEN v.fields ? 'population' THEN v.population ELSE m.population END,
             region_id = CASE WHEN v.fields ? 'regionId' THEN v."regionId" ELSE m.region_id END,
             version = m.version + 1,
             updated_at = date_trunc('milliseconds', now())
           FROM jsonb_to_recordset($1::jsonb)
             AS v(id uuid, fields jsonb, name text, kind text, population integer, "regionId" uuid)
           WHERE m.id = v.id
           RETURNING m.id, m.version`,
          [
            JSON.stringify(
              changed.map(({ municipality, change }) => ({
                ...change.set,
                id: municipality.id,
                fields: Object.keys(change.set ?? {}),
              })),
            ),
          ],
        );
        for (const row of updated) versions.set(row.id, row.version);
      }
      // The same records `upsertByAgs` leaves: filed under where the municipality is after the write.
      await session.recordedMany(MUNICIPALITY_RECORDS, [
        ...rows.map((row) => ({
          id: row.id,
          version: 1,
          action: 'created',
          data: { ags: row.ags },
          place: placeOfRow(row),
        })),
        ...changed.map(({ municipality, change }) => ({
          id: municipality.id,
          version: versions.get(municipality.id) ?? 0,
          action: change.action,
          data: change.data,
          place: placeOfRow({ ...municipality, ...change.set }),
        })),
      ]);
      await within(tx);
      return outcome;
    });
  }

  remove(caller: Caller, id: string): Promise<void> {
    return this.writes.delete(MUNICIPALITY_RECORDS, id, caller, {
      authorize: (municipality) => assertMayWriteAt(caller, municipality),
    });
  }

  /** Absent fields stay; null clears population and region (DTO validation refuses null elsewhere). */
  private async apply(
    session: WriteSession,
    caller: Caller,
    current: Municipality,
    dto: UpdateMunicipalityDto,
  ): Promise<ChangeInput | null> {
    if (dto.regionId !== undefined) {
      assertMayWriteAt(caller, { stateCode: current.stateCode, regionId: dto.regionId });
    }
    if (dto.kind !== undefined) assertKindFits(validAgs(current.ags, 'ags'), dto.kind);
    // Where the municipality stays is no new placement; a move is decided on the locked row.
    if (dto.regionId !== undefined && dto.regionId !== current.regionId) {
      await this.assertMayPlace(session, caller, current.stateCode, dto.regionId);
    }
    return updateOf(current, {
      name: dto.name?.trim(),
      kind: dto.kind,
      population: dto.population,
      regionId: dto.regionId,
    });
  }

  private async insert(
    session: WriteSession,
    ags: Ags,
    dto: UpsertMunicipalityDto,
    { ifAbsent = false } = {},
  ): Promise<string | null> {
    const qb = session.tx
      .withRepository(this.municipalities)
      .createQueryBuilder()
      .insert()
      .values({
        ags: ags.value,
        stateCode: ags.stateCode,
        name: dto.name.trim(),
        kind: dto.kind,
        population: dto.population ?? null,
        regionId: dto.regionId ?? null,
      })
      .returning('id');
    if (ifAbsent) qb.orIgnore();
    const { raw } = await qb.execute();
    return (raw as { id: string }[])[0]?.id ?? null;
  }

  private lockByAgs(session: WriteSession, ags: string): Promise<Municipality | null> {
    return session.tx
      .withRepository(this.municipalities)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.ags = :ags', { ags })
      .getOne();
  }

  /**
   * The region a write puts a municipality of `stateCode` in exists (422) and, when it lies in
   * another state, the caller may place it there (403, `decidePlacement`). The region is read
   * share-locked on the write's transaction, so its state cannot change before the write commits.
   */
  private async assertMayPlace(
    session: WriteSession,
    caller: Caller,
    stateCode: string,
    regionId: string | null | undefined,
  ): Promise<void> {
    if (!regionId) return;
    assertPlacement(caller, stateCode, await this.regions.stateOf(regionId, 'regionId', session.tx));
  }
}

/** 403 naming `regionId` when the caller may not put a municipality of `stateCode` in this region. */
function assertPlacement(caller: Caller, stateCode: string, region: RegionState): void {
  const placement = decidePlacement(caller, stateCode, region);
  if (!placement.allowed) {
    // A territory refusal like `assertMayWriteAt`'s, naming the field it is about.
    throw Problems.forbidden(placement.reason, [
      { field: 'regionId', message: 'regionId names a region of another state than the municipality’s' },
    ]);
  }
}

function placeOfRow(row: Pick<Municipality, 'stateCode' | 'regionId'>): ChangePlace | null {
  return MUNICIPALITY_RECORDS.placeOf?.(row as Municipality) ?? null;
}

function contended() {
  return Problems.conflict(
    'municipalities-contended',
    'another request created or deleted some of these municipalities meanwhile; send the batch again',
  );
}

function validAgs(value: string, field: string): Ags {
  const result = parseAgs(value);
  if (!result.ok) throw Problems.validation([{ field, message: result.reason }]);
  return result.ags;
}

/** Each value is well-formed on its own; together they break a rule of the AGS: 422, not 400. */
function assertKindFits(ags: Ags, kind: MunicipalityKind): void {
  const mismatch = agsKindMismatch(ags, kind);
  if (mismatch)
    throw Problems.unprocessable('kind-does-not-fit-ags', mismatch, [{ field: 'kind', message: mismatch }]);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

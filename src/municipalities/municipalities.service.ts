import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { assertMayWriteAt, type Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { updateOf, WritePath, type ChangeInput, type WriteSession } from '../platform/index.js';
import { RegionsService } from '../regions/index.js';
import { agsKindMismatch, parseAgs, type Ags } from './ags.js';
import type { CreateMunicipalityDto } from './dto/create-municipality.dto.js';
import type { MunicipalityListQuery } from './dto/municipality-list.query.js';
import type { UpdateMunicipalityDto } from './dto/update-municipality.dto.js';
import type { UpsertMunicipalityDto } from './dto/upsert-municipality.dto.js';
import type { MunicipalityKind } from './municipality-kind.js';
import { MUNICIPALITY_RECORDS } from './municipality-records.js';
import { Municipality } from './municipality.entity.js';

export interface UpsertResult {
  municipality: Municipality;
  created: boolean;
}

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
    await this.assertRegionExists(dto.regionId);
    // A duplicate AGS is refused by the unique constraint (409 naming `ags` via the problem filter).
    return this.writes.create(
      MUNICIPALITY_RECORDS,
      caller,
      // Without `ifAbsent` the insert either returns the id or fails.
      async (session) => (await this.insert(session, ags, dto)) as string,
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
   * does not, an insert that yields to a concurrent one, so two systems pushing the same AGS at
   * once end with exactly one row, one creation and one update.
   */
  async upsertByAgs(caller: Caller, agsParam: string, dto: UpsertMunicipalityDto): Promise<UpsertResult> {
    const ags = validAgs(agsParam, 'ags');
    assertKindFits(ags, dto.kind);
    return this.writes.run(caller, async (session) => {
      const existing = await this.lockByAgs(session, ags.value);
      if (!existing) {
        assertMayWriteAt(caller, { stateCode: ags.stateCode, regionId: dto.regionId ?? null });
        await this.assertRegionExists(dto.regionId, session.tx);
        const id = await this.insert(session, ags, dto, { ifAbsent: true });
        if (id) {
          const municipality = await session.created(MUNICIPALITY_RECORDS, id, {
            action: 'created',
            data: { ags: ags.value },
          });
          return { municipality, created: true };
        }
      }
      // Existing, or inserted by a concurrent request since we looked: update it under the lock.
      const current = existing ?? (await this.lockByAgs(session, ags.value));
      if (!current) throw new Error(`municipality ${ags.value} vanished during an upsert`);
      assertMayWriteAt(caller, current);
      const change = await this.apply(session, caller, current, dto);
      if (change) await session.changed(MUNICIPALITY_RECORDS, current, change);
      return { municipality: await session.reload(MUNICIPALITY_RECORDS, current.id), created: false };
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
    if (dto.regionId !== undefined) await this.assertRegionExists(dto.regionId, session.tx);
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

  private async assertRegionExists(regionId: string | null | undefined, tx?: EntityManager): Promise<void> {
    if (regionId) await this.regions.assertAllExist([regionId], 'regionId', tx);
  }
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

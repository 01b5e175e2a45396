import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { assertMayWriteAt } from '../auth/territory.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { RegionsService } from '../regions/regions.service.js';
import { agsKindMismatch, parseAgs, type Ags } from './ags.js';
import type { CreateMunicipalityDto } from './dto/create-municipality.dto.js';
import type { MunicipalityListQuery } from './dto/municipality-list.query.js';
import type { UpdateMunicipalityDto } from './dto/update-municipality.dto.js';
import type { UpsertMunicipalityDto } from './dto/upsert-municipality.dto.js';
import type { MunicipalityKind } from './municipality-kind.js';
import { Municipality } from './municipality.entity.js';

export interface UpsertResult {
  municipality: Municipality;
  created: boolean;
}

@Injectable()
export class MunicipalitiesService {
  constructor(
    @InjectRepository(Municipality) private readonly municipalities: Repository<Municipality>,
    private readonly regions: RegionsService,
  ) {}

  async create(caller: Caller, dto: CreateMunicipalityDto): Promise<Municipality> {
    const ags = validAgs(dto.ags, 'ags');
    assertKindFits(ags, dto.kind);
    assertMayWriteAt(caller, { stateCode: ags.stateCode, regionId: dto.regionId ?? null });
    await this.assertRegionExists(dto.regionId);
    // A duplicate AGS is refused by the unique constraint (409 naming `ags` via the problem filter).
    return this.municipalities.save(
      this.municipalities.create({
        ags: ags.value,
        stateCode: ags.stateCode,
        name: dto.name.trim(),
        kind: dto.kind,
        population: dto.population ?? null,
        regionId: dto.regionId ?? null,
      }),
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
    if (query.stateCode) qb.andWhere('m.state_code = :stateCode', { stateCode: query.stateCode });
    if (query.regionId) qb.andWhere('m.region_id = :regionId', { regionId: query.regionId });
    if (query.kind) qb.andWhere('m.kind = :kind', { kind: query.kind });
    if (query.name) {
      qb.andWhere(`lower(m.name) LIKE :namePrefix`, {
        namePrefix: `${escapeLike(query.name.toLowerCase())}%`,
      });
    }
    const filters = {
      stateCode: query.stateCode,
      regionId: query.regionId,
      kind: query.kind,
      name: query.name,
    };
    return keysetPage(
      qb,
      { columns: ['m.ags'], shape: [/^\d{8}$/], keyOf: (m) => [m.ags] },
      query,
      cursorScope('municipalities', filters),
    );
  }

  async update(caller: Caller, id: string, dto: UpdateMunicipalityDto): Promise<Municipality> {
    const municipality = await this.get(id);
    assertMayWriteAt(caller, municipality);
    if (dto.regionId !== undefined)
      assertMayWriteAt(caller, { stateCode: municipality.stateCode, regionId: dto.regionId });
    if (dto.kind !== undefined) assertKindFits(validAgs(municipality.ags, 'ags'), dto.kind);
    if (dto.regionId !== undefined) await this.assertRegionExists(dto.regionId);
    if (dto.name !== undefined) municipality.name = dto.name.trim();
    if (dto.kind !== undefined) municipality.kind = dto.kind;
    if (dto.population !== undefined) municipality.population = dto.population;
    if (dto.regionId !== undefined) municipality.regionId = dto.regionId;
    return this.municipalities.save(municipality);
  }

  /**
   * Creates or replaces the municipality with this AGS in one statement, so two systems pushing
   * the same AGS at once still end with exactly one row.
   */
  async upsertByAgs(caller: Caller, agsParam: string, dto: UpsertMunicipalityDto): Promise<UpsertResult> {
    const ags = validAgs(agsParam, 'ags');
    assertKindFits(ags, dto.kind);
    const existing = await this.municipalities.findOneBy({ ags: ags.value });
    if (existing) assertMayWriteAt(caller, existing);
    const regionId = dto.regionId === undefined ? (existing?.regionId ?? null) : dto.regionId;
    assertMayWriteAt(caller, { stateCode: ags.stateCode, regionId });
    await this.assertRegionExists(dto.regionId);
    const rows: { id: string; created: boolean }[] = await this.municipalities.query(
      `INSERT INTO municipalities AS m (ags, state_code, name, kind, population, region_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ags) DO UPDATE SET
         name = EXCLUDED.name,
         kind = EXCLUDED.kind,
         population = CASE WHEN $7 THEN EXCLUDED.population ELSE m.population END,
         region_id  = CASE WHEN $8 THEN EXCLUDED.region_id  ELSE m.region_id  END,
         updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [
        ags.value,
        ags.stateCode,
        dto.name.trim(),
        dto.kind,
        dto.population ?? null,
        dto.regionId ?? null,
        dto.population !== undefined,
        dto.regionId !== undefined,
      ],
    );
    const { id, created } = rows[0];
    return { municipality: await this.get(id), created };
  }

  async remove(caller: Caller, id: string): Promise<void> {
    assertMayWriteAt(caller, await this.get(id));
    await this.municipalities.delete({ id });
  }

  private async assertRegionExists(regionId: string | null | undefined): Promise<void> {
    if (regionId) await this.regions.assertAllExist([regionId], 'regionId');
  }
}

function validAgs(value: string, field: string): Ags {
  const result = parseAgs(value);
  if (!result.ok) throw Problems.validation([{ field, message: result.reason }]);
  return result.ags;
}

function assertKindFits(ags: Ags, kind: MunicipalityKind): void {
  const mismatch = agsKindMismatch(ags, kind);
  if (mismatch) throw Problems.validation([{ field: 'kind', message: mismatch }]);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

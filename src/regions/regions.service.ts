import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import type { CreateRegionDto } from './dto/create-region.dto.js';
import { REGION_CODE_PATTERN } from './dto/create-region.dto.js';
import type { RegionListQuery } from './dto/region-list.query.js';
import type { UpdateRegionDto } from './dto/update-region.dto.js';
import { RegionReferences } from './region-references.js';
import { Region } from './region.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';

const FILTERS: ListFilters<RegionListQuery> = { stateCode: 'r.state_code = :stateCode' };

/** Where a region lies: its code and primary state. */
export type RegionState = Pick<Region, 'id' | 'code' | 'stateCode'>;

@Injectable()
export class RegionsService {
  constructor(
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    private readonly references: RegionReferences,
  ) {}

  create(dto: CreateRegionDto): Promise<Region> {
    // A duplicate code is refused by the unique constraint (409 via the problem filter).
    return this.regions.save(
      this.regions.create({ code: dto.code, name: dto.name.trim(), stateCode: dto.stateCode }),
    );
  }

  async get(id: string): Promise<Region> {
    const region = await this.regions.findOneBy({ id });
    if (!region) throw Problems.notFound('region', id);
    return region;
  }

  /** Refuses with 422 naming `field` when any of the ids names no region; `tx`: the caller's transaction. */
  async assertAllExist(ids: readonly string[], field: string, tx?: EntityManager): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const found = await inTransaction(this.regions, tx).countBy({ id: In(unique) });
    if (found !== unique.length) throw unknownRegion(field);
  }

  /**
   * Code and primary state of each of these regions (missing ones left out), one query. On a
   * write's `tx` the rows are share-locked until it commits: a decision taken on a region's state
   * holds for the write, a concurrent change of the region waits for it.
   */
  async statesOf(ids: readonly string[], tx?: EntityManager): Promise<Map<string, RegionState>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await inTransaction(this.regions, tx).find({
      where: { id: In(unique) },
      select: { id: true, code: true, stateCode: true },
      order: { id: 'ASC' },
      ...(tx ? { lock: { mode: 'pessimistic_read' as const } } : {}),
    });
    return new Map(rows.map((region) => [region.id, region]));
  }

  /** As `statesOf` for one region, refusing with 422 naming `field` when it does not exist. */
  async stateOf(id: string, field: string, tx?: EntityManager): Promise<RegionState> {
    const region = (await this.statesOf([id], tx)).get(id);
    if (!region) throw unknownRegion(field);
    return region;
  }

  /** Code and name of each of these regions, ordered by code; one query whatever their number. */
  async refs(ids: readonly string[]): Promise<Pick<Region, 'id' | 'code' | 'name'>[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return this.regions.find({
      where: { id: In(unique) },
      select: { id: true, code: true, name: true },
      order: { code: 'ASC' },
    });
  }

  list(query: RegionListQuery): Promise<Page<Region>> {
    const qb = this.regions.createQueryBuilder('r');
    const filters = applyListFilters(qb, query, FILTERS);
    return keysetPage(
      qb,
      { columns: ['r.code'], shape: [REGION_CODE_PATTERN], keyOf: (r) => [r.code] },
      query,
      cursorScope('regions', filters),
    );
  }

  async update(id: string, dto: UpdateRegionDto): Promise<Region> {
    const region = await this.get(id);
    if (dto.code !== undefined) region.code = dto.code;
    if (dto.name !== undefined) region.name = dto.name.trim();
    if (dto.stateCode !== undefined) region.stateCode = dto.stateCode;
    return this.regions.save(region);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    const use = await this.references.firstUse(id);
    if (use) throw Problems.conflict('region-in-use', `region ${id} ${use}`);
    // Anything assigned meanwhile makes the foreign keys refuse this (409 via the filter).
    await this.regions.delete({ id });
  }
}

function unknownRegion(field: string) {
  return Problems.unprocessable('unknown-region', 'a referenced region does not exist', [
    { field, message: `${field} must name existing regions` },
  ]);
}

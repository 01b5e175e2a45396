import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { Municipality } from '../municipalities/municipality.entity.js';
import { UserRegion } from '../users/user-region.entity.js';
import type { CreateRegionDto } from './dto/create-region.dto.js';
import type { RegionListQuery } from './dto/region-list.query.js';
import type { UpdateRegionDto } from './dto/update-region.dto.js';
import { REGION_CODE_PATTERN } from './dto/create-region.dto.js';
import { Region } from './region.entity.js';

@Injectable()
export class RegionsService {
  constructor(
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    @InjectRepository(Municipality) private readonly municipalities: Repository<Municipality>,
    @InjectRepository(UserRegion) private readonly pilots: Repository<UserRegion>,
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

  /** Refuses with 422 naming `field` when any of the ids names no region. */
  async assertAllExist(ids: readonly string[], field: string): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const found = await this.regions.countBy({ id: In(unique) });
    if (found !== unique.length) {
      throw Problems.unprocessable('unknown-region', 'a referenced region does not exist', [
        { field, message: `${field} must name existing regions` },
      ]);
    }
  }

  list(query: RegionListQuery): Promise<Page<Region>> {
    const qb = this.regions.createQueryBuilder('r');
    if (query.stateCode) qb.andWhere('r.state_code = :stateCode', { stateCode: query.stateCode });
    return keysetPage(
      qb,
      { columns: ['r.code'], shape: [REGION_CODE_PATTERN], keyOf: (r) => [r.code] },
      query,
      cursorScope('regions', { stateCode: query.stateCode }),
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
    const inUse = await this.municipalities.countBy({ regionId: id });
    if (inUse > 0) {
      throw Problems.conflict(
        'region-in-use',
        `region ${id} still holds ${inUse} municipalit${inUse === 1 ? 'y' : 'ies'}; reassign them first`,
      );
    }
    const pilots = await this.pilots.countBy({ regionId: id });
    if (pilots > 0) {
      throw Problems.conflict(
        'region-in-use',
        `region ${id} is still assigned to ${pilots} pilot${pilots === 1 ? '' : 's'}; unassign them first`,
      );
    }
    // API client territories hold region ids in an array, which no foreign key protects.
    const [{ clients }] = await this.regions.query(
      'SELECT count(*)::int AS clients FROM api_clients WHERE $1::uuid = ANY(region_ids)',
      [id],
    );
    if (clients > 0) {
      throw Problems.conflict(
        'region-in-use',
        `region ${id} is in the territory of ${clients} API client${clients === 1 ? '' : 's'}; change their territory first`,
      );
    }
    // Anything assigned meanwhile makes the foreign keys refuse this (409 via the filter).
    await this.regions.delete({ id });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { assertMayWriteAt } from '../auth/territory.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import { Municipality } from '../municipalities/municipality.entity.js';
import { rankedPage } from '../search/ranked-search.js';
import type { CloseNeedDto } from './dto/close-need.dto.js';
import type { CreateNeedDto } from './dto/create-need.dto.js';
import type { NeedListQuery } from './dto/need-list.query.js';
import type { UpdateNeedDto } from './dto/update-need.dto.js';
import { Need } from './need.entity.js';

@Injectable()
export class NeedsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get needs() {
    return this.db.getRepository(Need);
  }

  async create(caller: Caller, dto: CreateNeedDto): Promise<Need> {
    const municipality = await this.municipality(dto.municipalityId);
    assertMayWriteAt(caller, municipality);
    const capturedAt = dto.capturedAt === undefined ? new Date() : new Date(dto.capturedAt);
    if (capturedAt.getTime() > Date.now()) {
      throw Problems.validation([{ field: 'capturedAt', message: 'capturedAt must not be in the future' }]);
    }
    return this.needs.save(
      this.needs.create({
        municipalityId: municipality.id,
        title: dto.title.trim(),
        description: dto.description ?? '',
        topics: dto.topics ?? [],
        urgency: dto.urgency ?? 'medium',
        source: caller.kind === 'client' ? 'api' : 'desk',
        capturedByUserId: caller.kind === 'user' ? caller.id : null,
        capturedByClientId: caller.kind === 'client' ? caller.id : null,
        capturedAt,
        status: 'open',
      }),
    );
  }

  async get(id: string): Promise<Need> {
    const need = await this.needs.findOneBy({ id });
    if (!need) throw Problems.notFound('need', id);
    return need;
  }

  /** Ranked by relevance with `q`, else newest first. */
  async list(query: NeedListQuery): Promise<Page<Need>> {
    const filters = {
      municipalityId: query.municipalityId,
      regionId: query.regionId,
      stateCode: query.stateCode,
      status: query.status,
      urgency: query.urgency,
      source: query.source,
      topic: query.topic,
    };
    const scope = cursorScope('needs', { ...filters, q: query.q });

    const qb = this.needs.createQueryBuilder('n');
    if (query.regionId !== undefined || query.stateCode !== undefined) qb.innerJoin('n.municipality', 'm');
    if (query.municipalityId)
      qb.andWhere('n.municipality_id = :municipalityId', { municipalityId: query.municipalityId });
    if (query.regionId) qb.andWhere('m.region_id = :regionId', { regionId: query.regionId });
    if (query.stateCode) qb.andWhere('m.state_code = :stateCode', { stateCode: query.stateCode });
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.urgency) qb.andWhere('n.urgency = :urgency', { urgency: query.urgency });
    if (query.source) qb.andWhere('n.source = :source', { source: query.source });
    if (query.topic) qb.andWhere('n.topics @> ARRAY[:topic]::text[]', { topic: query.topic });

    if (query.q !== undefined) return rankedPage(this.db, qb, query.q, query, scope);
    return keysetPage(
      qb,
      {
        columns: ['n.captured_at', 'n.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: (n) => [n.capturedAt.toISOString(), n.id],
        direction: 'DESC',
      },
      query,
      scope,
    );
  }

  async update(caller: Caller, id: string, dto: UpdateNeedDto): Promise<Need> {
    const need = await this.get(id);
    assertMayWriteAt(caller, await this.municipality(need.municipalityId));
    if (dto.title !== undefined) need.title = dto.title.trim();
    if (dto.description !== undefined) need.description = dto.description;
    if (dto.topics !== undefined) need.topics = dto.topics;
    if (dto.urgency !== undefined) need.urgency = dto.urgency;
    return this.needs.save(need);
  }

  async close(caller: Caller, id: string, dto: CloseNeedDto): Promise<Need> {
    const need = await this.get(id);
    assertMayWriteAt(caller, await this.municipality(need.municipalityId));
    if (need.status === 'closed') throw Problems.conflict('need-closed', `need ${id} is already closed`);
    need.status = 'closed';
    need.closedAt = new Date();
    need.closeReason = dto.reason.trim();
    return this.needs.save(need);
  }

  private async municipality(id: string): Promise<Municipality> {
    const municipality = await this.db.getRepository(Municipality).findOneBy({ id });
    if (!municipality) {
      throw Problems.unprocessable('unknown-municipality', `municipality ${id} does not exist`, [
        { field: 'municipalityId', message: 'municipalityId must name an existing municipality' },
      ]);
    }
    return municipality;
  }
}

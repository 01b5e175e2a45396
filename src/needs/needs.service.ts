import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { assertMayWriteAt } from '../auth/territory.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { Municipality } from '../municipalities/municipality.entity.js';
import { inOrder, rankedIds, SqlParams } from '../search/ranked-search.js';
import type { CloseNeedDto } from './dto/close-need.dto.js';
import type { CreateNeedDto } from './dto/create-need.dto.js';
import type { NeedListQuery } from './dto/need-list.query.js';
import type { UpdateNeedDto } from './dto/update-need.dto.js';
import { Need } from './need.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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
        // Cursors carry milliseconds; the stored time must not be finer.
        capturedAt: new Date(Math.floor(capturedAt.getTime())),
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
    const byPlace = query.regionId !== undefined || query.stateCode !== undefined;

    if (query.q !== undefined) {
      const params = new SqlParams();
      const where: string[] = [];
      if (query.municipalityId) where.push(`d.municipality_id = ${params.add(query.municipalityId)}::uuid`);
      if (query.regionId) where.push(`m.region_id = ${params.add(query.regionId)}::uuid`);
      if (query.stateCode) where.push(`m.state_code = ${params.add(query.stateCode)}`);
      if (query.status) where.push(`d.status = ${params.add(query.status)}`);
      if (query.urgency) where.push(`d.urgency = ${params.add(query.urgency)}`);
      if (query.source) where.push(`d.source = ${params.add(query.source)}`);
      if (query.topic) where.push(`d.topics @> ARRAY[${params.add(query.topic)}]::text[]`);
      const from = byPlace ? 'needs d JOIN municipalities m ON m.id = d.municipality_id' : 'needs d';
      const ranked = await rankedIds(this.db, { from, filters: where, params }, query.q, query, scope);
      const rows = ranked.ids.length ? await this.needs.findBy({ id: In(ranked.ids) }) : [];
      return { items: inOrder(ranked.ids, rows), nextCursor: ranked.nextCursor };
    }

    const qb = this.needs.createQueryBuilder('n');
    if (byPlace) qb.innerJoin('n.municipality', 'm');
    if (query.municipalityId)
      qb.andWhere('n.municipality_id = :municipalityId', { municipalityId: query.municipalityId });
    if (query.regionId) qb.andWhere('m.region_id = :regionId', { regionId: query.regionId });
    if (query.stateCode) qb.andWhere('m.state_code = :stateCode', { stateCode: query.stateCode });
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.urgency) qb.andWhere('n.urgency = :urgency', { urgency: query.urgency });
    if (query.source) qb.andWhere('n.source = :source', { source: query.source });
    if (query.topic) qb.andWhere('n.topics @> ARRAY[:topic]::text[]', { topic: query.topic });
    return keysetPage(
      qb,
      {
        columns: ['n.captured_at', 'n.id'],
        shape: [ISO_TIME, UUID],
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

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { Municipality } from '../municipalities/municipality.entity.js';
import { rankedPage } from '../search/ranked-search.js';
import { SLUG_PATTERN, type CreateSolutionDto } from './dto/create-solution.dto.js';
import type { SolutionListQuery } from './dto/solution-list.query.js';
import type { UpdateSolutionDto } from './dto/update-solution.dto.js';
import { Solution } from './solution.entity.js';

@Injectable()
export class SolutionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get solutions() {
    return this.db.getRepository(Solution);
  }

  async create(dto: CreateSolutionDto): Promise<Solution> {
    await this.assertMunicipalityExists(dto.originMunicipalityId);
    // A taken slug is refused by the unique constraint (409 naming `slug` via the problem filter).
    return this.solutions.save(
      this.solutions.create({
        slug: dto.slug,
        title: dto.title.trim(),
        theme: dto.theme,
        summary: dto.summary ?? '',
        problem: dto.problem ?? '',
        approach: dto.approach ?? '',
        impactEvidence: dto.impactEvidence ?? '',
        originMunicipalityId: dto.originMunicipalityId ?? null,
        topics: dto.topics ?? [],
        seal: dto.seal ?? null,
        effort: dto.effort ?? null,
        transferMaterials: dto.transferMaterials ?? [],
        contact: dto.contact ?? null,
        status: 'active',
      }),
    );
  }

  async get(id: string): Promise<Solution> {
    const solution = await this.solutions.findOneBy({ id });
    if (!solution) throw Problems.notFound('solution', id);
    return solution;
  }

  async getBySlug(slug: string): Promise<Solution> {
    const solution = SLUG_PATTERN.test(slug) ? await this.solutions.findOneBy({ slug }) : null;
    if (!solution) throw Problems.notFound('solution', slug);
    return solution;
  }

  /** Ranked by relevance with `q`, else ordered by slug. */
  async list(query: SolutionListQuery): Promise<Page<Solution>> {
    const filters = {
      theme: query.theme,
      topic: query.topic,
      seal: query.seal,
      hasSeal: query.hasSeal,
      originMunicipalityId: query.originMunicipalityId,
      status: query.status,
    };
    const scope = cursorScope('solutions', { ...filters, q: query.q });

    const qb = this.solutions.createQueryBuilder('s');
    if (query.status !== 'all') qb.andWhere('s.status = :status', { status: query.status });
    if (query.theme) qb.andWhere('s.theme = :theme', { theme: query.theme });
    if (query.topic) qb.andWhere('s.topics @> ARRAY[:topic]::text[]', { topic: query.topic });
    if (query.seal) qb.andWhere('s.seal = :seal', { seal: query.seal });
    if (query.hasSeal !== undefined) qb.andWhere(query.hasSeal ? 's.seal IS NOT NULL' : 's.seal IS NULL');
    if (query.originMunicipalityId) {
      qb.andWhere('s.origin_municipality_id = :origin', { origin: query.originMunicipalityId });
    }

    if (query.q !== undefined) return rankedPage(this.db, qb, query.q, query, scope);
    return keysetPage(
      qb,
      { columns: ['s.slug'], shape: [SLUG_PATTERN], keyOf: (s) => [s.slug] },
      query,
      scope,
    );
  }

  async update(id: string, dto: UpdateSolutionDto): Promise<Solution> {
    const solution = await this.get(id);
    if (dto.originMunicipalityId !== undefined) await this.assertMunicipalityExists(dto.originMunicipalityId);
    const { title, ...rest } = dto;
    Object.assign(solution, rest, title !== undefined ? { title: title.trim() } : {});
    return this.solutions.save(solution);
  }

  /** Archived solutions stay readable (and findable with `status=archived`) but are no longer suggested. */
  async archive(id: string): Promise<Solution> {
    const solution = await this.get(id);
    solution.status = 'archived';
    return this.solutions.save(solution);
  }

  private async assertMunicipalityExists(id: string | null | undefined): Promise<void> {
    if (!id) return;
    if (!(await this.db.getRepository(Municipality).existsBy({ id }))) {
      throw Problems.unprocessable('unknown-municipality', `municipality ${id} does not exist`, [
        { field: 'originMunicipalityId', message: 'originMunicipalityId must name an existing municipality' },
      ]);
    }
  }
}

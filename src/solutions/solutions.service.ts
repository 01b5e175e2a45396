import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, mapPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { SLUG_PATTERN } from '../common/validation/patterns.js';
import { MunicipalityPlaces } from '../municipalities/index.js';
import { updateOf, WritePath } from '../platform/index.js';
import { rankedPage } from '../search/index.js';
import { assertMayWriteAt, type Caller as Caller } from '../auth/index.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import type { CreateSolutionDto } from './dto/create-solution.dto.js';
import type { NominateSolutionDto, NominationListQuery, ReviewNominationDto } from './dto/nomination.dto.js';
import type { SolutionListQuery } from './dto/solution-list.query.js';
import type { UpdateSolutionDto } from './dto/update-solution.dto.js';
import { SOLUTION_RECORDS } from './solution-records.js';
import { Solution } from './solution.entity.js';
import type { SolutionStatus } from './solution-enums.js';

const FILTERS: ListFilters<SolutionListQuery> = {
  status: { where: (status) => (status === 'all' ? null : 's.status = :status') },
  theme: 's.theme = :theme',
  topic: 's.topics @> ARRAY[:topic]::text[]',
  seal: 's.seal = :seal',
  hasSeal: { where: (hasSeal) => (hasSeal ? 's.seal IS NOT NULL' : 's.seal IS NULL') },
  originMunicipalityId: 's.origin_municipality_id = :originMunicipalityId',
};

/** The columns a new solution takes from its request, whether added directly or nominated. */
function catalogueRow(dto: Omit<CreateSolutionDto, 'seal'>) {
  return {
    slug: dto.slug,
    title: dto.title.trim(),
    theme: dto.theme,
    summary: dto.summary ?? '',
    problem: dto.problem ?? '',
    approach: dto.approach ?? '',
    impactEvidence: dto.impactEvidence ?? '',
    originMunicipalityId: dto.originMunicipalityId ?? null,
    topics: dto.topics ?? [],
    effort: dto.effort ?? null,
    transferMaterials: dto.transferMaterials ?? [],
    contact: dto.contact ?? null,
  };
}

/** Statuses PATCH and archive move between; a nomination's status changes only by its review. */
const IN_CATALOGUE: readonly SolutionStatus[] = ['active', 'archived'];

function underReview(solution: Solution) {
  return Problems.conflict(
    'nomination-not-in-catalogue',
    `solution ${solution.slug} is ${solution.status}: a nomination enters the catalogue only by its review`,
    [{ field: 'status', message: 'a nomination’s status changes through POST /nominations/{id}/review' }],
  );
}

@Injectable()
export class SolutionsService {
  constructor(
    @InjectRepository(Solution) private readonly solutions: Repository<Solution>,
    private readonly writes: WritePath,
    private readonly municipalities: MunicipalityPlaces,
  ) {}

  async create(caller: Caller, dto: CreateSolutionDto): Promise<Solution> {
    await this.assertMunicipalityExists(dto.originMunicipalityId);
    // A taken slug is refused by the unique constraint (409 naming `slug` via the problem filter).
    return this.writes.create(
      SOLUTION_RECORDS,
      caller,
      async ({ tx }) => {
        const { identifiers } = await tx.withRepository(this.solutions).insert({
          ...catalogueRow(dto),
          seal: dto.seal ?? null,
          status: 'active',
        });
        return identifiers[0].id as string;
      },
      { action: 'created', data: { slug: dto.slug } },
    );
  }

  /**
   * A pilot proposes a practice of a municipality in her region (403 elsewhere) as a solution; it
   * waits for review as `nominated` and is neither suggested nor matched until it is active.
   */
  async nominate(caller: Caller, dto: NominateSolutionDto): Promise<Solution> {
    const place = await this.municipalities.placeOf(dto.originMunicipalityId);
    if (!place) {
      throw Problems.unprocessable(
        'unknown-municipality',
        `municipality ${dto.originMunicipalityId} does not exist`,
        [
          {
            field: 'originMunicipalityId',
            message: 'originMunicipalityId must name an existing municipality',
          },
        ],
      );
    }
    assertMayWriteAt(caller, place);
    return this.writes.create(
      SOLUTION_RECORDS,
      caller,
      async ({ tx }) => {
        const { identifiers } = await tx.withRepository(this.solutions).insert({
          ...catalogueRow({ ...dto, problem: dto.problem.trim(), originMunicipalityId: place.id }),
          status: 'nominated',
          nomination: {
            nominatedByUserId: caller.id,
            nominatedAt: new Date().toISOString(),
            reviewedByUserId: null,
            reviewedAt: null,
            reviewNote: null,
          },
        });
        return identifiers[0].id as string;
      },
      { action: 'nominated', data: { slug: dto.slug } },
    );
  }

  /** Nominations, oldest first: with `nominated`, the reviewers' queue. */
  nominations(query: NominationListQuery): Promise<Page<Solution>> {
    const qb = this.solutions.createQueryBuilder('s').where('s.nomination IS NOT NULL');
    if (query.status !== 'all') qb.andWhere('s.status = :status', { status: query.status });
    return keysetPage(
      qb,
      {
        columns: ['s.created_at', 's.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: (s) => [s.createdAt.toISOString(), s.id],
      },
      query,
      cursorScope('nominations', { status: query.status }),
    );
  }

  /** The Transferstelle's review: a nomination becomes active (and suggested) or is declined, with the note. */
  review(caller: Caller, id: string, dto: ReviewNominationDto): Promise<Solution> {
    return this.writes.update(SOLUTION_RECORDS, id, caller, {}, async (_, solution) => {
      if (solution.status !== 'nominated' || !solution.nomination) {
        throw Problems.conflict(
          'not-nominated',
          `solution ${solution.slug} is not waiting for review (${solution.status})`,
        );
      }
      return {
        action: 'reviewed',
        data: { decision: dto.decision },
        set: {
          status: dto.decision,
          nomination: {
            ...solution.nomination,
            reviewedByUserId: caller.id,
            reviewedAt: new Date().toISOString(),
            reviewNote: dto.note.trim(),
          },
        },
      };
    });
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
    const qb = this.solutions.createQueryBuilder('s');
    const filters = applyListFilters(qb, query, FILTERS);
    const scope = cursorScope('solutions', { ...filters, q: query.q });
    if (query.q !== undefined) return mapPage(await rankedPage(qb, query.q, query, scope), ({ row }) => row);
    return keysetPage(
      qb,
      { columns: ['s.slug'], shape: [SLUG_PATTERN], keyOf: (s) => [s.slug] },
      query,
      scope,
    );
  }

  /** Absent fields stay; a request that repeats what is stored changes nothing. */
  async update(caller: Caller, id: string, dto: UpdateSolutionDto): Promise<Solution> {
    if (dto.originMunicipalityId !== undefined) await this.assertMunicipalityExists(dto.originMunicipalityId);
    return this.writes.update(SOLUTION_RECORDS, id, caller, {}, async (_, solution) => {
      if (
        dto.status !== undefined &&
        dto.status !== solution.status &&
        !IN_CATALOGUE.includes(solution.status)
      ) {
        throw underReview(solution);
      }
      return updateOf(solution, { ...dto, title: dto.title?.trim() });
    });
  }

  /** Archived solutions stay readable (and findable with `status=archived`) but are no longer suggested. */
  archive(caller: Caller, id: string): Promise<Solution> {
    return this.writes.update(SOLUTION_RECORDS, id, caller, {}, async (_, solution) => {
      if (!IN_CATALOGUE.includes(solution.status)) throw underReview(solution);
      return solution.status === 'archived' ? null : { action: 'archived', set: { status: 'archived' } };
    });
  }

  private async assertMunicipalityExists(id: string | null | undefined): Promise<void> {
    if (!id) return;
    if (!(await this.municipalities.exists(id))) {
      throw Problems.unprocessable('unknown-municipality', `municipality ${id} does not exist`, [
        { field: 'originMunicipalityId', message: 'originMunicipalityId must name an existing municipality' },
      ]);
    }
  }
}

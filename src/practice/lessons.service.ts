import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { ActorNames, assertMayWriteAt, type Actor, type Caller } from '../auth/index.js';
import { CohortDirectory } from '../cohorts/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import { MunicipalityPlaces, type MunicipalityRef } from '../municipalities/index.js';
import { WritePath } from '../platform/index.js';
import { SolutionCatalog, type SolutionRefData } from '../solutions/index.js';
import { TransferCasesService } from '../transfer-cases/index.js';
import type { CreateLessonDto, LessonListQuery } from './dto/lesson.dto.js';
import { Lesson } from './lesson.entity.js';
import { LESSON_RECORDS } from './practice-records.js';

export interface LessonView {
  lesson: Lesson;
  solution: SolutionRefData | null;
  municipality: MunicipalityRef | null;
  author: Actor | null;
}

const FILTERS: ListFilters<LessonListQuery> = { tag: 'l.tags @> ARRAY[:tag]::text[]' };

/** The subject of a lesson, checked: where it was learned, about which solution. */
interface Subject {
  caseId: string | null;
  cohortId: string | null;
  solutionId: string;
  place: { municipalityId: string; stateCode: string; regionId: string | null } | null;
}

/**
 * Lessons learned on cases and cohorts, read per solution: what the next adopter and the origin
 * should know. Written by whoever works the case (its region's pilot, the Transferstelle) or leads
 * or belongs to the cohort; never edited, so what was learned stays as it was said.
 */
@Injectable()
export class Lessons {
  constructor(
    @InjectRepository(Lesson) private readonly lessons: Repository<Lesson>,
    private readonly writes: WritePath,
    private readonly cases: TransferCasesService,
    private readonly cohorts: CohortDirectory,
    private readonly catalog: SolutionCatalog,
    private readonly places: MunicipalityPlaces,
    private readonly actors: ActorNames,
  ) {}

  create(caller: Caller, dto: CreateLessonDto): Promise<LessonView> {
    // Not expressible in the schema (both fields are optional there), so a 422 like other rules.
    if ((dto.caseId === undefined) === (dto.cohortId === undefined)) {
      throw Problems.unprocessable(
        'lesson-subject',
        'a lesson is learned on a case or in a cohort: name exactly one',
        [
          { field: 'caseId', message: 'exactly one of caseId and cohortId is required' },
          { field: 'cohortId', message: 'exactly one of caseId and cohortId is required' },
        ],
      );
    }
    return this.writes.run(caller, async (session) => {
      const subject = dto.caseId
        ? await this.caseSubject(caller, dto.caseId, dto.solutionId, session.tx)
        : await this.cohortSubject(caller, dto.cohortId!, dto.solutionId, session.tx);
      const { identifiers } = await session.tx.withRepository(this.lessons).insert({
        solutionId: subject.solutionId,
        caseId: subject.caseId,
        cohortId: subject.cohortId,
        municipalityId: subject.place?.municipalityId ?? null,
        regionId: subject.place?.regionId ?? null,
        stateCode: subject.place?.stateCode ?? null,
        title: dto.title.trim(),
        body: dto.body ?? '',
        adaptations: dto.adaptations ?? null,
        obstacles: dto.obstacles ?? null,
        costEuros: dto.costEuros ?? null,
        effortPersonDays: dto.effortPersonDays ?? null,
        durationMonths: dto.durationMonths ?? null,
        legalBasis: dto.legalBasis ?? null,
        materials: dto.materials ?? [],
        tags: dto.tags ?? [],
        authorUserId: caller.kind === 'user' ? caller.id : null,
      });
      const id = identifiers[0].id as string;
      await session.created(LESSON_RECORDS, id, {
        action: 'created',
        data: {
          solutionId: subject.solutionId,
          ...(subject.caseId ? { caseId: subject.caseId } : { cohortId: subject.cohortId }),
        },
      });
      return this.get(id, session.tx);
    });
  }

  async get(id: string, tx?: EntityManager): Promise<LessonView> {
    const [view] = await this.views(
      (tx ? tx.withRepository(this.lessons) : this.lessons)
        .createQueryBuilder('l')
        .where('l.id = :id', { id }),
      tx,
    );
    if (!view) throw Problems.notFound('lesson', id);
    return view;
  }

  /** Everything learned about a solution, newest first. */
  async forSolution(solutionId: string, query: LessonListQuery): Promise<Page<LessonView>> {
    if ((await this.catalog.refs([solutionId])).size === 0) throw Problems.notFound('solution', solutionId);
    const qb = this.lessons.createQueryBuilder('l').where('l.solution_id = :solutionId', { solutionId });
    const filters = applyListFilters(qb, query, FILTERS);
    return keysetPage(
      qb,
      {
        columns: ['l.created_at', 'l.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: ({ lesson }: LessonView) => [lesson.createdAt.toISOString(), lesson.id],
        direction: 'DESC',
      },
      query,
      cursorScope('lessons', { ...filters, solutionId }),
      (page) => this.views(page),
    );
  }

  /** A case's lesson: where its writers may write, about its chosen solution or a candidate. */
  private async caseSubject(
    caller: Caller,
    caseId: string,
    solutionId: string | undefined,
    tx: EntityManager,
  ): Promise<Subject> {
    const [state] = await this.cases.states([caseId], tx);
    if (!state) {
      throw Problems.unprocessable('unknown-case', `transfer case ${caseId} does not exist`, [
        { field: 'caseId', message: 'caseId must name an existing transfer case' },
      ]);
    }
    assertMayWriteAt(caller, state);
    const about = solutionId ?? state.chosenSolutionId;
    if (!about || (about !== state.chosenSolutionId && !state.candidateSolutionIds.includes(about))) {
      throw Problems.unprocessable(
        'solution-not-considered',
        about
          ? `solution ${about} is neither chosen nor a candidate of case ${caseId}`
          : `case ${caseId} has no chosen solution; name the candidate the lesson is about`,
        [
          {
            field: 'solutionId',
            message: 'solutionId must name the case’s chosen solution or one of its candidates',
          },
        ],
      );
    }
    return {
      caseId,
      cohortId: null,
      solutionId: about,
      place: { municipalityId: state.municipality.id, stateCode: state.stateCode, regionId: state.regionId },
    };
  }

  /** A cohort's lesson: by whoever leads it or a member's pilot; about the cohort's solution. */
  private async cohortSubject(
    caller: Caller,
    cohortId: string,
    solutionId: string | undefined,
    tx: EntityManager,
  ): Promise<Subject> {
    const cohort = await this.cohorts.subject(cohortId, tx);
    if (!cohort) {
      throw Problems.unprocessable('unknown-cohort', `cohort ${cohortId} does not exist`, [
        { field: 'cohortId', message: 'cohortId must name an existing cohort' },
      ]);
    }
    if (solutionId !== undefined && solutionId !== cohort.solutionId) {
      throw Problems.unprocessable('solution-not-considered', `cohort ${cohortId} adopts another solution`, [
        { field: 'solutionId', message: 'a cohort’s lesson is about the cohort’s solution' },
      ]);
    }
    const leads = caller.kind === 'user' && (caller.role !== 'lotse' || caller.id === cohort.facilitatorId);
    if (!leads) {
      const members = await this.cases.states(cohort.memberCaseIds, tx);
      const ownPilot =
        caller.kind === 'user' &&
        members.some((m) => m.regionId !== null && caller.regionIds.includes(m.regionId));
      if (!ownPilot) {
        throw Problems.forbidden('only whoever leads the cohort or a member’s pilot records its lessons');
      }
    }
    return { caseId: null, cohortId, solutionId: cohort.solutionId, place: null };
  }

  private async views(qb: SelectQueryBuilder<Lesson>, tx?: EntityManager): Promise<LessonView[]> {
    const { entities, raw } = await qb
      .addSelect(this.places.nameSql('l.municipality_id'), 'municipality_name')
      .addSelect(this.places.agsSql('l.municipality_id'), 'municipality_ags')
      .getRawAndEntities<{
        l_id: string;
        municipality_name: string | null;
        municipality_ags: string | null;
      }>();
    const names = new Map(raw.map((row) => [row.l_id, row]));
    const solutions = await this.catalog.refs(
      entities.map((l) => l.solutionId),
      tx,
    );
    const columns = (l: Lesson) => ({ actorUserId: l.authorUserId, actorClientId: null });
    const actors = await this.actors.of(entities.map(columns), tx);
    return entities.map((lesson) => {
      const row = names.get(lesson.id);
      return {
        lesson,
        solution: solutions.get(lesson.solutionId) ?? null,
        municipality:
          lesson.municipalityId && row?.municipality_name
            ? { id: lesson.municipalityId, name: row.municipality_name, ags: row.municipality_ags ?? '' }
            : null,
        author: actors.of(columns(lesson)),
      };
    });
  }
}

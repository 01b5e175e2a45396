import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { assertMayWriteAt, type Caller } from '../auth/index.js';
import { Clock } from '../common/clock.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { UUID_PATTERN } from '../common/validation/patterns.js';
import type { PracticeConfig } from '../config/app-config.js';
import { MunicipalityPlaces, type MunicipalityRef } from '../municipalities/index.js';
import { updateOf, WritePath, type WriteSession } from '../platform/index.js';
import { SolutionCatalog, type Solution, type SolutionRefData } from '../solutions/index.js';
import { CaseOutcomes, todayInGermany, type ImplementedCase } from '../transfer-cases/index.js';
import { Adoption, FollowUp, FollowUpResult } from './adoption.entity.js';
import type {
  AdoptionListQuery,
  FollowUpListQuery,
  RecordFollowUpDto,
  UpdateAdoptionDto,
} from './dto/adoption.dto.js';
import { PRACTICE_CONFIG } from './practice-config.js';
import { ADOPTION_RECORDS, FOLLOW_UP_RECORDS } from './practice-records.js';
import {
  evidenceDelta,
  evidenceOf,
  followUpSchedule,
  followUpStatus,
  latestResult,
  learnedFromRefusal,
} from './practice-rules.js';
import type { FollowUpStatus } from './practice-enums.js';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A follow-up with what it found last and where it stands today. */
export interface FollowUpView {
  followUp: FollowUp;
  status: FollowUpStatus;
  latest: FollowUpResult | null;
}

/** A follow-up as lists show it: with its adoption's case, municipality and solution. */
export interface FollowUpListView extends FollowUpView {
  caseId: string;
  municipality: MunicipalityRef;
  solution: SolutionRefData | null;
}

export interface AdoptionView {
  adoption: Adoption;
  municipality: MunicipalityRef;
  /** The earlier adoption it learned from; null: the origin. */
  learnedFrom: { adoptionId: string; municipality: MunicipalityRef } | null;
  followUps: FollowUpView[];
}

export interface LineageView {
  solution: Solution;
  origin: MunicipalityRef | null;
  counts: {
    adoptions: number;
    adapted: number;
    learnedFromAdopters: number;
    followedUp: number;
    stillInUse: number;
  };
  page: Page<AdoptionView>;
}

interface AdoptionNames {
  ad_id: string;
  municipality_name: string | null;
  municipality_ags: string | null;
  source_municipality_id: string | null;
  source_municipality_name: string | null;
  source_municipality_ags: string | null;
}

const FOLLOW_UP_FILTERS: ListFilters<FollowUpListQuery> = {
  status: {
    where: (status) =>
      ({
        recorded: 'f.last_recorded_at IS NOT NULL',
        pending: 'f.last_recorded_at IS NULL',
        overdue: 'f.last_recorded_at IS NULL AND f.due_on < CAST(:today AS date)',
        due: 'f.last_recorded_at IS NULL AND f.due_on >= CAST(:today AS date)',
      })[status],
  },
  regionId: 'f.region_id = :regionId',
  assigneeId: 'f.assignee_id = :assigneeId',
  solutionId: 'f.solution_id = :solutionId',
};

/**
 * Adoption lineage and impact follow-up: every case that reaches umgesetzt becomes an adoption
 * of its solution, in the case's write, with follow-ups due `FOLLOW_UP_MONTHS` after its
 * implementation date. Results are kept (never overwritten) and give the solution its evidence.
 */
@Injectable()
export class Adoptions implements OnModuleInit {
  constructor(
    @InjectRepository(Adoption) private readonly adoptions: Repository<Adoption>,
    @InjectRepository(FollowUp) private readonly followUps: Repository<FollowUp>,
    @InjectRepository(FollowUpResult) private readonly results: Repository<FollowUpResult>,
    @Inject(PRACTICE_CONFIG) private readonly config: PracticeConfig,
    private readonly writes: WritePath,
    private readonly outcomes: CaseOutcomes,
    private readonly catalog: SolutionCatalog,
    private readonly places: MunicipalityPlaces,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.outcomes.onImplemented(async (session, implemented) => {
      await this.record(session, implemented);
    });
  }

  /** The adoption of an implemented case and its follow-ups, each a record of its own, in the case's write. */
  async record(session: WriteSession, implemented: ImplementedCase): Promise<string> {
    const { identifiers } = await session.tx.withRepository(this.adoptions).insert({
      caseId: implemented.caseId,
      solutionId: implemented.solutionId,
      municipalityId: implemented.municipalityId,
      regionId: implemented.regionId,
      stateCode: implemented.stateCode,
      assigneeId: implemented.assigneeId,
      implementedOn: implemented.implementedOn,
    });
    const adoptionId = identifiers[0].id as string;
    await session.created(ADOPTION_RECORDS, adoptionId, {
      action: 'created',
      data: { caseId: implemented.caseId, solutionId: implemented.solutionId },
    });
    for (const { afterMonths, dueOn } of followUpSchedule(
      implemented.implementedOn,
      this.config.followUpMonths,
    )) {
      const inserted = await session.tx.withRepository(this.followUps).insert({
        adoptionId,
        solutionId: implemented.solutionId,
        regionId: implemented.regionId,
        stateCode: implemented.stateCode,
        assigneeId: implemented.assigneeId,
        afterMonths,
        dueOn,
      });
      await session.created(FOLLOW_UP_RECORDS, inserted.identifiers[0].id as string, {
        action: 'created',
        data: { adoptionId, afterMonths, dueOn },
      });
    }
    return adoptionId;
  }

  /** The origin and every adoption, first implemented first, with counts over all of them. */
  async lineage(solutionId: string, query: AdoptionListQuery): Promise<LineageView> {
    const [solution] = await this.catalog.inOrder([solutionId]);
    if (!solution) throw Problems.notFound('solution', solutionId);
    const [counts]: { adoptions: number; adapted: number; learned: number }[] = await this.adoptions.query(
      `SELECT count(*)::int AS adoptions, count(variant_note)::int AS adapted, count(learned_from_id)::int AS learned
       FROM adoptions WHERE solution_id = $1`,
      [solutionId],
    );
    const origin = solution.originMunicipalityId
      ? ((await this.municipalityRefs([solution.originMunicipalityId])).get(solution.originMunicipalityId) ??
        null)
      : null;
    const page = await keysetPage(
      this.adoptions.createQueryBuilder('ad').where('ad.solution_id = :solutionId', { solutionId }),
      {
        columns: ['ad.implemented_on', 'ad.id'],
        shape: [DATE_PATTERN, UUID_PATTERN],
        keyOf: ({ adoption }: AdoptionView) => [adoption.implementedOn, adoption.id],
      },
      query,
      cursorScope('adoptions', { solutionId }),
      (qb) => this.views(qb),
    );
    return {
      solution,
      origin,
      counts: {
        adoptions: counts.adoptions,
        adapted: counts.adapted,
        learnedFromAdopters: counts.learned,
        followedUp: solution.followedUpAdoptions,
        stillInUse: solution.adoptionsInUse,
      },
      page,
    };
  }

  async get(id: string, tx?: EntityManager): Promise<AdoptionView> {
    const qb = (tx ? tx.withRepository(this.adoptions) : this.adoptions)
      .createQueryBuilder('ad')
      .where('ad.id = :id', { id });
    const [view] = await this.views(qb, tx);
    if (!view) throw Problems.notFound('adoption', id);
    return view;
  }

  /** The variant note and who it learned from: its own pilot (its region), the Transferstelle, admins. */
  update(
    caller: Caller,
    id: string,
    dto: UpdateAdoptionDto,
    expectedVersion?: number,
  ): Promise<AdoptionView> {
    return this.writes.run(caller, async (session) => {
      const adoption = await session.lock(ADOPTION_RECORDS, id, {
        expectedVersion,
        authorize: (row) => assertMayWriteAt(caller, row),
      });
      if (dto.learnedFromAdoptionId) {
        const source = await session.tx
          .withRepository(this.adoptions)
          .findOneBy({ id: dto.learnedFromAdoptionId });
        const refusal = source
          ? learnedFromRefusal(adoption, source)
          : 'learnedFromAdoptionId must name an existing adoption';
        if (refusal) {
          throw Problems.unprocessable('invalid-lineage', refusal, [
            { field: 'learnedFromAdoptionId', message: refusal },
          ]);
        }
      }
      const change = updateOf(adoption, {
        variantNote: dto.variantNote === undefined ? undefined : (dto.variantNote?.trim() ?? null),
        learnedFromId: dto.learnedFromAdoptionId,
      });
      if (change) await session.changed(ADOPTION_RECORDS, adoption, change);
      return this.get(id, session.tx);
    });
  }

  /** Follow-ups by due date, soonest (or longest overdue) first. */
  async followUpList(query: FollowUpListQuery): Promise<Page<FollowUpListView>> {
    const today = this.today();
    const qb = this.followUps.createQueryBuilder('f').setParameter('today', today);
    const filters = applyListFilters(qb, query, FOLLOW_UP_FILTERS);
    // Overdue and due depend on the day: a cursor of yesterday's list is not continued today.
    if (query.status === 'overdue' || query.status === 'due') filters.today = today;
    return keysetPage(
      qb,
      {
        columns: ['f.due_on', 'f.id'],
        shape: [DATE_PATTERN, UUID_PATTERN],
        keyOf: ({ followUp }: FollowUpListView) => [followUp.dueOn, followUp.id],
      },
      query,
      cursorScope('follow-ups', filters),
      (page) => this.followUpViews(page),
    );
  }

  async followUp(id: string, tx?: EntityManager): Promise<FollowUpListView & { results: FollowUpResult[] }> {
    const qb = (tx ? tx.withRepository(this.followUps) : this.followUps)
      .createQueryBuilder('f')
      .where('f.id = :id', { id });
    const [view] = await this.followUpViews(qb, tx);
    if (!view) throw Problems.notFound('follow-up', id);
    const results = await (tx ? tx.withRepository(this.results) : this.results).find({
      where: { followUpId: id },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
    return { ...view, results };
  }

  /**
   * A follow-up's result, added to its history (a later one corrects, never overwrites), and
   * what it changes in the solution's evidence. Under the adoption's lock, so two results of one
   * adoption's follow-ups never count its evidence twice.
   */
  recordResult(
    caller: Caller,
    id: string,
    dto: RecordFollowUpDto,
    expectedVersion?: number,
  ): Promise<FollowUpListView & { results: FollowUpResult[] }> {
    return this.writes.run(caller, async (session) => {
      const followUp = await session.lock(FOLLOW_UP_RECORDS, id, {
        expectedVersion,
        authorize: (row) => assertMayWriteAt(caller, row),
      });
      if (dto.observedOn > this.today()) {
        throw Problems.unprocessable('observed-in-future', `observedOn ${dto.observedOn} is after today`, [
          { field: 'observedOn', message: 'observedOn must not be in the future' },
        ]);
      }
      const effect = dto.measuredEffect ?? {};
      if (effect.value !== undefined && effect.unit === undefined) {
        throw Problems.validation([
          { field: 'measuredEffect.unit', message: 'measuredEffect.unit is required with a value' },
        ]);
      }
      await session.tx
        .withRepository(this.adoptions)
        .createQueryBuilder('ad')
        .setLock('pessimistic_write')
        .where('ad.id = :id', { id: followUp.adoptionId })
        .getOne();
      const siblings = await session.tx.withRepository(this.followUps).find({
        where: { adoptionId: followUp.adoptionId },
        select: { id: true },
      });
      const before = await session.tx.withRepository(this.results).find({
        where: { followUpId: In(siblings.map((f) => f.id)) },
      });
      const { identifiers } = await session.tx.withRepository(this.results).insert({
        followUpId: id,
        stillInUse: dto.stillInUse,
        effectValue: effect.value === undefined ? null : String(effect.value),
        effectUnit: effect.unit?.trim() ?? null,
        effectText: effect.text?.trim() ?? null,
        observedOn: dto.observedOn,
        recordedByUserId: caller.kind === 'user' ? caller.id : null,
      });
      const added = await session.tx
        .withRepository(this.results)
        .findOneByOrFail({ id: identifiers[0].id as string });
      await this.catalog.recordFollowUpEvidence(
        session.tx,
        followUp.solutionId,
        evidenceDelta(evidenceOf(before), evidenceOf([...before, added])),
      );
      await session.changed(FOLLOW_UP_RECORDS, followUp, {
        action: 'result_recorded',
        data: { stillInUse: dto.stillInUse, observedOn: dto.observedOn },
        set: { lastRecordedAt: added.recordedAt, results: followUp.results + 1 },
      });
      return this.followUp(id, session.tx);
    });
  }

  private today(): string {
    return todayInGermany(this.clock.now());
  }

  /** The adoptions a query selects (alias `ad`), with municipality names in the query, follow-ups in one more. */
  private async views(qb: SelectQueryBuilder<Adoption>, tx?: EntityManager): Promise<AdoptionView[]> {
    const source = '(SELECT src.municipality_id FROM adoptions src WHERE src.id = ad.learned_from_id)';
    const { entities, raw } = await qb
      .addSelect(this.places.nameSql('ad.municipality_id'), 'municipality_name')
      .addSelect(this.places.agsSql('ad.municipality_id'), 'municipality_ags')
      .addSelect(source, 'source_municipality_id')
      .addSelect(this.places.nameSql(source), 'source_municipality_name')
      .addSelect(this.places.agsSql(source), 'source_municipality_ags')
      .getRawAndEntities<AdoptionNames>();
    const names = new Map(raw.map((row) => [row.ad_id, row]));
    const followUps = await this.followUpsOf(
      entities.map((a) => a.id),
      tx,
    );
    return entities.map((adoption) => {
      const row = names.get(adoption.id);
      return {
        adoption,
        municipality: {
          id: adoption.municipalityId,
          name: row?.municipality_name ?? '',
          ags: row?.municipality_ags ?? '',
        },
        learnedFrom:
          adoption.learnedFromId && row?.source_municipality_id
            ? {
                adoptionId: adoption.learnedFromId,
                municipality: {
                  id: row.source_municipality_id,
                  name: row.source_municipality_name ?? '',
                  ags: row.source_municipality_ags ?? '',
                },
              }
            : null,
        followUps: followUps.get(adoption.id) ?? [],
      };
    });
  }

  /** Each adoption's follow-ups with their latest results: two queries, whatever the number. */
  private async followUpsOf(
    adoptionIds: readonly string[],
    tx?: EntityManager,
  ): Promise<Map<string, FollowUpView[]>> {
    if (adoptionIds.length === 0) return new Map();
    const followUps = await (tx ? tx.withRepository(this.followUps) : this.followUps).find({
      where: { adoptionId: In([...adoptionIds]) },
      order: { afterMonths: 'ASC' },
    });
    const latest = await this.latestOf(
      followUps.map((f) => f.id),
      tx,
    );
    const today = this.today();
    const byAdoption = new Map<string, FollowUpView[]>();
    for (const followUp of followUps) {
      const list = byAdoption.get(followUp.adoptionId) ?? [];
      list.push({
        followUp,
        status: followUpStatus(followUp, today),
        latest: latest.get(followUp.id) ?? null,
      });
      byAdoption.set(followUp.adoptionId, list);
    }
    return byAdoption;
  }

  private async latestOf(
    followUpIds: readonly string[],
    tx?: EntityManager,
  ): Promise<Map<string, FollowUpResult>> {
    if (followUpIds.length === 0) return new Map();
    const results = await (tx ? tx.withRepository(this.results) : this.results).find({
      where: { followUpId: In([...followUpIds]) },
    });
    const byFollowUp = new Map<string, FollowUpResult[]>();
    for (const r of results) byFollowUp.set(r.followUpId, [...(byFollowUp.get(r.followUpId) ?? []), r]);
    return new Map([...byFollowUp].map(([id, list]) => [id, latestResult(list)!]));
  }

  private async followUpViews(
    qb: SelectQueryBuilder<FollowUp>,
    tx?: EntityManager,
  ): Promise<FollowUpListView[]> {
    const municipality = '(SELECT ad.municipality_id FROM adoptions ad WHERE ad.id = f.adoption_id)';
    const { entities, raw } = await qb
      .addSelect('(SELECT ad.case_id FROM adoptions ad WHERE ad.id = f.adoption_id)', 'case_id')
      .addSelect(municipality, 'municipality_id')
      .addSelect(this.places.nameSql(municipality), 'municipality_name')
      .addSelect(this.places.agsSql(municipality), 'municipality_ags')
      .getRawAndEntities<{
        f_id: string;
        case_id: string;
        municipality_id: string;
        municipality_name: string | null;
        municipality_ags: string | null;
      }>();
    const rows = new Map(raw.map((row) => [row.f_id, row]));
    const latest = await this.latestOf(
      entities.map((f) => f.id),
      tx,
    );
    const solutions = await this.catalog.refs(
      entities.map((f) => f.solutionId),
      tx,
    );
    const today = this.today();
    return entities.map((followUp) => {
      const row = rows.get(followUp.id);
      return {
        followUp,
        status: followUpStatus(followUp, today),
        latest: latest.get(followUp.id) ?? null,
        caseId: row?.case_id ?? '',
        municipality: {
          id: row?.municipality_id ?? '',
          name: row?.municipality_name ?? '',
          ags: row?.municipality_ags ?? '',
        },
        solution: solutions.get(followUp.solutionId) ?? null,
      };
    });
  }

  private async municipalityRefs(ids: string[]): Promise<Map<string, MunicipalityRef>> {
    const rows: { id: string; name: string; ags: string }[] = await this.adoptions.query(
      `SELECT x.id, ${this.places.nameSql('x.id')} AS name, ${this.places.agsSql('x.id')} AS ags
       FROM unnest($1::uuid[]) AS x(id)`,
      [ids],
    );
    return new Map(rows.filter((r) => r.name !== null).map((r) => [r.id, r]));
  }
}

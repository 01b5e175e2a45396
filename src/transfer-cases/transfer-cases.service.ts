import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { assertMayWriteAt, isAllowed, mayWriteAt, type Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, readRowsWith, type ExtraColumns, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import { MunicipalityPlaces, type MunicipalityRef } from '../municipalities/index.js';
import { NeedsService } from '../needs/index.js';
import { WritePath, type WriteSession } from '../platform/index.js';
import { SolutionCatalog, type SolutionRefData } from '../solutions/index.js';
import { Pilots } from '../users/index.js';
import { todayInGermany } from './berlin-date.js';
import { CASE_WRITERS } from './case-access.js';
import { CaseAffiliations, type CaseAffiliation } from './case-affiliations.js';
import { CaseOutcomes } from './case-outcomes.js';
import { CaseCandidate } from './case-candidate.entity.js';
import { CASE_RECORDS } from './case-records.js';
import {
  availableTransitions,
  CONDITION_FIELDS,
  CONDITION_MESSAGES,
  decideUpdate,
  planTransition,
  type CaseFacts,
  type CasePatch,
  type EditRefusal,
  type TransitionPlan,
  type TransitionRequest,
} from './case-state-machine.js';
import type { CaseStatus } from './case-status.js';
import type { CaseListQuery } from './dto/case-list.query.js';
import type { OpenCaseDto } from './dto/open-case.dto.js';
import { TransferCase } from './transfer-case.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';

/** A case as lists show it: with its need's title and its municipality's name and AGS. */
export interface CaseSummaryView {
  transferCase: TransferCase;
  needTitle: string;
  municipality: MunicipalityRef;
  /** Where the query asked for it (the case page). */
  affiliation?: CaseAffiliation;
}

/** Everything the case page shows: the case with its candidates, the solutions they name, the moves on offer. */
export interface CaseView extends CaseSummaryView {
  candidates: CaseCandidate[];
  solutions: Map<string, SolutionRefData>;
  transitions: ReturnType<typeof availableTransitions>;
  /** The cohort it is in and the transfer team supporting it, if any. */
  affiliation: CaseAffiliation;
}

/** A case as a cohort or a transfer team sees it: where it is, how far it got and since when, what it considers. */
export interface CaseMemberState {
  id: string;
  municipality: MunicipalityRef;
  regionId: string | null;
  stateCode: string;
  status: CaseStatus;
  version: number;
  chosenSolutionId: string | null;
  candidateSolutionIds: string[];
  /** When the case reached its status: its last move, or its opening. */
  stageSince: Date;
}

/** A member of a group move, with the version its caller saw (a changed one: the member stays). */
export interface MemberMoveInput {
  caseId: string;
  expectedVersion?: number;
}

/** What the group adds to a member's move, or the group's own conditions it does not meet. */
export type MemberReadiness =
  { kind: 'request'; request: TransitionRequest } | { kind: 'unmet'; unmet: string[] };

export interface MemberMoveResult {
  caseId: string;
  /** moved; its conditions unmet; its status has no such move; its version changed meanwhile. */
  outcome: 'moved' | 'conditions_unmet' | 'wrong_stage' | 'stale';
  fromStatus: CaseStatus;
  status: CaseStatus;
  version: number;
  unmetConditions: string[];
  allowedTargets: CaseStatus[];
}

/** The columns `summaries` reads beside a case (the case page also its cohort and team). */
interface CaseNames {
  needTitle: string | null;
  municipalityName: string | null;
  municipalityAgs: string | null;
  cohort?: CaseAffiliation['cohort'];
  transferTeam?: CaseAffiliation['transferTeam'];
}

const FILTERS: ListFilters<CaseListQuery> = {
  status: 'c.status = :status',
  stateCode: 'c.state_code = :stateCode',
  regionId: 'c.region_id = :regionId',
  municipalityId: 'c.municipality_id = :municipalityId',
  needId: 'c.need_id = :needId',
  assigneeId: 'c.assignee_id = :assigneeId',
  solutionId: 'c.chosen_solution_id = :solutionId',
  openedFrom: 'c.opened_at >= :openedFrom',
  openedTo: 'c.opened_at < :openedTo',
  changedFrom: 'c.updated_at >= :changedFrom',
  changedTo: 'c.updated_at < :changedTo',
};

/** A case still being worked on (one per need at most). */
const OPEN_STATUSES: CaseStatus[] = ['erfasst', 'recherchiert', 'vermittelt'];

@Injectable()
export class TransferCasesService {
  constructor(
    @InjectRepository(TransferCase) private readonly cases: Repository<TransferCase>,
    private readonly writes: WritePath,
    private readonly needs: NeedsService,
    private readonly places: MunicipalityPlaces,
    private readonly pilots: Pilots,
    private readonly solutions: SolutionCatalog,
    private readonly affiliations: CaseAffiliations,
    private readonly outcomes: CaseOutcomes,
  ) {}

  /** Opens a case for a need; region and municipality come from the need. */
  async open(caller: Caller, dto: OpenCaseDto): Promise<CaseView> {
    const need = await this.needs.find(dto.needId);
    if (!need) {
      throw Problems.unprocessable('unknown-need', `need ${dto.needId} does not exist`, [
        { field: 'needId', message: 'needId must name an existing need' },
      ]);
    }
    if (need.status !== 'open') throw Problems.conflict('need-closed', `need ${need.id} is ${need.status}`);
    const place = await this.places.placeOf(need.municipalityId);
    if (!place) throw new Error(`need ${need.id} names a municipality that does not exist`);
    assertMayWriteAt(caller, place);
    if (dto.assigneeId) await this.assertPilotOf(dto.assigneeId, place.regionId);
    return this.writes.run(caller, async (session) => {
      const id = await this.insertCase(session, need.id, place, dto.assigneeId ?? null);
      return this.view(caller, id, session.tx);
    });
  }

  /**
   * The need's open case, or a new one for it (assigned to `assigneeId` when that is a pilot of
   * its region), inside a write of another module: accepting a match alert.
   */
  async openCaseOf(
    session: WriteSession,
    caller: Caller,
    needId: string,
    assigneeId: string | null,
  ): Promise<string> {
    const open = await session.tx
      .withRepository(this.cases)
      .findOne({ where: { needId, status: In(OPEN_STATUSES) }, select: { id: true } });
    if (open) return open.id;
    const need = await this.needs.find(needId, session.tx);
    if (!need || need.status !== 'open') throw Problems.conflict('need-closed', `need ${needId} is not open`);
    const place = await this.places.placeOf(need.municipalityId, session.tx);
    if (!place) throw new Error(`need ${need.id} names a municipality that does not exist`);
    assertMayWriteAt(caller, place);
    const assignee =
      assigneeId && (await this.pilots.isActivePilotOf(assigneeId, place.regionId, session.tx))
        ? assigneeId
        : null;
    return this.insertCase(session, need.id, place, assignee);
  }

  private async insertCase(
    session: WriteSession,
    needId: string,
    place: { id: string; regionId: string | null; stateCode: string },
    assigneeId: string | null,
  ): Promise<string> {
    // A second open case for the need is refused by a partial unique index (409 via the filter).
    const { identifiers } = await session.tx.withRepository(this.cases).insert({
      needId,
      municipalityId: place.id,
      regionId: place.regionId,
      stateCode: place.stateCode,
      assigneeId,
      status: 'erfasst',
    });
    const id = identifiers[0].id as string;
    await session.created(CASE_RECORDS, id, {
      action: 'created',
      data: { needId },
      history: [{ type: 'created', to: 'erfasst', data: { needId, assigneeId } }],
    });
    return id;
  }

  /**
   * For each of these needs its open case, if any, with its choice and candidates: what a match
   * alert must know (is a solution chosen? is this one considered already?). One query.
   */
  async openCasesOf(
    needIds: readonly string[],
    tx?: EntityManager,
  ): Promise<
    Map<string, { caseId: string; chosenSolutionId: string | null; candidateSolutionIds: string[] }>
  > {
    if (needIds.length === 0) return new Map();
    const rows: {
      id: string;
      need_id: string;
      chosen_solution_id: string | null;
      candidate_ids: string[];
    }[] = await inTransaction(this.cases, tx).query(
      `SELECT c.id, c.need_id, c.chosen_solution_id,
                ARRAY(SELECT cc.solution_id FROM transfer_case_candidates cc WHERE cc.case_id = c.id) AS candidate_ids
         FROM transfer_cases c
         WHERE c.need_id = ANY($1::uuid[]) AND c.status = ANY($2::text[])`,
      [needIds, OPEN_STATUSES],
    );
    return new Map(
      rows.map((r) => [
        r.need_id,
        { caseId: r.id, chosenSolutionId: r.chosen_solution_id, candidateSolutionIds: r.candidate_ids },
      ]),
    );
  }

  /**
   * The case page: the case with its candidates in one query, their solutions in a second, its
   * need's title and its municipality in one more each. A write reads it in its own transaction
   * (`tx`), so its answer and ETag show exactly what that write left, not what a concurrent write
   * committed a moment later.
   */
  async view(caller: Caller, id: string, tx?: EntityManager): Promise<CaseView> {
    const qb = inTransaction(this.cases, tx)
      .createQueryBuilder('c')
      .leftJoinAndMapMany('c.candidates', CaseCandidate, 'cc', 'cc.case_id = c.id')
      .where('c.id = :id', { id });
    const [summary] = await this.summaries(qb, {
      cohort: this.affiliations.cohortSql('c.id'),
      transferTeam: this.affiliations.transferTeamSql('c.id'),
    });
    if (!summary) throw Problems.notFound('transfer case', id);
    const found = summary.transferCase;
    const candidates = found.candidates ?? [];
    const solutions = await this.solutions.refs(
      [...candidates.map((c) => c.solutionId), ...(found.chosenSolutionId ? [found.chosenSolutionId] : [])],
      tx,
    );
    candidates.sort(
      (a, b) =>
        a.addedAt.getTime() - b.addedAt.getTime() ||
        (a.suggestionRank ?? Number.MAX_SAFE_INTEGER) - (b.suggestionRank ?? Number.MAX_SAFE_INTEGER) ||
        compare(solutions.get(a.solutionId)?.slug, solutions.get(b.solutionId)?.slug),
    );
    const mayWrite = isAllowed(caller, CASE_WRITERS) && mayWriteAt(caller, found);
    return {
      ...summary,
      candidates,
      solutions,
      transitions: mayWrite ? availableTransitions(factsOf(found, candidates), todayInGermany()) : [],
      affiliation: summary.affiliation ?? { cohort: null, transferTeam: null },
    };
  }

  /**
   * The member view of these cases, in one query whatever their number: place and names, status,
   * version, choice and candidates, and since when the case is in its status.
   */
  async states(ids: readonly string[], tx?: EntityManager): Promise<CaseMemberState[]> {
    if (ids.length === 0) return [];
    const rows: {
      id: string;
      municipality_id: string;
      municipality_name: string | null;
      municipality_ags: string | null;
      region_id: string | null;
      state_code: string;
      status: CaseStatus;
      version: number;
      chosen_solution_id: string | null;
      candidate_ids: string[];
      stage_since: Date;
    }[] = await inTransaction(this.cases, tx).query(
      `SELECT c.id, c.municipality_id, c.region_id, c.state_code, c.status, c.version, c.chosen_solution_id,
              ${this.places.nameSql('c.municipality_id')} AS municipality_name,
              ${this.places.agsSql('c.municipality_id')} AS municipality_ags,
              ARRAY(SELECT cc.solution_id FROM transfer_case_candidates cc
                    WHERE cc.case_id = c.id ORDER BY cc.solution_id) AS candidate_ids,
              COALESCE((SELECT e.at FROM transfer_case_events e
                        WHERE e.case_id = c.id AND e.type = 'transitioned'
                        ORDER BY e.seq DESC LIMIT 1), c.opened_at) AS stage_since
       FROM transfer_cases c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id`,
      [ids],
    );
    return rows.map((row) => ({
      id: row.id,
      municipality: {
        id: row.municipality_id,
        name: row.municipality_name ?? '',
        ags: row.municipality_ags ?? '',
      },
      regionId: row.region_id,
      stateCode: row.state_code,
      status: row.status,
      version: row.version,
      chosenSolutionId: row.chosen_solution_id,
      candidateSolutionIds: row.candidate_ids,
      stageSince: row.stage_since,
    }));
  }

  /**
   * Moves a group's member cases to `to` inside the group's write: each locked (in id order, so
   * two group moves queue rather than deadlock), each through its own guards with what the group
   * adds (`prepare`), each with its own timeline entry and change record. A member whose version
   * is not the one its caller saw stays where it is.
   */
  async moveTogether(
    session: WriteSession,
    members: readonly MemberMoveInput[],
    to: CaseStatus,
    prepare: (facts: CaseFacts) => MemberReadiness,
    groupData: Record<string, unknown>,
  ): Promise<MemberMoveResult[]> {
    if (members.length === 0) return [];
    const ids = members.map((m) => m.caseId);
    const expected = new Map(members.map((m) => [m.caseId, m.expectedVersion]));
    const rows = await session.tx
      .getRepository(TransferCase)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id IN (:...ids)', { ids })
      .orderBy('c.id')
      .getMany();
    const candidates = await session.tx.getRepository(CaseCandidate).findBy({ caseId: In(ids) });
    const today = todayInGermany();
    const now = new Date();
    const results: MemberMoveResult[] = [];
    for (const current of rows) {
      const unchanged: MemberMoveResult = {
        caseId: current.id,
        outcome: 'stale',
        fromStatus: current.status,
        status: current.status,
        version: current.version,
        unmetConditions: [],
        allowedTargets: [],
      };
      const seen = expected.get(current.id);
      if (seen !== undefined && seen !== current.version) {
        results.push(unchanged);
        continue;
      }
      const facts = factsOf(
        current,
        candidates.filter((c) => c.caseId === current.id),
      );
      const readiness = prepare(facts);
      if (readiness.kind === 'unmet') {
        results.push({ ...unchanged, outcome: 'conditions_unmet', unmetConditions: readiness.unmet });
        continue;
      }
      const plan = planTransition(facts, to, readiness.request, today, now);
      if (plan.kind === 'illegal') {
        results.push({ ...unchanged, outcome: 'wrong_stage', allowedTargets: plan.allowedTargets });
      } else if (plan.kind === 'unmet') {
        results.push({ ...unchanged, outcome: 'conditions_unmet', unmetConditions: plan.unmet });
      } else {
        const version = await this.applyMove(session, current, plan, groupData);
        results.push({ ...unchanged, outcome: 'moved', status: plan.next.status, version });
      }
    }
    return results;
  }

  /** Newest first, each case with the names of its need and municipality, in one query. */
  list(query: CaseListQuery): Promise<Page<CaseSummaryView>> {
    const qb = this.cases.createQueryBuilder('c');
    const filters = applyListFilters(qb, query, FILTERS);
    return keysetPage(
      qb,
      {
        columns: ['c.opened_at', 'c.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: ({ transferCase: c }) => [c.openedAt.toISOString(), c.id],
        direction: 'DESC',
      },
      query,
      cursorScope('transfer-cases', filters),
      (page) => this.summaries(page),
    );
  }

  /**
   * Reads the cases a query selects (alias `c`) with the names of what they are about: subqueries
   * needs/ and municipalities/ supply, so the page stays one query and each table one module's.
   */
  private async summaries(
    qb: SelectQueryBuilder<TransferCase>,
    affiliation?: ExtraColumns<Pick<CaseNames, 'cohort' | 'transferTeam'>>,
  ): Promise<CaseSummaryView[]> {
    const rows = await readRowsWith<TransferCase, CaseNames>(qb, {
      needTitle: this.needs.titleSql('c.need_id'),
      municipalityName: this.places.nameSql('c.municipality_id'),
      municipalityAgs: this.places.agsSql('c.municipality_id'),
      ...affiliation,
    });
    // Need and municipality exist while the case does (foreign keys, ON DELETE RESTRICT).
    return rows.map(({ row: transferCase, extra }) => ({
      transferCase,
      needTitle: extra.needTitle ?? '',
      municipality: {
        id: transferCase.municipalityId,
        name: extra.municipalityName ?? '',
        ags: extra.municipalityAgs ?? '',
      },
      ...(affiliation && {
        affiliation: { cohort: extra.cohort ?? null, transferTeam: extra.transferTeam ?? null },
      }),
    }));
  }

  /** Assignee, and the facts the next moves need: choice and contact (recherchiert), measured effect (umgesetzt). */
  async update(caller: Caller, id: string, patch: CasePatch, expectedVersion?: number): Promise<CaseView> {
    return this.writes.run(caller, async (session) => {
      const { current, facts } = await this.lock(session, caller, id, expectedVersion);
      const decision = decideUpdate(id, facts, patch);
      if (decision.kind === 'refused') throw refused(decision);
      if (decision.kind === 'not-a-candidate') {
        throw Problems.unprocessable('not-a-candidate', decision.detail, [
          { field: 'chosenSolutionId', message: 'chosenSolutionId must name a candidate of this case' },
        ]);
      }
      if (decision.events.length > 0) {
        if (patch.assigneeId) await this.assertPilotOf(patch.assigneeId, current.regionId, session.tx);
        await session.changed(CASE_RECORDS, current, {
          action: 'updated',
          set: decision.changes,
          data: { events: decision.events.map((e) => e.type) },
          history: decision.events,
        });
      }
      return this.view(caller, id, session.tx);
    });
  }

  /**
   * Moves the case, with the state machine deciding under the row lock: 409 for a move the
   * machine does not have (naming the allowed targets), 422 listing every unmet condition.
   */
  async transition(
    caller: Caller,
    id: string,
    to: CaseStatus,
    request: TransitionRequest,
    expectedVersion?: number,
  ): Promise<CaseView> {
    return this.writes.run(caller, async (session) => {
      const { current, facts } = await this.lock(session, caller, id, expectedVersion);
      const plan = planTransition(facts, to, request, todayInGermany(), new Date());
      if (plan.kind === 'illegal') {
        throw Problems.illegalTransition('case', current.status, to, plan.allowedTargets);
      }
      if (plan.kind === 'unmet') {
        throw Problems.transitionConditionsUnmet(
          current.status,
          to,
          plan.unmet,
          CONDITION_FIELDS,
          CONDITION_MESSAGES,
        );
      }
      await this.applyMove(session, current, plan);
      return this.view(caller, id, session.tx);
    });
  }

  /**
   * Writes a move the state machine allowed: its columns, its timeline entry and change record
   * (with what a group adds to both, its `cohortId`), and an implemented transfer of the chosen
   * solution on umgesetzt. The case's new version.
   */
  private async applyMove(
    session: WriteSession,
    current: TransferCase,
    plan: Extract<TransitionPlan, { kind: 'allowed' }>,
    groupData: Record<string, unknown> = {},
  ): Promise<number> {
    if (plan.next.status === 'umgesetzt' && plan.next.chosenSolutionId) {
      await this.solutions.recordImplementedTransfer(session.tx, plan.next.chosenSolutionId);
    }
    const { version } = await session.changed(CASE_RECORDS, current, {
      action: 'transitioned',
      set: plan.changes,
      data: { from: current.status, to: plan.next.status, ...groupData },
      history: [{ ...plan.event, data: { ...plan.event.data, ...groupData } }],
    });
    // The need follows its case; an implemented case becomes an adoption (practice/).
    if (plan.next.status === 'umgesetzt' || plan.next.status === 'abgebrochen') {
      await this.needs.followCase(session, current.needId, {
        caseId: current.id,
        status: plan.next.status,
        reason: plan.changes.cancelReason ?? null,
      });
    }
    if (plan.next.status === 'umgesetzt' && plan.next.chosenSolutionId && plan.next.implementedOn) {
      await this.outcomes.implemented(session, {
        caseId: current.id,
        needId: current.needId,
        solutionId: plan.next.chosenSolutionId,
        implementedOn: plan.next.implementedOn,
        municipalityId: current.municipalityId,
        regionId: current.regionId,
        stateCode: current.stateCode,
        assigneeId: current.assigneeId,
      });
    }
    return version;
  }

  /**
   * Locks the case for a write (404, 403 outside the caller's territory, 412 when stale) and
   * gathers the facts its rules decide on.
   */
  async lock(session: WriteSession, caller: Caller, id: string, expectedVersion?: number) {
    const current = await session.lock(CASE_RECORDS, id, {
      expectedVersion,
      authorize: (transferCase) => assertMayWriteAt(caller, transferCase),
    });
    const candidates = await session.tx.getRepository(CaseCandidate).findBy({ caseId: id });
    return { current, candidates, facts: factsOf(current, candidates) };
  }

  /** The assignee must be an active pilot working in the case's region. */
  private async assertPilotOf(userId: string, regionId: string | null, tx?: EntityManager): Promise<void> {
    if (!(await this.pilots.isActivePilotOf(userId, regionId, tx))) {
      throw Problems.unprocessable(
        'assignee-not-a-pilot-here',
        'the assignee must be a pilot of the case’s region',
        [
          {
            field: 'assigneeId',
            message: 'assigneeId must name an active pilot (lotse) of the case’s region',
          },
        ],
      );
    }
  }
}

export function factsOf(c: TransferCase, candidates: readonly CaseCandidate[]): CaseFacts {
  return {
    status: c.status,
    candidates: candidates.map((candidate) => ({
      solutionId: candidate.solutionId,
      rationale: candidate.rationale,
    })),
    chosenSolutionId: c.chosenSolutionId,
    originContact: c.originContact,
    implementedOn: c.implementedOn,
    outcomeNote: c.outcomeNote,
  };
}

/** A rule of the state machine refused an edit: 409 with the rule as problem type. */
export function refused(refusal: EditRefusal) {
  return Problems.conflict(refusal.rule, refusal.detail);
}

function compare(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

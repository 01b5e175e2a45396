import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { assertMayWriteAt, type Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import { updateOf, WritePath, type WriteSession } from '../platform/index.js';
import { SolutionCatalog, type SolutionRefData } from '../solutions/index.js';
import { todayInGermany, TransferCasesService, type CaseMemberState } from '../transfer-cases/index.js';
import { Pilots } from '../users/index.js';
import { COHORT_RECORDS } from './cohort-records.js';
import {
  availableCohortTransitions,
  COHORT_CONDITION_FIELDS,
  COHORT_CONDITION_MESSAGES,
  decideCohortTransition,
  prepareMemberMove,
  progressOf,
  type CohortFacts,
} from './cohort-rules.js';
import { Cohort, CohortMember, CohortMilestone, CohortMilestoneProgress } from './cohort.entity.js';
import type {
  CohortListQuery,
  CohortMoveDto,
  CohortStatusTransitionDto,
  CreateCohortDto,
  CreateMilestoneDto,
  MilestoneProgressDto,
  UpdateCohortDto,
  UpdateMilestoneDto,
} from './dto/cohort.dto.js';
import { moveResponse } from './dto/group.response.js';
import { GroupMembers } from './group-members.js';
import { TransferTeam, TransferTeamMember } from './transfer-team.entity.js';
import type { CohortSummaryView, CohortView, MoveView } from './views.js';

const FILTERS: ListFilters<CohortListQuery> = {
  status: 'k.status = :status',
  solutionId: 'k.solution_id = :solutionId',
  facilitatorId: 'k.facilitator_id = :facilitatorId',
  transferTeamId: 'k.transfer_team_id = :transferTeamId',
};

@Injectable()
export class CohortsService {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(CohortMember) private readonly members: Repository<CohortMember>,
    @InjectRepository(CohortMilestone) private readonly milestones: Repository<CohortMilestone>,
    @InjectRepository(CohortMilestoneProgress) private readonly progress: Repository<CohortMilestoneProgress>,
    @InjectRepository(TransferTeam) private readonly teams: Repository<TransferTeam>,
    @InjectRepository(TransferTeamMember) private readonly teamMembers: Repository<TransferTeamMember>,
    private readonly writes: WritePath,
    private readonly solutions: SolutionCatalog,
    private readonly cases: TransferCasesService,
    private readonly pilots: Pilots,
    private readonly people: GroupMembers,
  ) {}

  /** A pilot may start a cohort she leads herself; the Transferstelle any. */
  async create(caller: Caller, dto: CreateCohortDto): Promise<CohortView> {
    if (caller.kind === 'user' && caller.role === 'lotse' && caller.id !== dto.facilitatorId) {
      throw Problems.forbidden('a pilot starts cohorts she facilitates herself', [
        { field: 'facilitatorId', message: 'facilitatorId must be your own id' },
      ]);
    }
    return this.writes.run(caller, async (session) => {
      const solution = await this.solutions.active(dto.solutionId, session.tx);
      if (!solution) {
        throw Problems.unprocessable(
          'unknown-solution',
          `solution ${dto.solutionId} does not exist or is archived`,
          [{ field: 'solutionId', message: 'solutionId must name an active solution' }],
        );
      }
      const teamId = dto.transferTeamId ?? null;
      await this.assertTeamOf(teamId, solution.id, session.tx);
      await this.assertFacilitator(dto.facilitatorId, teamId, session.tx);
      const { identifiers } = await session.tx.withRepository(this.cohorts).insert({
        solutionId: solution.id,
        title: dto.title.trim(),
        description: dto.description ?? null,
        facilitatorId: dto.facilitatorId,
        transferTeamId: teamId,
      });
      const id = identifiers[0].id as string;
      await session.created(COHORT_RECORDS, id, {
        action: 'created',
        data: { solutionId: solution.id, facilitatorId: dto.facilitatorId, transferTeamId: teamId },
      });
      return this.view(caller, id, session.tx);
    });
  }

  list(query: CohortListQuery): Promise<Page<CohortSummaryView>> {
    const qb = this.cohorts.createQueryBuilder('k');
    const filters = applyListFilters(qb, query, FILTERS);
    return keysetPage(
      qb,
      {
        columns: ['k.created_at', 'k.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: ({ cohort }) => [cohort.createdAt.toISOString(), cohort.id],
        direction: 'DESC',
      },
      query,
      cursorScope('cohorts', filters),
      (page) => this.summaries(page),
    );
  }

  /**
   * The cohort page in a constant number of queries whatever its size: the cohort, its team,
   * members, milestones and progress (its own tables), its members' cases (one query of
   * transfer-cases/), the solution and the facilitator's name.
   */
  async view(caller: Caller, id: string, tx?: EntityManager): Promise<CohortView> {
    const cohort = await inTransaction(this.cohorts, tx).findOneBy({ id });
    if (!cohort) throw Problems.notFound('cohort', id);
    const members = await inTransaction(this.members, tx).find({
      where: { cohortId: id },
      order: { joinedAt: 'ASC', caseId: 'ASC' },
    });
    const milestones = await inTransaction(this.milestones, tx).find({
      where: { cohortId: id },
      order: { dueOn: 'ASC', id: 'ASC' },
    });
    const done =
      milestones.length > 0 && members.length > 0
        ? await inTransaction(this.progress, tx)
            .createQueryBuilder('p')
            .innerJoin(CohortMilestone, 'ms', 'ms.id = p.milestone_id')
            .where('ms.cohort_id = :id', { id })
            .orderBy('p.done_on', 'ASC')
            .addOrderBy('p.case_id', 'ASC')
            .getMany()
        : [];
    const states = new Map(
      (
        await this.cases.states(
          members.map((m) => m.caseId),
          tx,
        )
      ).map((s) => [s.id, s]),
    );
    const team = cohort.transferTeamId
      ? await inTransaction(this.teams, tx).findOneBy({ id: cohort.transferTeamId })
      : null;
    const solution = await this.solutionRef(cohort.solutionId, tx);
    const facilitatorName = (await this.people.names([cohort.facilitatorId], tx)).get(cohort.facilitatorId);
    const joined = members.flatMap((member) => {
      const state = states.get(member.caseId);
      return state ? [{ member, state }] : [];
    });
    const now = new Date();
    return {
      cohort,
      solution,
      memberCount: joined.length,
      facilitator: facilitatorName === undefined ? null : { id: cohort.facilitatorId, name: facilitatorName },
      team: team ? { id: team.id, name: team.name, status: team.status } : null,
      members: joined,
      milestones,
      done,
      progress: progressOf(
        milestones,
        joined.map(({ state }) => ({ caseId: state.id, status: state.status })),
        new Set(done.map((d) => `${d.milestoneId}:${d.caseId}`)),
        todayInGermany(now),
      ),
      transitions: this.manages(caller, cohort)
        ? availableCohortTransitions(
            factsOf(
              cohort,
              joined.map(({ state }) => state),
              milestones.length,
            ),
          )
        : [],
      now,
    };
  }

  async update(
    caller: Caller,
    id: string,
    dto: UpdateCohortDto,
    expectedVersion?: number,
  ): Promise<CohortView> {
    return this.writes.run(caller, async (session) => {
      const cohort = await this.lockManaged(session, caller, id, expectedVersion);
      const change = updateOf(cohort, {
        title: dto.title?.trim(),
        description: dto.description,
        facilitatorId: dto.facilitatorId,
        transferTeamId: dto.transferTeamId,
      });
      if (change) {
        const teamId = dto.transferTeamId !== undefined ? dto.transferTeamId : cohort.transferTeamId;
        if (dto.transferTeamId !== undefined) await this.assertTeamOf(teamId, cohort.solutionId, session.tx);
        await this.assertFacilitator(dto.facilitatorId ?? cohort.facilitatorId, teamId, session.tx);
        await session.changed(COHORT_RECORDS, cohort, change);
      }
      return this.view(caller, id, session.tx);
    });
  }

  /** forming → running → closed, guarded like a case's moves: 409 no such move, 422 unmet conditions. */
  async transition(
    caller: Caller,
    id: string,
    dto: CohortStatusTransitionDto,
    expectedVersion?: number,
  ): Promise<CohortView> {
    return this.writes.run(caller, async (session) => {
      const cohort = await this.lockManaged(session, caller, id, expectedVersion);
      const members = await session.tx.withRepository(this.members).findBy({ cohortId: id });
      const states = await this.cases.states(
        members.map((m) => m.caseId),
        session.tx,
      );
      const milestones = await session.tx.withRepository(this.milestones).countBy({ cohortId: id });
      const decision = decideCohortTransition(factsOf(cohort, states, milestones), dto.to, dto.reason);
      if (decision.kind === 'illegal') {
        throw Problems.illegalTransition('cohort', cohort.status, dto.to, decision.allowedTargets);
      }
      if (decision.kind === 'unmet') {
        throw Problems.transitionConditionsUnmet(
          cohort.status,
          dto.to,
          decision.unmet,
          COHORT_CONDITION_FIELDS,
          COHORT_CONDITION_MESSAGES,
        );
      }
      const now = new Date();
      await session.changed(COHORT_RECORDS, cohort, {
        action: 'transitioned',
        set:
          dto.to === 'running'
            ? { status: dto.to, startedAt: now }
            : { status: dto.to, closedAt: now, closeReason: dto.reason?.trim() || null },
        data: { from: cohort.status, to: dto.to },
      });
      return this.view(caller, id, session.tx);
    });
  }

  /**
   * Moves every member that is ready to `to`, in one transaction: each case through its own
   * guards, with the cohort's solution as its choice and the shared facts where it has none;
   * each moved case with its own timeline entry and change record, the cohort with one record
   * of the move. A move that moves no one is refused (409), listing why each member stayed.
   */
  async move(caller: Caller, id: string, dto: CohortMoveDto, expectedVersion?: number): Promise<MoveView> {
    return this.writes.run(caller, async (session) => {
      const cohort = await this.lockManaged(session, caller, id, expectedVersion);
      if (cohort.status !== 'running') {
        throw Problems.conflict(
          'cohort-not-running',
          `cohort ${id} is ${cohort.status}; members move together while it runs`,
        );
      }
      const members = await session.tx.withRepository(this.members).find({
        where: { cohortId: id },
        order: { joinedAt: 'ASC', caseId: 'ASC' },
      });
      const seen = new Map((dto.members ?? []).map((m) => [m.caseId, m.expectedVersion]));
      const strangers = [...seen.keys()].filter((caseId) => !members.some((m) => m.caseId === caseId));
      if (strangers.length > 0) {
        throw Problems.unprocessable('not-a-member', `not members of cohort ${id}: ${strangers.join(', ')}`, [
          { field: 'members', message: 'members must name member cases of this cohort' },
        ]);
      }
      const results = await this.cases.moveTogether(
        session,
        members.map((m) => ({ caseId: m.caseId, expectedVersion: seen.get(m.caseId) })),
        dto.to,
        (facts) => prepareMemberMove(dto.to, cohort.solutionId, facts, dto),
        { cohortId: id },
      );
      const order = new Map(members.map((m, i) => [m.caseId, i]));
      results.sort((a, b) => (order.get(a.caseId) ?? 0) - (order.get(b.caseId) ?? 0));
      const moved = results.filter((r) => r.outcome === 'moved').map((r) => r.caseId);
      if (moved.length === 0) {
        throw Problems.conflict(
          'no-member-moved',
          `no member of cohort ${id} is ready to move to ${dto.to}`,
          undefined,
          { members: results.map(moveResponse) },
        );
      }
      await session.changed(COHORT_RECORDS, cohort, {
        action: 'members_moved',
        data: { to: dto.to, moved },
      });
      return { cohort: await this.view(caller, id, session.tx), moves: results };
    });
  }

  /** A case joins: see `decideJoin` for the rules; pilots add cases of their regions. */
  async addMember(caller: Caller, id: string, caseId: string, expectedVersion?: number): Promise<CohortView> {
    return this.writes.run(caller, async (session) => {
      const cohort = await session.lock(COHORT_RECORDS, id, { expectedVersion });
      const members = session.tx.withRepository(this.members);
      const current = await members.findOneBy({ caseId });
      const others = await members.findBy({ cohortId: id });
      const state = await this.people.admit(
        caller,
        {
          id,
          solutionId: cohort.solutionId,
          open: cohort.status !== 'closed',
          memberMunicipalityIds: others.map((m) => m.municipalityId),
        },
        caseId,
        current?.cohortId ?? null,
        'cohort',
        session.tx,
      );
      await members.insert({ caseId, cohortId: id, municipalityId: state.municipality.id });
      await session.changed(COHORT_RECORDS, cohort, { action: 'member_added', data: { caseId } });
      return this.view(caller, id, session.tx);
    });
  }

  /** A member leaves, with its milestone progress: its own pilot or whoever leads the cohort. */
  async removeMember(
    caller: Caller,
    id: string,
    caseId: string,
    expectedVersion?: number,
  ): Promise<CohortView> {
    return this.writes.run(caller, async (session) => {
      const cohort = await session.lock(COHORT_RECORDS, id, { expectedVersion });
      const state = await this.lockedMember(session, cohort, caseId);
      if (!this.manages(caller, cohort)) assertMayWriteAt(caller, state);
      const milestoneIds = (await session.tx.withRepository(this.milestones).findBy({ cohortId: id })).map(
        (m) => m.id,
      );
      if (milestoneIds.length > 0) {
        await session.tx
          .withRepository(this.progress)
          .createQueryBuilder()
          .delete()
          .where('case_id = :caseId AND milestone_id IN (:...milestoneIds)', { caseId, milestoneIds })
          .execute();
      }
      await session.tx.withRepository(this.members).delete({ caseId, cohortId: id });
      await session.changed(COHORT_RECORDS, cohort, { action: 'member_removed', data: { caseId } });
      return this.view(caller, id, session.tx);
    });
  }

  async addMilestone(
    caller: Caller,
    id: string,
    dto: CreateMilestoneDto,
    expectedVersion?: number,
  ): Promise<CohortView> {
    return this.writes.run(caller, async (session) => {
      const cohort = await this.lockManaged(session, caller, id, expectedVersion);
      if (cohort.status === 'closed') throw Problems.conflict('cohort-closed', `cohort ${id} is closed`);
      const { identifiers } = await session.tx
        .withRepository(this.milestones)
        .insert({ cohortId: id, title: dto.title.trim(), dueOn: dto.dueOn });
      await session.changed(COHORT_RECORDS, cohort, {
        action: 'milestone_added',
        data: { milestoneId: identifiers[0].id as string },
      });
      return this.view(caller, id, session.tx);
    });
  }

  async updateMilestone(
    caller: Caller,
    id: string,
    milestoneId: string,
    dto: UpdateMilestoneDto,
    expectedVersion?: number,
  ): Promise<CohortView> {
    return this.writes.run(caller, async (session) => {
      const cohort = await this.lockManaged(session, caller, id, expectedVersion);
      const milestone = await this.milestoneOf(session, id, milestoneId);
      const change = updateOf(milestone, { title: dto.title?.trim(), dueOn: dto.dueOn });
      if (change) {
        await session.tx.withRepository(this.milestones).update({ id: milestoneId }, change.set ?? {});
        await session.changed(COHORT_RECORDS, cohort, {
          action: 'milestone_updated',
          data: { milestoneId, fields: change.data?.fields },
        });
      }
      return this.view(caller, id, session.tx);
    });
  }

  /** A member reached a milestone (or not): its own pilot or whoever leads the cohort records it. */
  async setProgress(
    caller: Caller,
    id: string,
    milestoneId: string,
    caseId: string,
    dto: MilestoneProgressDto,
    expectedVersion?: number,
  ): Promise<CohortView> {
    return this.writes.run(caller, async (session) => {
      const cohort = await session.lock(COHORT_RECORDS, id, { expectedVersion });
      await this.milestoneOf(session, id, milestoneId);
      const state = await this.lockedMember(session, cohort, caseId);
      if (!this.manages(caller, cohort)) assertMayWriteAt(caller, state);
      const progress = session.tx.withRepository(this.progress);
      const current = await progress.findOneBy({ milestoneId, caseId });
      if (dto.done) {
        const today = todayInGermany();
        const doneOn = dto.doneOn ?? today;
        if (doneOn > today) {
          throw Problems.unprocessable('done-in-future', 'a milestone is reached today or earlier', [
            { field: 'doneOn', message: 'doneOn must not be in the future' },
          ]);
        }
        const note = dto.note ?? null;
        if (current && current.doneOn === doneOn && current.note === note)
          return this.view(caller, id, session.tx);
        await progress.upsert({ milestoneId, caseId, doneOn, note, recordedAt: new Date() }, [
          'milestoneId',
          'caseId',
        ]);
      } else {
        if (!current) return this.view(caller, id, session.tx);
        await progress.delete({ milestoneId, caseId });
      }
      await session.changed(COHORT_RECORDS, cohort, {
        action: 'milestone_progress',
        data: { milestoneId, caseId, done: dto.done },
      });
      return this.view(caller, id, session.tx);
    });
  }

  /** The Transferstelle and admins lead every cohort, a pilot the cohorts she facilitates. */
  private manages(caller: Caller, cohort: Cohort): boolean {
    if (caller.kind !== 'user') return false;
    return caller.role === 'admin' || caller.role === 'transferstelle' || caller.id === cohort.facilitatorId;
  }

  private async lockManaged(session: WriteSession, caller: Caller, id: string, expectedVersion?: number) {
    return session.lock(COHORT_RECORDS, id, {
      expectedVersion,
      authorize: (cohort) => {
        if (!this.manages(caller, cohort)) {
          throw Problems.forbidden('only the Transferstelle and the cohort’s facilitator lead a cohort');
        }
      },
    });
  }

  private async lockedMember(session: WriteSession, cohort: Cohort, caseId: string) {
    const member = await session.tx.withRepository(this.members).findOneBy({ caseId, cohortId: cohort.id });
    if (!member) throw Problems.notFound('cohort member', caseId);
    return this.people.caseState(caseId, session.tx);
  }

  private async milestoneOf(session: WriteSession, cohortId: string, milestoneId: string) {
    const milestone = await session.tx
      .withRepository(this.milestones)
      .findOneBy({ id: milestoneId, cohortId });
    if (!milestone) throw Problems.notFound('milestone', milestoneId);
    return milestone;
  }

  /** The team must exist, be active and support the cohort's solution (422 naming transferTeamId). */
  private async assertTeamOf(teamId: string | null, solutionId: string, tx: EntityManager): Promise<void> {
    if (teamId === null) return;
    const team = await tx.withRepository(this.teams).findOneBy({ id: teamId });
    if (!team || team.status !== 'active' || team.solutionId !== solutionId) {
      throw Problems.unprocessable(
        'unsuitable-team',
        `transfer team ${teamId} is not an active team of this solution`,
        [
          {
            field: 'transferTeamId',
            message: 'transferTeamId must name an active transfer team of the cohort’s solution',
          },
        ],
      );
    }
  }

  /** A facilitator is an active pilot, or active staff in the cohort's transfer team (422 naming facilitatorId). */
  private async assertFacilitator(userId: string, teamId: string | null, tx: EntityManager): Promise<void> {
    const role = (await this.pilots.activeRoles([userId], tx)).get(userId);
    const eligible =
      role === 'lotse' ||
      (role !== undefined &&
        role !== 'analyst' &&
        teamId !== null &&
        (await tx.withRepository(this.teamMembers).existsBy({ teamId, userId })));
    if (!eligible) {
      throw Problems.unprocessable('unsuitable-facilitator', `user ${userId} cannot facilitate this cohort`, [
        {
          field: 'facilitatorId',
          message: 'facilitatorId must name an active pilot or a member of the cohort’s transfer team',
        },
      ]);
    }
  }

  private async solutionRef(solutionId: string, tx?: EntityManager): Promise<SolutionRefData> {
    return (
      (await this.solutions.refs([solutionId], tx)).get(solutionId) ?? { id: solutionId, slug: '', title: '' }
    );
  }

  private async summaries(qb: SelectQueryBuilder<Cohort>): Promise<CohortSummaryView[]> {
    const { entities, raw } = await qb
      .addSelect('(SELECT count(*) FROM cohort_members m WHERE m.cohort_id = k.id)::int', 'member_count')
      .getRawAndEntities<{ k_id: string; member_count: number }>();
    const counts = new Map(raw.map((row) => [row.k_id, row.member_count]));
    const solutions = await this.solutions.refs(entities.map((k) => k.solutionId));
    return entities.map((cohort) => ({
      cohort,
      solution: solutions.get(cohort.solutionId) ?? { id: cohort.solutionId, slug: '', title: '' },
      memberCount: counts.get(cohort.id) ?? 0,
    }));
  }
}

function factsOf(cohort: Cohort, members: readonly CaseMemberState[], milestones: number): CohortFacts {
  return { status: cohort.status, memberStatuses: members.map((m) => m.status), milestones };
}

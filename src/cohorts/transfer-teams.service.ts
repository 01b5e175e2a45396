import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { assertMayWriteAt, type Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import type { PageQuery } from '../common/pagination/page-query.dto.js';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import { updateOf, WritePath, type WriteSession } from '../platform/index.js';
import { SolutionCatalog } from '../solutions/index.js';
import { TransferCasesService } from '../transfer-cases/index.js';
import { TEAM_RECORDS } from './cohort-records.js';
import type { CreateTeamDto, TeamListQuery, UpdateTeamDto } from './dto/team.dto.js';
import { GroupMembers } from './group-members.js';
import { TransferTeam, TransferTeamCase, TransferTeamMember } from './transfer-team.entity.js';
import type { TeamCaseView, TeamSummaryView, TeamView } from './views.js';

const FILTERS: ListFilters<TeamListQuery> = {
  status: 't.status = :status',
  solutionId: 't.solution_id = :solutionId',
};

@Injectable()
export class TransferTeamsService {
  constructor(
    @InjectRepository(TransferTeam) private readonly teams: Repository<TransferTeam>,
    @InjectRepository(TransferTeamMember) private readonly members: Repository<TransferTeamMember>,
    @InjectRepository(TransferTeamCase) private readonly supported: Repository<TransferTeamCase>,
    private readonly writes: WritePath,
    private readonly solutions: SolutionCatalog,
    private readonly cases: TransferCasesService,
    private readonly people: GroupMembers,
  ) {}

  /** One active team per solution (409, a partial unique index backs the check). */
  async create(caller: Caller, dto: CreateTeamDto): Promise<TeamView> {
    return this.writes.run(caller, async (session) => {
      const solution = await this.solutions.active(dto.solutionId, session.tx);
      if (!solution) {
        throw Problems.unprocessable(
          'unknown-solution',
          `solution ${dto.solutionId} does not exist or is archived`,
          [{ field: 'solutionId', message: 'solutionId must name an active solution' }],
        );
      }
      const memberIds = dto.memberIds ?? [];
      await this.people.assertStaff(memberIds, 'memberIds', session.tx);
      const { identifiers } = await session.tx.withRepository(this.teams).insert({
        solutionId: solution.id,
        name: dto.name.trim(),
        note: dto.note ?? null,
        originContacts: (dto.originContacts ?? []).map((c) => ({ ...c })),
      });
      const id = identifiers[0].id as string;
      if (memberIds.length > 0) {
        await session.tx
          .withRepository(this.members)
          .insert(memberIds.map((userId) => ({ teamId: id, userId })));
      }
      await session.created(TEAM_RECORDS, id, {
        action: 'created',
        data: { solutionId: solution.id, memberIds },
      });
      return this.view(id, session.tx);
    });
  }

  list(query: TeamListQuery): Promise<Page<TeamSummaryView>> {
    const qb = this.teams.createQueryBuilder('t');
    const filters = applyListFilters(qb, query, FILTERS);
    return keysetPage(
      qb,
      {
        columns: ['t.created_at', 't.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: ({ team }) => [team.createdAt.toISOString(), team.id],
        direction: 'DESC',
      },
      query,
      cursorScope('transfer-teams', filters),
      (page) => this.summaries(page),
    );
  }

  /** The team with its members by name: four queries whatever its size. */
  async view(id: string, tx?: EntityManager): Promise<TeamView> {
    const [summary] = await this.summaries(
      inTransaction(this.teams, tx).createQueryBuilder('t').where('t.id = :id', { id }),
      tx,
    );
    if (!summary) throw Problems.notFound('transfer team', id);
    const members = await inTransaction(this.members, tx).find({
      where: { teamId: id },
      order: { addedAt: 'ASC', userId: 'ASC' },
    });
    const names = await this.people.names(
      members.map((m) => m.userId),
      tx,
    );
    return {
      ...summary,
      members: members.map((m) => ({ id: m.userId, name: names.get(m.userId) ?? '', addedAt: m.addedAt })),
    };
  }

  /** Name, note, contacts, status: closing ends the team, reopening it is refused while another is active. */
  async update(caller: Caller, id: string, dto: UpdateTeamDto, expectedVersion?: number): Promise<TeamView> {
    return this.writes.run(caller, async (session) => {
      const team = await session.lock(TEAM_RECORDS, id, { expectedVersion });
      const change = updateOf(team, {
        name: dto.name?.trim(),
        note: dto.note,
        status: dto.status,
        originContacts: dto.originContacts?.map((c) => ({ ...c })),
      });
      if (change) {
        if (change.set && 'status' in change.set)
          change.set.closedAt = dto.status === 'closed' ? new Date() : null;
        // The contacts are personal data: the record names the field, not what it holds.
        await session.changed(TEAM_RECORDS, team, change);
      }
      return this.view(id, session.tx);
    });
  }

  async addMember(caller: Caller, id: string, userId: string, expectedVersion?: number): Promise<TeamView> {
    return this.writes.run(caller, async (session) => {
      const team = await session.lock(TEAM_RECORDS, id, { expectedVersion });
      await this.people.assertStaff([userId], 'userId', session.tx);
      const { raw } = await session.tx
        .withRepository(this.members)
        .createQueryBuilder()
        .insert()
        .values({ teamId: id, userId })
        .orIgnore()
        .returning('user_id')
        .execute();
      // Already a member: nothing changed, nothing recorded.
      if ((raw as unknown[]).length > 0) {
        await session.changed(TEAM_RECORDS, team, { action: 'member_added', data: { userId } });
      }
      return this.view(id, session.tx);
    });
  }

  async removeMember(
    caller: Caller,
    id: string,
    userId: string,
    expectedVersion?: number,
  ): Promise<TeamView> {
    return this.writes.run(caller, async (session) => {
      const team = await session.lock(TEAM_RECORDS, id, { expectedVersion });
      const { affected } = await session.tx.withRepository(this.members).delete({ teamId: id, userId });
      if (!affected) throw Problems.notFound('team member', userId);
      await session.changed(TEAM_RECORDS, team, { action: 'member_removed', data: { userId } });
      return this.view(id, session.tx);
    });
  }

  /**
   * The team takes a case on: its solution must be the case's choice or a candidate (422), the
   * case open (422) and supported by no other team (409); pilots only for cases of their regions.
   */
  async addCase(caller: Caller, id: string, caseId: string, expectedVersion?: number): Promise<TeamView> {
    return this.writes.run(caller, async (session) => {
      const team = await session.lock(TEAM_RECORDS, id, { expectedVersion });
      const current = await session.tx.withRepository(this.supported).findOneBy({ caseId });
      await this.people.admit(
        caller,
        { id, solutionId: team.solutionId, open: team.status === 'active' },
        caseId,
        current?.teamId ?? null,
        'transfer team',
        session.tx,
      );
      await session.tx.withRepository(this.supported).insert({ caseId, teamId: id });
      await session.changed(TEAM_RECORDS, team, { action: 'case_added', data: { caseId } });
      return this.view(id, session.tx);
    });
  }

  async removeCase(caller: Caller, id: string, caseId: string, expectedVersion?: number): Promise<TeamView> {
    return this.writes.run(caller, async (session) => {
      const team = await this.lockWithCase(session, caller, id, caseId, expectedVersion);
      await session.tx.withRepository(this.supported).delete({ caseId, teamId: id });
      await session.changed(TEAM_RECORDS, team, { action: 'case_removed', data: { caseId } });
      return this.view(id, session.tx);
    });
  }

  /** The cases the team supports, in the order it took them on, each as it stands now. */
  async casesOf(id: string, query: PageQuery): Promise<Page<TeamCaseView>> {
    if (!(await this.teams.existsBy({ id }))) throw Problems.notFound('transfer team', id);
    const qb = this.supported.createQueryBuilder('tc').where('tc.team_id = :id', { id });
    const now = new Date();
    return keysetPage(
      qb,
      {
        columns: ['tc.added_at', 'tc.case_id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: (view: TeamCaseView) => [view.addedAt.toISOString(), view.state.id],
      },
      query,
      cursorScope('transfer-team-cases', { id }),
      async (page) => {
        const rows = await page.getMany();
        const states = new Map((await this.cases.states(rows.map((r) => r.caseId))).map((s) => [s.id, s]));
        return rows.flatMap((row) => {
          const state = states.get(row.caseId);
          return state ? [{ state, addedAt: row.addedAt, now }] : [];
        });
      },
    );
  }

  private async lockWithCase(
    session: WriteSession,
    caller: Caller,
    id: string,
    caseId: string,
    expectedVersion?: number,
  ) {
    const team = await session.lock(TEAM_RECORDS, id, { expectedVersion });
    const supported = await session.tx.withRepository(this.supported).findOneBy({ caseId, teamId: id });
    if (!supported) throw Problems.notFound('supported case', caseId);
    assertMayWriteAt(caller, await this.people.caseState(caseId, session.tx));
    return team;
  }

  /** Teams with their solution, member and case counts: the counts as subqueries, so a page is two queries. */
  private async summaries(
    qb: SelectQueryBuilder<TransferTeam>,
    tx?: EntityManager,
  ): Promise<TeamSummaryView[]> {
    const { entities, raw } = await qb
      .addSelect('(SELECT count(*) FROM transfer_team_members m WHERE m.team_id = t.id)::int', 'member_count')
      .addSelect('(SELECT count(*) FROM transfer_team_cases c WHERE c.team_id = t.id)::int', 'case_count')
      .getRawAndEntities<{ t_id: string; member_count: number; case_count: number }>();
    const counts = new Map(raw.map((row) => [row.t_id, row]));
    const solutions = await this.solutions.refs(
      entities.map((t) => t.solutionId),
      tx,
    );
    return entities.map((team) => ({
      team,
      solution: solutions.get(team.solutionId) ?? { id: team.solutionId, slug: '', title: '' },
      memberCount: counts.get(team.id)?.member_count ?? 0,
      caseCount: counts.get(team.id)?.case_count ?? 0,
    }));
  }
}

import { ApiInstant, isoInstant, isoInstantOrNull } from '../../common/mapping/instant.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PersonalContact } from '../../auth/index.js';
import { PageOf } from '../../common/pagination/page.js';
import { SolutionRef } from '../../solutions/index.js';
import {
  CASE_STATUSES,
  UNMET_CONDITIONS,
  type CaseMemberState,
  type CaseStatus,
} from '../../transfer-cases/index.js';
import { COHORT_CONDITIONS, MEMBER_CONDITIONS, daysBetween, type CohortCondition } from '../cohort-rules.js';
import { COHORT_STATUSES, TEAM_STATUSES, type CohortStatus, type TeamStatus } from '../cohort-status.js';
import type {
  CohortSummaryView,
  CohortView,
  MoveView,
  TeamCaseView,
  TeamSummaryView,
  TeamView,
} from '../views.js';

export class PersonRef {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Demo Lotsin Dresden' })
  name: string;
}

export class OriginContactResponse {
  @ApiProperty()
  name: string;

  @ApiPropertyOptional()
  role?: string;

  @ApiPropertyOptional()
  email?: string;

  @ApiPropertyOptional()
  phone?: string;
}

export class TeamMemberResponse extends PersonRef {
  @ApiInstant()
  addedAt: string;
}

/** A case as a cohort or a team shows it. */
export class MemberCaseResponse {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ format: 'uuid' })
  municipalityId: string;

  @ApiProperty({ example: 'Bautzen' })
  municipalityName: string;

  @ApiProperty({ example: '14625000', pattern: '^[0-9]{8}$' })
  municipalityAgs: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  regionId: string | null;

  @ApiProperty({ enum: CASE_STATUSES, description: 'The case’s status now.' })
  caseStatus: CaseStatus;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'The case’s version (send it back when moving together).',
  })
  caseVersion: number;

  @ApiInstant({ description: 'When the case reached its status.' })
  stageSince: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Whole days since then.' })
  daysInStage: number;
}

function memberCase(state: CaseMemberState, now: Date) {
  return {
    caseId: state.id,
    municipalityId: state.municipality.id,
    municipalityName: state.municipality.name,
    municipalityAgs: state.municipality.ags,
    regionId: state.regionId,
    caseStatus: state.status,
    caseVersion: state.version,
    stageSince: isoInstant(state.stageSince),
    daysInStage: daysBetween(state.stageSince, now),
  };
}

export class TeamCaseResponse extends MemberCaseResponse {
  @ApiInstant({ description: 'When the team took the case on.' })
  addedAt: string;

  static from(view: TeamCaseView): TeamCaseResponse {
    return Object.assign(new TeamCaseResponse(), {
      ...memberCase(view.state, view.now),
      addedAt: isoInstant(view.addedAt),
    });
  }
}

export class TeamCasePage extends PageOf(TeamCaseResponse) {}

export class TransferTeamSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: SolutionRef })
  solution: SolutionRef;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: TEAM_STATUSES })
  status: TeamStatus;

  @ApiProperty({ type: 'integer', minimum: 0 })
  memberCount: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Cases the team supports.' })
  caseCount: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Bumped by every change; also the ETag.' })
  version: number;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  @ApiInstant({ nullable: true })
  closedAt: string | null;

  static from(view: TeamSummaryView): TransferTeamSummary {
    return Object.assign(new TransferTeamSummary(), teamFields(view));
  }
}

function teamFields({ team, solution, memberCount, caseCount }: TeamSummaryView) {
  return {
    id: team.id,
    solution,
    name: team.name,
    status: team.status,
    memberCount,
    caseCount,
    version: team.version,
    createdAt: isoInstant(team.createdAt),
    updatedAt: isoInstant(team.updatedAt),
    closedAt: isoInstantOrNull(team.closedAt),
  };
}

export class TransferTeamPage extends PageOf(TransferTeamSummary) {}

export class TransferTeamResponse extends TransferTeamSummary {
  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: [TeamMemberResponse], description: 'Staff in the team, by name.' })
  members: TeamMemberResponse[];

  @ApiPropertyOptional({
    type: [OriginContactResponse],
    description: 'People of the origin municipality; not shown to analysts (personal contact data).',
  })
  @PersonalContact()
  originContacts?: OriginContactResponse[];

  static fromView(view: TeamView): TransferTeamResponse {
    return Object.assign(new TransferTeamResponse(), {
      ...teamFields(view),
      note: view.team.note,
      members: view.members,
      originContacts: view.team.originContacts,
    });
  }
}

// ---------------------------------------------------------------------------------------------

export class CohortMemberResponse extends MemberCaseResponse {
  @ApiInstant()
  joinedAt: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Milestones this member has reached.' })
  milestonesDone: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  milestonesTotal: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Milestones due before today this member has not reached (none once its case ended).',
  })
  behindOn: string[];
}

export class MilestoneDoneResponse {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ type: String, format: 'date' })
  doneOn: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}

export class MilestoneResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, format: 'date' })
  dueOn: string;

  @ApiProperty({ type: [MilestoneDoneResponse], description: 'The members that reached it.' })
  doneBy: MilestoneDoneResponse[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Member cases behind on it (it is due and they have not reached it).',
  })
  behind: string[];
}

export class CohortAvailableTransition {
  @ApiProperty({ enum: COHORT_STATUSES })
  to: CohortStatus;

  @ApiProperty()
  ready: boolean;

  @ApiProperty({ enum: COHORT_CONDITIONS, isArray: true })
  missing: CohortCondition[];
}

export class CohortSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: SolutionRef })
  solution: SolutionRef;

  @ApiProperty({ format: 'uuid' })
  facilitatorId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  transferTeamId: string | null;

  @ApiProperty({ enum: COHORT_STATUSES })
  status: CohortStatus;

  @ApiProperty({ type: 'integer', minimum: 0 })
  memberCount: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Bumped by every change; also the ETag.' })
  version: number;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from(view: CohortSummaryView): CohortSummary {
    return Object.assign(new CohortSummary(), cohortFields(view));
  }
}

function cohortFields({ cohort, solution, memberCount }: CohortSummaryView) {
  return {
    id: cohort.id,
    title: cohort.title,
    solution,
    facilitatorId: cohort.facilitatorId,
    transferTeamId: cohort.transferTeamId,
    status: cohort.status,
    memberCount,
    version: cohort.version,
    createdAt: isoInstant(cohort.createdAt),
    updatedAt: isoInstant(cohort.updatedAt),
  };
}

export class CohortPage extends PageOf(CohortSummary) {}

export class CohortTeamRef {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: TEAM_STATUSES })
  status: TeamStatus;
}

/** The cohort page: its members' progress, its milestones and who is behind, the moves on offer. */
export class CohortResponse extends CohortSummary {
  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: PersonRef, nullable: true, description: 'Null once the account is gone.' })
  facilitator: PersonRef | null;

  @ApiProperty({ type: CohortTeamRef, nullable: true })
  transferTeam: CohortTeamRef | null;

  @ApiProperty({ type: String, nullable: true })
  closeReason: string | null;

  @ApiInstant({ nullable: true })
  startedAt: string | null;

  @ApiInstant({ nullable: true })
  closedAt: string | null;

  @ApiProperty({ type: [CohortMemberResponse], description: 'In the order they joined.' })
  members: CohortMemberResponse[];

  @ApiProperty({ type: [MilestoneResponse], description: 'By due date.' })
  milestones: MilestoneResponse[];

  @ApiProperty({
    type: [CohortAvailableTransition],
    description: 'The cohort’s own moves (forming → running → closed), if the caller leads it.',
  })
  transitions: CohortAvailableTransition[];

  static fromView(view: CohortView): CohortResponse {
    const { cohort, members, milestones, done, progress, now } = view;
    return Object.assign(new CohortResponse(), {
      ...cohortFields(view),
      description: cohort.description,
      facilitator: view.facilitator,
      transferTeam: view.team,
      closeReason: cohort.closeReason,
      startedAt: isoInstantOrNull(cohort.startedAt),
      closedAt: isoInstantOrNull(cohort.closedAt),
      members: members.map(({ member, state }) => ({
        ...memberCase(state, now),
        joinedAt: isoInstant(member.joinedAt),
        milestonesDone: progress.members.get(member.caseId)?.done ?? 0,
        milestonesTotal: milestones.length,
        behindOn: progress.members.get(member.caseId)?.behind ?? [],
      })),
      milestones: milestones.map((milestone) => ({
        id: milestone.id,
        title: milestone.title,
        dueOn: milestone.dueOn,
        doneBy: done
          .filter((d) => d.milestoneId === milestone.id)
          .map((d) => ({ caseId: d.caseId, doneOn: d.doneOn, note: d.note })),
        behind: progress.milestones.get(milestone.id)?.behind ?? [],
      })),
      transitions: view.transitions,
    });
  }
}

export class MemberMoveResponse {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({
    enum: ['moved', 'conditions_unmet', 'wrong_stage', 'stale'],
    description:
      'moved; not ready (`unmetConditions`); its status has no such move (`allowedTargets`); its version changed since the caller saw it.',
  })
  outcome: 'moved' | 'conditions_unmet' | 'wrong_stage' | 'stale';

  @ApiProperty({ enum: CASE_STATUSES })
  fromStatus: CaseStatus;

  @ApiProperty({ enum: CASE_STATUSES, description: 'Where the case is now.' })
  status: CaseStatus;

  @ApiProperty({ type: 'integer', minimum: 1 })
  caseVersion: number;

  @ApiProperty({
    enum: [...UNMET_CONDITIONS, ...MEMBER_CONDITIONS],
    isArray: true,
    description: 'What the member still lacks; `cohort_solution_chosen`: it chose another solution.',
  })
  unmetConditions: string[];

  @ApiProperty({ enum: CASE_STATUSES, isArray: true })
  allowedTargets: CaseStatus[];
}

/** The cohort after a move together, with what happened to each member. */
export class CohortMoveResponse extends CohortResponse {
  @ApiProperty({ type: [MemberMoveResponse], description: 'One entry per member, in the order they joined.' })
  moves: MemberMoveResponse[];

  static fromMove(view: MoveView): CohortMoveResponse {
    return Object.assign(new CohortMoveResponse(), {
      ...CohortResponse.fromView(view.cohort),
      moves: view.moves.map(moveResponse),
    });
  }
}

export function moveResponse(move: MoveView['moves'][number]): MemberMoveResponse {
  return {
    caseId: move.caseId,
    outcome: move.outcome,
    fromStatus: move.fromStatus,
    status: move.status,
    caseVersion: move.version,
    unmetConditions: move.unmetConditions,
    allowedTargets: move.allowedTargets,
  };
}

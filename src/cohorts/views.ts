import type { SolutionRefData } from '../solutions/index.js';
import type { CaseMemberState, MemberMoveResult } from '../transfer-cases/index.js';
import type { availableCohortTransitions, Progress } from './cohort-rules.js';
import type { TeamStatus } from './cohort-status.js';
import type { Cohort, CohortMember, CohortMilestone, CohortMilestoneProgress } from './cohort.entity.js';
import type { TransferTeam } from './transfer-team.entity.js';

/** The module's read models: what its services return and its responses map (`XResponse.from`). */

export interface TeamSummaryView {
  team: TransferTeam;
  solution: SolutionRefData;
  memberCount: number;
  caseCount: number;
}

export interface TeamView extends TeamSummaryView {
  members: { id: string; name: string; addedAt: Date }[];
}

export interface TeamCaseView {
  state: CaseMemberState;
  addedAt: Date;
  now: Date;
}

export interface CohortSummaryView {
  cohort: Cohort;
  solution: SolutionRefData;
  memberCount: number;
}

export interface CohortView extends CohortSummaryView {
  facilitator: { id: string; name: string } | null;
  team: { id: string; name: string; status: TeamStatus } | null;
  /** In the order they joined. */
  members: { member: CohortMember; state: CaseMemberState }[];
  /** By due date. */
  milestones: CohortMilestone[];
  done: CohortMilestoneProgress[];
  progress: Progress;
  transitions: ReturnType<typeof availableCohortTransitions>;
  now: Date;
}

export interface MoveView {
  cohort: CohortView;
  moves: MemberMoveResult[];
}

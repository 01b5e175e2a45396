import type { CohortStatus, GroupMoveTarget } from './cohort-status.js';

/**
 * The rules of cohorts and transfer teams as pure functions, like the case rules
 * (transfer-cases/case-state-machine.ts): may the cohort move, may a case join, what does a member
 * need before the cohort moves it, who is behind on a milestone. The services run them with the
 * cohort row locked and apply what they decide.
 */

/** Case statuses, as far as these rules need them (the cases' own rules live in transfer-cases/). */
type CaseStatus = 'erfasst' | 'recherchiert' | 'vermittelt' | 'umgesetzt' | 'abgebrochen';

const FINAL: readonly CaseStatus[] = ['umgesetzt', 'abgebrochen'];

export function isFinal(status: CaseStatus): boolean {
  return FINAL.includes(status);
}

// ---------------------------------------------------------------------------------------------
// The cohort's own status: forming → running → closed

export const COHORT_TRANSITIONS: Readonly<Record<CohortStatus, readonly CohortStatus[]>> = {
  forming: ['running', 'closed'],
  running: ['closed'],
  closed: [],
};

export const COHORT_CONDITIONS = ['two_members', 'milestone', 'members_final_or_reason', 'reason'] as const;
export type CohortCondition = (typeof COHORT_CONDITIONS)[number];

export const COHORT_CONDITION_FIELDS: Record<CohortCondition, string> = {
  two_members: 'members',
  milestone: 'milestones',
  members_final_or_reason: 'reason',
  reason: 'reason',
};

export const COHORT_CONDITION_MESSAGES: Record<CohortCondition, string> = {
  two_members: 'at least two member cases',
  milestone: 'at least one shared milestone',
  members_final_or_reason: 'every member case umgesetzt or abgebrochen, or a reason to close early',
  reason: 'a reason',
};

export interface CohortFacts {
  status: CohortStatus;
  memberStatuses: readonly CaseStatus[];
  milestones: number;
}

export type CohortDecision =
  | { kind: 'allowed' }
  | { kind: 'illegal'; allowedTargets: CohortStatus[] }
  | { kind: 'unmet'; unmet: CohortCondition[] };

/** Starting needs members and a plan; closing needs the members done, or a reason. */
export function decideCohortTransition(
  facts: CohortFacts,
  to: CohortStatus,
  reason: string | null | undefined,
): CohortDecision {
  if (!COHORT_TRANSITIONS[facts.status].includes(to)) {
    return { kind: 'illegal', allowedTargets: [...COHORT_TRANSITIONS[facts.status]] };
  }
  const unmet: CohortCondition[] = [];
  const hasReason = typeof reason === 'string' && reason.trim().length > 0;
  if (to === 'running') {
    if (facts.memberStatuses.length < 2) unmet.push('two_members');
    if (facts.milestones < 1) unmet.push('milestone');
  } else if (facts.status === 'forming') {
    if (!hasReason) unmet.push('reason');
  } else if (!hasReason && !facts.memberStatuses.every(isFinal)) {
    unmet.push('members_final_or_reason');
  }
  return unmet.length > 0 ? { kind: 'unmet', unmet } : { kind: 'allowed' };
}

/** The cohort's moves on offer now, each with what is still missing. */
export function availableCohortTransitions(facts: CohortFacts) {
  return COHORT_TRANSITIONS[facts.status].map((to) => {
    const decision = decideCohortTransition(facts, to, null);
    return {
      to,
      ready: decision.kind === 'allowed',
      missing: decision.kind === 'unmet' ? decision.unmet : [],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Joining: a cohort of one solution, a municipality once, a case that is still open

/** The case that asks to join, as far as joining depends on it. */
export interface JoiningCase {
  id: string;
  municipalityId: string;
  status: CaseStatus;
  chosenSolutionId: string | null;
  candidateSolutionIds: readonly string[];
  /** The group of this kind it is in already (its cohort, or the team supporting it), if any. */
  groupId: string | null;
}

export interface GroupFacts {
  id: string;
  solutionId: string;
  /** Closed cohorts and closed teams take no one in. */
  open: boolean;
  /** The municipalities of the members so far (cohorts only: one case per municipality). */
  memberMunicipalityIds?: readonly string[];
}

export type JoinDecision =
  { kind: 'allowed' } | { kind: 'refused'; status: 409 | 422; rule: JoinRule; detail: string };

export type JoinRule =
  | 'group-closed'
  | 'case-closed'
  | 'solution-not-considered'
  | 'already-a-member'
  | 'case-in-another-group'
  | 'municipality-already-a-member';

/**
 * Whether a case may join a cohort (or be supported by a team): the group's solution must be the
 * case's choice or one of its candidates (422), the case still open (422), the group open and
 * the case in no other group (409), and no other member from its municipality (409, cohorts).
 */
export function decideJoin(
  group: GroupFacts,
  joining: JoiningCase,
  noun: 'cohort' | 'transfer team',
): JoinDecision {
  if (!group.open) {
    return {
      kind: 'refused',
      status: 409,
      rule: 'group-closed',
      detail: `the ${noun} ${group.id} is closed`,
    };
  }
  if (isFinal(joining.status)) {
    return {
      kind: 'refused',
      status: 422,
      rule: 'case-closed',
      detail: `transfer case ${joining.id} is ${joining.status}; only open cases join a ${noun}`,
    };
  }
  const considers =
    joining.chosenSolutionId === group.solutionId || joining.candidateSolutionIds.includes(group.solutionId);
  if (!considers) {
    return {
      kind: 'refused',
      status: 422,
      rule: 'solution-not-considered',
      detail: `the ${noun}'s solution is neither the chosen solution nor a candidate of transfer case ${joining.id}`,
    };
  }
  if (joining.groupId === group.id) {
    return {
      kind: 'refused',
      status: 409,
      rule: 'already-a-member',
      detail: `transfer case ${joining.id} is already in this ${noun}`,
    };
  }
  if (joining.groupId !== null) {
    return {
      kind: 'refused',
      status: 409,
      rule: 'case-in-another-group',
      detail: `transfer case ${joining.id} is already in ${noun} ${joining.groupId}`,
    };
  }
  if (group.memberMunicipalityIds?.includes(joining.municipalityId)) {
    return {
      kind: 'refused',
      status: 409,
      rule: 'municipality-already-a-member',
      detail: `a case of municipality ${joining.municipalityId} is already a member of this ${noun}`,
    };
  }
  return { kind: 'allowed' };
}

// ---------------------------------------------------------------------------------------------
// Moving together

export const MEMBER_CONDITIONS = ['cohort_solution_chosen'] as const;
export type MemberCondition = (typeof MEMBER_CONDITIONS)[number];

/** What the cohort brings to one shared move (facts a member lacks are taken from here). */
export interface SharedMoveFacts {
  originContact?: string | null;
  implementedOn?: string | null;
  outcomeNote?: string | null;
  measuredEffect?: string | null;
  note?: string | null;
}

export interface MemberFacts {
  chosenSolutionId: string | null;
  originContact: string | null;
  implementedOn: string | null;
  outcomeNote: string | null;
}

export type MemberPreparation =
  | {
      kind: 'request';
      request: SharedMoveFacts & { chosenSolutionId?: string | null };
    }
  | { kind: 'unmet'; unmet: MemberCondition[] };

/**
 * What a member's move brings: the cohort's solution as its choice (a member that chose another
 * solution is not moved to vermittelt with the cohort), and the shared facts only where the
 * member has none of its own, so nothing a pilot recorded for her case is overwritten.
 */
export function prepareMemberMove(
  to: GroupMoveTarget,
  cohortSolutionId: string,
  member: MemberFacts,
  shared: SharedMoveFacts,
): MemberPreparation {
  const gap = <T>(own: T | null, given: T | null | undefined) =>
    own === null ? (given ?? undefined) : undefined;
  if (to === 'vermittelt') {
    if (member.chosenSolutionId !== null && member.chosenSolutionId !== cohortSolutionId) {
      return { kind: 'unmet', unmet: ['cohort_solution_chosen'] };
    }
    return {
      kind: 'request',
      request: {
        chosenSolutionId: cohortSolutionId,
        originContact: gap(member.originContact, shared.originContact),
        note: shared.note,
      },
    };
  }
  if (to === 'umgesetzt') {
    return {
      kind: 'request',
      request: {
        implementedOn: gap(member.implementedOn, shared.implementedOn),
        outcomeNote: gap(member.outcomeNote, shared.outcomeNote),
        measuredEffect: shared.measuredEffect ?? undefined,
        note: shared.note,
      },
    };
  }
  return { kind: 'request', request: { note: shared.note } };
}

// ---------------------------------------------------------------------------------------------
// Milestones: who has reached what, who is behind

export interface MilestoneFacts {
  id: string;
  dueOn: string;
}

export interface MemberProgressFacts {
  caseId: string;
  status: CaseStatus;
}

export interface Progress {
  /** Per member: milestones done, and those due before today it has not reached. */
  members: Map<string, { done: number; behind: string[] }>;
  /** Per milestone: members done, and the members behind on it. */
  milestones: Map<string, { done: number; behind: string[] }>;
}

/**
 * A member is behind on a milestone that was due before `today` (YYYY-MM-DD) and that it has not
 * reached; a member whose case has ended (umgesetzt, abgebrochen) is behind on nothing.
 */
export function progressOf(
  milestones: readonly MilestoneFacts[],
  members: readonly MemberProgressFacts[],
  done: ReadonlySet<string>,
  today: string,
): Progress {
  const key = (milestoneId: string, caseId: string) => `${milestoneId}:${caseId}`;
  const progress: Progress = { members: new Map(), milestones: new Map() };
  for (const member of members) progress.members.set(member.caseId, { done: 0, behind: [] });
  for (const milestone of milestones) {
    const tally = { done: 0, behind: [] as string[] };
    for (const member of members) {
      const own = progress.members.get(member.caseId)!;
      if (done.has(key(milestone.id, member.caseId))) {
        tally.done += 1;
        own.done += 1;
      } else if (milestone.dueOn < today && !isFinal(member.status)) {
        tally.behind.push(member.caseId);
        own.behind.push(milestone.id);
      }
    }
    progress.milestones.set(milestone.id, tally);
  }
  return progress;
}

/** Whole days from `since` to `now` (in UTC days; a stage entered today has 0). */
export function daysBetween(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000));
}

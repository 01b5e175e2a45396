import type { CaseEventInput, CaseStatus } from './case-status.js';

/**
 * The rules of a transfer case as pure functions: given where a case stands, what it knows and
 * what a request brings, may it move or change, and if not, exactly why; and if so, which columns
 * change and what the timeline keeps. The services run them inside the transaction that holds the
 * case row locked and only apply what they decide.
 */
export interface CaseFacts {
  status: CaseStatus;
  /** Candidate solutions considered, each with its rationale. */
  candidates: readonly { solutionId: string; rationale: string }[];
  chosenSolutionId: string | null;
  /** How the contact to the origin municipality was made. */
  originContact: string | null;
  implementedOn: string | null;
  outcomeNote: string | null;
}

/** What a transition request may carry besides the target. */
export interface TransitionInput {
  reason?: string | null;
  chosenSolutionId?: string | null;
  originContact?: string | null;
  /** YYYY-MM-DD */
  implementedOn?: string | null;
  outcomeNote?: string | null;
}

export const UNMET_CONDITIONS = [
  'candidate_with_rationale',
  'chosen_solution',
  'chosen_solution_among_candidates',
  'origin_contact',
  'implementation_date',
  'implementation_date_not_in_future',
  'outcome_note',
  'reason',
] as const;
export type UnmetCondition = (typeof UNMET_CONDITIONS)[number];

/** The request field that satisfies each condition, for `errors[]` of a 422. */
export const CONDITION_FIELDS: Record<UnmetCondition, string> = {
  candidate_with_rationale: 'candidates',
  chosen_solution: 'chosenSolutionId',
  chosen_solution_among_candidates: 'chosenSolutionId',
  origin_contact: 'originContact',
  implementation_date: 'implementedOn',
  implementation_date_not_in_future: 'implementedOn',
  outcome_note: 'outcomeNote',
  reason: 'reason',
};

export const CONDITION_MESSAGES: Record<UnmetCondition, string> = {
  candidate_with_rationale: 'at least one candidate solution with a rationale',
  chosen_solution: 'a chosen solution',
  chosen_solution_among_candidates: 'the chosen solution must be one of the candidates',
  origin_contact: 'the contact to the origin municipality must be recorded',
  implementation_date: 'an implementation date',
  implementation_date_not_in_future: 'the implementation date must not be in the future',
  outcome_note: 'an outcome note',
  reason: 'a reason',
};

export type TransitionDecision =
  | { kind: 'allowed'; next: CaseFacts }
  | { kind: 'illegal'; allowedTargets: CaseStatus[] }
  | { kind: 'unmet'; unmet: UnmetCondition[] };

/** The legal moves; any other pair is illegal. */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  erfasst: ['recherchiert', 'abgebrochen'],
  recherchiert: ['vermittelt', 'abgebrochen'],
  vermittelt: ['umgesetzt', 'recherchiert', 'abgebrochen'],
  umgesetzt: [],
  abgebrochen: [],
};

export function allowedTargets(status: CaseStatus): CaseStatus[] {
  return [...TRANSITIONS[status]];
}

/**
 * Decides a transition. Facts in `input` count as if already recorded (a desk tool may choose the
 * solution and record the contact in the same request that moves the case to vermittelt); the
 * returned `next` facts are what the case holds afterwards.
 */
export function decideTransition(
  facts: CaseFacts,
  to: CaseStatus,
  input: TransitionInput,
  today: string,
): TransitionDecision {
  if (!TRANSITIONS[facts.status].includes(to)) {
    return { kind: 'illegal', allowedTargets: allowedTargets(facts.status) };
  }
  // Only the facts that concern this move are taken from the request.
  const merged: CaseFacts =
    to === 'vermittelt'
      ? {
          ...facts,
          chosenSolutionId: pick(input.chosenSolutionId, facts.chosenSolutionId),
          originContact: pick(input.originContact, facts.originContact),
        }
      : to === 'umgesetzt'
        ? {
            ...facts,
            implementedOn: pick(input.implementedOn, facts.implementedOn),
            outcomeNote: pick(input.outcomeNote, facts.outcomeNote),
          }
        : facts;
  const unmet: UnmetCondition[] = [];
  const reason = present(input.reason);

  if (to === 'abgebrochen') {
    if (!reason) unmet.push('reason');
  } else if (facts.status === 'erfasst' && to === 'recherchiert') {
    if (!facts.candidates.some((c) => present(c.rationale))) unmet.push('candidate_with_rationale');
  } else if (facts.status === 'recherchiert' && to === 'vermittelt') {
    if (!merged.chosenSolutionId) unmet.push('chosen_solution');
    else if (!facts.candidates.some((c) => c.solutionId === merged.chosenSolutionId)) {
      unmet.push('chosen_solution_among_candidates');
    }
    if (!present(merged.originContact)) unmet.push('origin_contact');
  } else if (facts.status === 'vermittelt' && to === 'umgesetzt') {
    if (!merged.implementedOn) unmet.push('implementation_date');
    else if (merged.implementedOn > today) unmet.push('implementation_date_not_in_future');
    if (!present(merged.outcomeNote)) unmet.push('outcome_note');
  } else if (facts.status === 'vermittelt' && to === 'recherchiert') {
    if (!reason) unmet.push('reason');
  }
  if (unmet.length > 0) return { kind: 'unmet', unmet };

  // Stepping back means the chosen solution did not fit: the choice and its contact are cleared.
  const next: CaseFacts =
    facts.status === 'vermittelt' && to === 'recherchiert'
      ? { ...merged, status: to, chosenSolutionId: null, originContact: null }
      : { ...merged, status: to };
  return { kind: 'allowed', next };
}

function pick<T>(given: T | null | undefined, current: T | null): T | null {
  return given === undefined || given === null ? current : given;
}

function present(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.trim().length > 0;
}

// ---------------------------------------------------------------------------------------------
// What a move changes and records

/** The columns of a case that its rules change. */
export interface CaseColumns {
  status: CaseStatus;
  assigneeId: string | null;
  chosenSolutionId: string | null;
  originContact: string | null;
  implementedOn: string | null;
  outcomeNote: string | null;
  measuredEffect: string | null;
  cancelReason: string | null;
  closedAt: Date | null;
}

/** A transition request: the move, its facts, and what the timeline may keep of it. */
export interface TransitionRequest extends TransitionInput {
  /** Free note for the timeline; the reason stands in when absent. */
  note?: string | null;
  /** For umgesetzt: a measured effect, if already known. */
  measuredEffect?: string | null;
}

export type TransitionPlan =
  | Exclude<TransitionDecision, { kind: 'allowed' }>
  | { kind: 'allowed'; next: CaseFacts; changes: Partial<CaseColumns>; event: CaseEventInput };

/**
 * Decides a move and, when it is allowed, what it writes: the facts it brings (a step back clears
 * the choice and its contact), the reason of a cancellation, the closing time of a final state,
 * and a timeline entry that keeps the facts of the move but never the contact text.
 */
export function planTransition(
  facts: CaseFacts,
  to: CaseStatus,
  request: TransitionRequest,
  today: string,
  now: Date,
): TransitionPlan {
  const decision = decideTransition(facts, to, request, today);
  if (decision.kind !== 'allowed') return decision;
  const { next } = decision;
  const reason = request.reason?.trim();
  const terminal = next.status === 'umgesetzt' || next.status === 'abgebrochen';
  const changes: Partial<CaseColumns> = {
    status: next.status,
    chosenSolutionId: next.chosenSolutionId,
    originContact: next.originContact,
    implementedOn: next.implementedOn,
    outcomeNote: next.outcomeNote,
    ...(next.status === 'umgesetzt' &&
      request.measuredEffect !== undefined && { measuredEffect: request.measuredEffect }),
    ...(next.status === 'abgebrochen' && { cancelReason: reason ?? null }),
    ...(terminal && { closedAt: now }),
  };
  let data: Record<string, unknown> = {};
  if (next.status === 'vermittelt') data = { chosenSolutionId: next.chosenSolutionId };
  else if (next.status === 'umgesetzt') {
    data = {
      implementedOn: next.implementedOn,
      outcomeNote: next.outcomeNote,
      measuredEffect: request.measuredEffect ?? null,
    };
  } else if (facts.status === 'vermittelt' && next.status === 'recherchiert') {
    data = { reason, clearedSolutionId: facts.chosenSolutionId };
  } else if (next.status === 'abgebrochen') data = { reason };
  return {
    kind: 'allowed',
    next,
    changes,
    event: {
      type: 'transitioned',
      from: facts.status,
      to: next.status,
      note: request.note ?? request.reason ?? null,
      data,
    },
  };
}

/** The moves a case offers now, each with what is still missing (the case page shows them). */
export function availableTransitions(facts: CaseFacts, today: string) {
  return allowedTargets(facts.status).map((to) => {
    const decision = decideTransition(facts, to, {}, today);
    return {
      to,
      ready: decision.kind === 'allowed',
      missing: decision.kind === 'unmet' ? decision.unmet : [],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Which facts may change in which status

/** The facts that change outside of moves, and the statuses in which they may. */
export const EDITABLE_IN = {
  /** Who works on the case: until it ends. */
  assignee: ['erfasst', 'recherchiert', 'vermittelt'],
  /** The chosen candidate and the contact to its origin: while researching, before the move to vermittelt. */
  choice: ['recherchiert'],
  /** What came of it, measured later: once umgesetzt. */
  measuredEffect: ['umgesetzt'],
  /** The solutions considered: while the case is erfasst or recherchiert. */
  candidates: ['erfasst', 'recherchiert'],
} as const satisfies Record<string, readonly CaseStatus[]>;
export type CaseEdit = keyof typeof EDITABLE_IN;

export interface EditRefusal {
  kind: 'refused';
  /** The problem type: 409 with this slug. */
  rule: 'case-closed' | 'case-not-recherchiert' | 'case-not-umgesetzt' | 'candidates-closed';
  detail: string;
}

/** Null when the case's status allows the edit, else why not. */
export function refuseEdit(caseId: string, status: CaseStatus, edit: CaseEdit): EditRefusal | null {
  if ((EDITABLE_IN[edit] as readonly CaseStatus[]).includes(status)) return null;
  switch (edit) {
    case 'assignee':
      return { kind: 'refused', rule: 'case-closed', detail: `transfer case ${caseId} is ${status}` };
    case 'choice':
      return {
        kind: 'refused',
        rule: 'case-not-recherchiert',
        detail: `a solution is chosen and the contact recorded while the case is recherchiert, not ${status}`,
      };
    case 'measuredEffect':
      return {
        kind: 'refused',
        rule: 'case-not-umgesetzt',
        detail: 'a measured effect is recorded once the case is umgesetzt',
      };
    case 'candidates':
      return {
        kind: 'refused',
        rule: 'candidates-closed',
        detail: `candidates change while a case is erfasst or recherchiert; this one is ${status}`,
      };
  }
}

/** The facts a PATCH may bring; absent ones stay, null unassigns. */
export interface CasePatch {
  assigneeId?: string | null;
  chosenSolutionId?: string;
  originContact?: string;
  measuredEffect?: string;
}

export type UpdateDecision =
  | EditRefusal
  | { kind: 'not-a-candidate'; detail: string }
  | { kind: 'allowed'; changes: Partial<CaseColumns>; events: CaseEventInput[] };

/**
 * Decides a PATCH: each fact only in its statuses, the choice only among the candidates; the
 * columns it changes and one timeline entry per fact. Whether an assignee is a pilot of the
 * region is for the service to check (it needs the users module).
 */
export function decideUpdate(caseId: string, facts: CaseFacts, patch: CasePatch): UpdateDecision {
  const changes: Partial<CaseColumns> = {};
  const events: CaseEventInput[] = [];
  if (patch.assigneeId !== undefined) {
    const refusal = refuseEdit(caseId, facts.status, 'assignee');
    if (refusal) return refusal;
    changes.assigneeId = patch.assigneeId;
    events.push({ type: 'assigned', data: { assigneeId: patch.assigneeId } });
  }
  if (patch.chosenSolutionId !== undefined || patch.originContact !== undefined) {
    const refusal = refuseEdit(caseId, facts.status, 'choice');
    if (refusal) return refusal;
  }
  if (patch.chosenSolutionId !== undefined) {
    if (!facts.candidates.some((c) => c.solutionId === patch.chosenSolutionId)) {
      return { kind: 'not-a-candidate', detail: 'the chosen solution must be one of the candidates' };
    }
    changes.chosenSolutionId = patch.chosenSolutionId;
    events.push({ type: 'solution_chosen', data: { solutionId: patch.chosenSolutionId } });
  }
  if (patch.originContact !== undefined) {
    changes.originContact = patch.originContact.trim();
    events.push({ type: 'contact_recorded' });
  }
  if (patch.measuredEffect !== undefined) {
    const refusal = refuseEdit(caseId, facts.status, 'measuredEffect');
    if (refusal) return refusal;
    changes.measuredEffect = patch.measuredEffect.trim();
    events.push({ type: 'outcome_recorded', data: { measuredEffect: changes.measuredEffect } });
  }
  return { kind: 'allowed', changes, events };
}

/** The timeline entry of a new candidate. */
export function candidateAdded(solution: { id: string; slug: string }, rationale: string): CaseEventInput {
  return { type: 'candidate_added', data: { solutionId: solution.id, slug: solution.slug, rationale } };
}

export type CandidateRemoval =
  | EditRefusal
  | { kind: 'not-a-candidate' }
  | { kind: 'allowed'; changes: Partial<CaseColumns>; event: CaseEventInput };

/** Removing a candidate; removing the chosen one also clears the choice and its contact. */
export function decideCandidateRemoval(
  caseId: string,
  facts: CaseFacts,
  solutionId: string,
): CandidateRemoval {
  const refusal = refuseEdit(caseId, facts.status, 'candidates');
  if (refusal) return refusal;
  if (!facts.candidates.some((c) => c.solutionId === solutionId)) return { kind: 'not-a-candidate' };
  return {
    kind: 'allowed',
    changes: facts.chosenSolutionId === solutionId ? { chosenSolutionId: null, originContact: null } : {},
    event: { type: 'candidate_removed', data: { solutionId } },
  };
}

import type { CaseStatus } from './case-status.js';

/**
 * The transfer-case state machine as a pure rule: given where a case stands, what it knows and
 * what a transition request brings, may it move, and if not, exactly why. The service runs it
 * inside the transaction that holds the case row locked.
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

export type UnmetCondition =
  | 'candidate_with_rationale'
  | 'chosen_solution'
  | 'chosen_solution_among_candidates'
  | 'origin_contact'
  | 'implementation_date'
  | 'implementation_date_not_in_future'
  | 'outcome_note'
  | 'reason';

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

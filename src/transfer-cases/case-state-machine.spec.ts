import { CASE_STATUSES, type CaseStatus } from './case-status.js';
import { decideTransition, TRANSITIONS, type CaseFacts, type TransitionInput } from './case-state-machine.js';

const TODAY = '2026-11-25';
const A = 'solution-a';
const B = 'solution-b';

const facts = (status: CaseStatus, overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  status,
  candidates: [],
  chosenSolutionId: null,
  originContact: null,
  implementedOn: null,
  outcomeNote: null,
  ...overrides,
});

/** Facts that satisfy every guard, so only the pair decides. */
const complete = (status: CaseStatus): CaseFacts =>
  facts(status, {
    candidates: [{ solutionId: A, rationale: 'passt' }],
    chosenSolutionId: A,
    originContact: 'Telefonat mit dem Kreis Gütersloh',
    implementedOn: '2026-11-01',
    outcomeNote: 'Läuft seit November.',
  });

const LEGAL: [CaseStatus, CaseStatus][] = [
  ['erfasst', 'recherchiert'],
  ['erfasst', 'abgebrochen'],
  ['recherchiert', 'vermittelt'],
  ['recherchiert', 'abgebrochen'],
  ['vermittelt', 'umgesetzt'],
  ['vermittelt', 'recherchiert'],
  ['vermittelt', 'abgebrochen'],
];
const isLegal = (from: CaseStatus, to: CaseStatus) => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));

describe('case state machine', () => {
  it('has exactly the legal pairs of the design', () => {
    const declared = CASE_STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => [from, to]));
    expect(declared).toEqual(LEGAL);
  });

  describe.each(ALL_PAIRS.filter(([from, to]) => !isLegal(from, to)))('%s → %s', (from, to) => {
    it('is illegal, naming the allowed targets, whatever the facts', () => {
      expect(decideTransition(complete(from), to, { reason: 'weil' }, TODAY)).toEqual({
        kind: 'illegal',
        allowedTargets: LEGAL.filter(([f]) => f === from).map(([, t]) => t),
      });
    });
  });

  it('leaves umgesetzt and abgebrochen without any exit', () => {
    for (const terminal of ['umgesetzt', 'abgebrochen'] as const) {
      for (const to of CASE_STATUSES) {
        expect(decideTransition(complete(terminal), to, { reason: 'x' }, TODAY)).toEqual({
          kind: 'illegal',
          allowedTargets: [],
        });
      }
    }
  });

  describe('erfasst → recherchiert', () => {
    it('needs a candidate with a rationale', () => {
      expect(decideTransition(facts('erfasst'), 'recherchiert', {}, TODAY)).toEqual({
        kind: 'unmet',
        unmet: ['candidate_with_rationale'],
      });
      const blank = facts('erfasst', { candidates: [{ solutionId: A, rationale: '  ' }] });
      expect(decideTransition(blank, 'recherchiert', {}, TODAY)).toMatchObject({ kind: 'unmet' });
      const ok = facts('erfasst', { candidates: [{ solutionId: A, rationale: 'passt gut' }] });
      expect(decideTransition(ok, 'recherchiert', {}, TODAY)).toEqual({
        kind: 'allowed',
        next: { ...ok, status: 'recherchiert' },
      });
    });
  });

  describe('recherchiert → vermittelt', () => {
    const researched = facts('recherchiert', {
      candidates: [
        { solutionId: A, rationale: 'passt' },
        { solutionId: B, rationale: 'auch' },
      ],
    });

    it('lists every unmet condition at once', () => {
      expect(decideTransition(researched, 'vermittelt', {}, TODAY)).toEqual({
        kind: 'unmet',
        unmet: ['chosen_solution', 'origin_contact'],
      });
    });

    it('needs the chosen solution among the candidates', () => {
      expect(
        decideTransition(
          researched,
          'vermittelt',
          { chosenSolutionId: 'elsewhere', originContact: 'Mail' },
          TODAY,
        ),
      ).toEqual({ kind: 'unmet', unmet: ['chosen_solution_among_candidates'] });
    });

    it('needs the contact to the origin municipality', () => {
      expect(
        decideTransition(researched, 'vermittelt', { chosenSolutionId: A, originContact: ' ' }, TODAY),
      ).toEqual({
        kind: 'unmet',
        unmet: ['origin_contact'],
      });
    });

    it('takes choice and contact from the request or from the case', () => {
      const inRequest = decideTransition(
        researched,
        'vermittelt',
        { chosenSolutionId: B, originContact: 'Mail' },
        TODAY,
      );
      expect(inRequest).toEqual({
        kind: 'allowed',
        next: { ...researched, status: 'vermittelt', chosenSolutionId: B, originContact: 'Mail' },
      });
      const recorded = { ...researched, chosenSolutionId: A, originContact: 'Telefonat' };
      expect(decideTransition(recorded, 'vermittelt', {}, TODAY)).toMatchObject({ kind: 'allowed' });
    });
  });

  describe('vermittelt → umgesetzt', () => {
    const brokered = facts('vermittelt', {
      candidates: [{ solutionId: A, rationale: 'passt' }],
      chosenSolutionId: A,
      originContact: 'Mail',
    });

    it('needs an implementation date and an outcome note', () => {
      expect(decideTransition(brokered, 'umgesetzt', {}, TODAY)).toEqual({
        kind: 'unmet',
        unmet: ['implementation_date', 'outcome_note'],
      });
    });

    it('refuses an implementation date in the future, accepts today', () => {
      expect(
        decideTransition(brokered, 'umgesetzt', { implementedOn: '2026-11-26', outcomeNote: 'x' }, TODAY),
      ).toEqual({ kind: 'unmet', unmet: ['implementation_date_not_in_future'] });
      expect(
        decideTransition(brokered, 'umgesetzt', { implementedOn: TODAY, outcomeNote: 'läuft' }, TODAY),
      ).toEqual({
        kind: 'allowed',
        next: { ...brokered, status: 'umgesetzt', implementedOn: TODAY, outcomeNote: 'läuft' },
      });
    });
  });

  describe('vermittelt → recherchiert', () => {
    const brokered = complete('vermittelt');

    it('needs a reason', () => {
      expect(decideTransition(brokered, 'recherchiert', {}, TODAY)).toEqual({
        kind: 'unmet',
        unmet: ['reason'],
      });
      expect(decideTransition(brokered, 'recherchiert', { reason: '  ' }, TODAY)).toEqual({
        kind: 'unmet',
        unmet: ['reason'],
      });
    });

    it('clears the choice and its contact', () => {
      expect(decideTransition(brokered, 'recherchiert', { reason: 'passte nicht' }, TODAY)).toEqual({
        kind: 'allowed',
        next: { ...brokered, status: 'recherchiert', chosenSolutionId: null, originContact: null },
      });
    });
  });

  describe.each(['erfasst', 'recherchiert', 'vermittelt'] as const)('%s → abgebrochen', (from) => {
    it('needs a reason and nothing else', () => {
      expect(decideTransition(facts(from), 'abgebrochen', {}, TODAY)).toEqual({
        kind: 'unmet',
        unmet: ['reason'],
      });
      expect(
        decideTransition(facts(from), 'abgebrochen', { reason: 'Gemeinderat hat abgelehnt' }, TODAY),
      ).toEqual({
        kind: 'allowed',
        next: { ...facts(from), status: 'abgebrochen' },
      });
    });
  });

  it('ignores facts in the request that do not concern the move', () => {
    const input: TransitionInput = { implementedOn: '2099-01-01', outcomeNote: 'x' };
    const ok = facts('erfasst', { candidates: [{ solutionId: A, rationale: 'passt' }] });
    expect(decideTransition(ok, 'recherchiert', input, TODAY)).toEqual({
      kind: 'allowed',
      next: { ...ok, status: 'recherchiert' },
    });
  });
});

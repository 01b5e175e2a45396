import { CASE_STATUSES, type CaseStatus } from './case-status.js';
import {
  allowedTargets,
  availableTransitions,
  candidateAdded,
  CONDITION_FIELDS,
  decideCandidateRemoval,
  decideTransition,
  decideUpdate,
  EDITABLE_IN,
  planTransition,
  refuseEdit,
  TRANSITIONS,
  type CaseEdit,
  type CaseFacts,
  type EditRefusal,
  type TransitionInput,
  type TransitionPlan,
  type TransitionRequest,
} from './case-state-machine.js';

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

// ---------------------------------------------------------------------------------------------
// What a move writes, which facts may change when, and the candidate timeline

const NOW = new Date('2026-11-25T10:30:00.000Z');
const CASE_ID = 'case-7';
const CONTACT = 'Telefonat mit Frau Muster, Kreis Gütersloh, 05241 85-0';
const OPEN = ['erfasst', 'recherchiert', 'vermittelt'] as const;
const CLOSED = ['umgesetzt', 'abgebrochen'] as const;
const EDITS: CaseEdit[] = ['assignee', 'choice', 'measuredEffect', 'candidates'];

const allowed = (plan: TransitionPlan) => {
  if (plan.kind !== 'allowed') throw new Error(`expected an allowed plan, got ${JSON.stringify(plan)}`);
  return plan;
};

/** The refusals as the source words them, for CASE_ID. */
const REFUSALS: Record<CaseEdit, (status: CaseStatus) => EditRefusal> = {
  assignee: (status) => ({
    kind: 'refused',
    rule: 'case-closed',
    detail: `transfer case ${CASE_ID} is ${status}`,
  }),
  choice: (status) => ({
    kind: 'refused',
    rule: 'case-not-recherchiert',
    detail: `a solution is chosen and the contact recorded while the case is recherchiert, not ${status}`,
  }),
  measuredEffect: () => ({
    kind: 'refused',
    rule: 'case-not-umgesetzt',
    detail: 'a measured effect is recorded once the case is umgesetzt',
  }),
  candidates: (status) => ({
    kind: 'refused',
    rule: 'candidates-closed',
    detail: `candidates change while a case is erfasst or recherchiert; this one is ${status}`,
  }),
};

describe('CONDITION_FIELDS', () => {
  it('names the request field that satisfies each unmet condition, and no other condition', () => {
    expect(CONDITION_FIELDS).toStrictEqual({
      candidate_with_rationale: 'candidates',
      chosen_solution: 'chosenSolutionId',
      chosen_solution_among_candidates: 'chosenSolutionId',
      origin_contact: 'originContact',
      implementation_date: 'implementedOn',
      implementation_date_not_in_future: 'implementedOn',
      outcome_note: 'outcomeNote',
      reason: 'reason',
    });
  });
});

describe('planTransition', () => {
  describe('passes refusals through unchanged', () => {
    it.each(ALL_PAIRS.filter(([from, to]) => !isLegal(from, to)))(
      'answers the illegal move %s → %s exactly as decideTransition does',
      (from, to) => {
        const request: TransitionRequest = { reason: 'weil', note: 'Notiz' };
        const plan = planTransition(complete(from), to, request, TODAY, NOW);
        expect(plan).toStrictEqual(decideTransition(complete(from), to, request, TODAY));
        expect(plan).toStrictEqual({
          kind: 'illegal',
          allowedTargets: LEGAL.filter(([f]) => f === from).map(([, t]) => t),
        });
      },
    );

    it.each<[string, CaseFacts, CaseStatus, TransitionRequest, string[]]>([
      [
        'erfasst → recherchiert without a candidate',
        facts('erfasst'),
        'recherchiert',
        {},
        ['candidate_with_rationale'],
      ],
      [
        'recherchiert → vermittelt without choice and contact',
        facts('recherchiert', { candidates: [{ solutionId: A, rationale: 'passt' }] }),
        'vermittelt',
        { note: 'Notiz' },
        ['chosen_solution', 'origin_contact'],
      ],
      [
        'vermittelt → umgesetzt with a future date and no note',
        complete('vermittelt'),
        'umgesetzt',
        { implementedOn: '2026-12-01', outcomeNote: ' ', measuredEffect: 'viel' },
        ['implementation_date_not_in_future', 'outcome_note'],
      ],
      ['vermittelt → recherchiert without a reason', complete('vermittelt'), 'recherchiert', {}, ['reason']],
      [
        'erfasst → abgebrochen with a blank reason',
        facts('erfasst'),
        'abgebrochen',
        { reason: '  ' },
        ['reason'],
      ],
    ])('answers %s with the unmet conditions of decideTransition', (_name, given, to, request, unmet) => {
      const plan = planTransition(given, to, request, TODAY, NOW);
      expect(plan).toStrictEqual(decideTransition(given, to, request, TODAY));
      expect(plan).toStrictEqual({ kind: 'unmet', unmet });
    });
  });

  describe('erfasst → recherchiert', () => {
    const collected = facts('erfasst', { candidates: [{ solutionId: A, rationale: 'passt' }] });

    it('moves to the facts decideTransition allows', () => {
      expect(allowed(planTransition(collected, 'recherchiert', {}, TODAY, NOW)).next).toStrictEqual({
        ...collected,
        status: 'recherchiert',
      });
    });

    it('writes the status and the unchanged facts, and neither closes nor cancels the case', () => {
      expect(allowed(planTransition(collected, 'recherchiert', {}, TODAY, NOW)).changes).toStrictEqual({
        status: 'recherchiert',
        chosenSolutionId: null,
        originContact: null,
        implementedOn: null,
        outcomeNote: null,
      });
    });

    it('records a transition without note and without data', () => {
      expect(allowed(planTransition(collected, 'recherchiert', {}, TODAY, NOW)).event).toStrictEqual({
        type: 'transitioned',
        from: 'erfasst',
        to: 'recherchiert',
        note: null,
        data: {},
      });
    });
  });

  describe('recherchiert → vermittelt with choice and contact in the request', () => {
    const researched = facts('recherchiert', {
      candidates: [
        { solutionId: A, rationale: 'passt' },
        { solutionId: B, rationale: 'auch' },
      ],
    });
    const request: TransitionRequest = { chosenSolutionId: B, originContact: CONTACT };

    it('writes the chosen solution and the contact', () => {
      expect(allowed(planTransition(researched, 'vermittelt', request, TODAY, NOW)).changes).toStrictEqual({
        status: 'vermittelt',
        chosenSolutionId: B,
        originContact: CONTACT,
        implementedOn: null,
        outcomeNote: null,
      });
    });

    it('records only the chosen solution as event data', () => {
      expect(allowed(planTransition(researched, 'vermittelt', request, TODAY, NOW)).event).toStrictEqual({
        type: 'transitioned',
        from: 'recherchiert',
        to: 'vermittelt',
        note: null,
        data: { chosenSolutionId: B },
      });
    });

    it('never keeps the contact text in the timeline', () => {
      const { event } = allowed(planTransition(researched, 'vermittelt', request, TODAY, NOW));
      expect(JSON.stringify(event)).not.toContain(CONTACT);
    });

    it('never keeps a contact already recorded on the case in the timeline', () => {
      const recorded = { ...researched, chosenSolutionId: A, originContact: CONTACT };
      const { event } = allowed(planTransition(recorded, 'vermittelt', {}, TODAY, NOW));
      expect(event.data).toStrictEqual({ chosenSolutionId: A });
      expect(JSON.stringify(event)).not.toContain(CONTACT);
    });
  });

  describe('vermittelt → umgesetzt', () => {
    const brokered = facts('vermittelt', {
      candidates: [{ solutionId: A, rationale: 'passt' }],
      chosenSolutionId: A,
      originContact: CONTACT,
    });
    const request: TransitionRequest = { implementedOn: '2026-11-01', outcomeNote: 'Läuft seit November.' };

    it('writes date and outcome note and closes the case at the given time, without a measured effect', () => {
      expect(allowed(planTransition(brokered, 'umgesetzt', request, TODAY, NOW)).changes).toStrictEqual({
        status: 'umgesetzt',
        chosenSolutionId: A,
        originContact: CONTACT,
        implementedOn: '2026-11-01',
        outcomeNote: 'Läuft seit November.',
        closedAt: NOW,
      });
    });

    it('closes the case at exactly the given now', () => {
      expect(allowed(planTransition(brokered, 'umgesetzt', request, TODAY, NOW)).changes.closedAt).toBe(NOW);
    });

    it('leaves the measured effect column alone when the request does not bring one', () => {
      const { changes } = allowed(planTransition(brokered, 'umgesetzt', request, TODAY, NOW));
      expect(Object.keys(changes)).not.toContain('measuredEffect');
    });

    it('writes a measured effect the request brings', () => {
      const withEffect = { ...request, measuredEffect: '6 Stunden weniger je Woche' };
      expect(allowed(planTransition(brokered, 'umgesetzt', withEffect, TODAY, NOW)).changes).toStrictEqual({
        status: 'umgesetzt',
        chosenSolutionId: A,
        originContact: CONTACT,
        implementedOn: '2026-11-01',
        outcomeNote: 'Läuft seit November.',
        measuredEffect: '6 Stunden weniger je Woche',
        closedAt: NOW,
      });
    });

    it('records date, outcome note and a null measured effect when none is known', () => {
      expect(allowed(planTransition(brokered, 'umgesetzt', request, TODAY, NOW)).event).toStrictEqual({
        type: 'transitioned',
        from: 'vermittelt',
        to: 'umgesetzt',
        note: null,
        data: { implementedOn: '2026-11-01', outcomeNote: 'Läuft seit November.', measuredEffect: null },
      });
    });

    it('records the measured effect the request brings', () => {
      const withEffect = { ...request, measuredEffect: '6 Stunden weniger je Woche' };
      expect(allowed(planTransition(brokered, 'umgesetzt', withEffect, TODAY, NOW)).event.data).toStrictEqual(
        {
          implementedOn: '2026-11-01',
          outcomeNote: 'Läuft seit November.',
          measuredEffect: '6 Stunden weniger je Woche',
        },
      );
    });

    it('never keeps the contact text in the timeline', () => {
      const { event } = allowed(planTransition(brokered, 'umgesetzt', request, TODAY, NOW));
      expect(JSON.stringify(event)).not.toContain(CONTACT);
    });
  });

  describe('vermittelt → recherchiert', () => {
    const brokered = facts('vermittelt', {
      candidates: [
        { solutionId: A, rationale: 'passt' },
        { solutionId: B, rationale: 'auch' },
      ],
      chosenSolutionId: A,
      originContact: CONTACT,
    });

    it('clears the choice and its contact in the columns', () => {
      expect(
        allowed(planTransition(brokered, 'recherchiert', { reason: 'passte nicht' }, TODAY, NOW)).changes,
      ).toStrictEqual({
        status: 'recherchiert',
        chosenSolutionId: null,
        originContact: null,
        implementedOn: null,
        outcomeNote: null,
      });
    });

    it('records the trimmed reason and the choice it cleared', () => {
      expect(
        allowed(planTransition(brokered, 'recherchiert', { reason: '  passte nicht  ' }, TODAY, NOW)).event
          .data,
      ).toStrictEqual({ reason: 'passte nicht', clearedSolutionId: A });
    });

    it('records the step back with the reason as its note', () => {
      expect(
        allowed(planTransition(brokered, 'recherchiert', { reason: 'passte nicht' }, TODAY, NOW)).event,
      ).toStrictEqual({
        type: 'transitioned',
        from: 'vermittelt',
        to: 'recherchiert',
        note: 'passte nicht',
        data: { reason: 'passte nicht', clearedSolutionId: A },
      });
    });

    it('never keeps the cleared contact text in the timeline', () => {
      const { event } = allowed(
        planTransition(brokered, 'recherchiert', { reason: 'passte nicht' }, TODAY, NOW),
      );
      expect(JSON.stringify(event)).not.toContain(CONTACT);
    });
  });

  describe.each(OPEN)('%s → abgebrochen', (from) => {
    it('writes the trimmed reason as cancel reason and closes the case at the given time', () => {
      expect(
        allowed(
          planTransition(facts(from), 'abgebrochen', { reason: '  Gemeinderat hat abgelehnt  ' }, TODAY, NOW),
        ).changes,
      ).toStrictEqual({
        status: 'abgebrochen',
        chosenSolutionId: null,
        originContact: null,
        implementedOn: null,
        outcomeNote: null,
        cancelReason: 'Gemeinderat hat abgelehnt',
        closedAt: NOW,
      });
    });

    it('closes the case at exactly the given now', () => {
      const plan = allowed(planTransition(facts(from), 'abgebrochen', { reason: 'abgelehnt' }, TODAY, NOW));
      expect(plan.changes.closedAt).toBe(NOW);
    });

    it('records the trimmed reason as event data', () => {
      expect(
        allowed(
          planTransition(facts(from), 'abgebrochen', { reason: '  Gemeinderat hat abgelehnt  ' }, TODAY, NOW),
        ).event.data,
      ).toStrictEqual({ reason: 'Gemeinderat hat abgelehnt' });
    });

    it('records the cancellation with the reason as its note', () => {
      expect(
        allowed(
          planTransition(facts(from), 'abgebrochen', { reason: 'Gemeinderat hat abgelehnt' }, TODAY, NOW),
        ).event,
      ).toStrictEqual({
        type: 'transitioned',
        from,
        to: 'abgebrochen',
        note: 'Gemeinderat hat abgelehnt',
        data: { reason: 'Gemeinderat hat abgelehnt' },
      });
    });
  });

  describe('the event note', () => {
    const collected = facts('erfasst', { candidates: [{ solutionId: A, rationale: 'passt' }] });

    it('is the note of the request when given, even beside a reason', () => {
      const request = { reason: 'passte nicht', note: 'Rückfrage beim Kreis' };
      expect(
        allowed(planTransition(complete('vermittelt'), 'recherchiert', request, TODAY, NOW)).event.note,
      ).toBe('Rückfrage beim Kreis');
    });

    it('is the note of the request on a move that needs no reason', () => {
      expect(
        allowed(planTransition(collected, 'recherchiert', { note: 'Drei Kandidaten gefunden' }, TODAY, NOW))
          .event.note,
      ).toBe('Drei Kandidaten gefunden');
    });

    it('is the reason when the request has no note', () => {
      expect(
        allowed(planTransition(complete('vermittelt'), 'abgebrochen', { reason: 'abgelehnt' }, TODAY, NOW))
          .event.note,
      ).toBe('abgelehnt');
    });

    it('is null without note and reason', () => {
      expect(allowed(planTransition(collected, 'recherchiert', {}, TODAY, NOW)).event.note).toBeNull();
    });
  });
});

describe('availableTransitions', () => {
  describe.each(CASE_STATUSES)('while the case is %s', (status) => {
    it('offers the allowed targets in their order, whatever the facts', () => {
      expect(availableTransitions(facts(status), TODAY).map((t) => t.to)).toEqual(allowedTargets(status));
      expect(availableTransitions(complete(status), TODAY).map((t) => t.to)).toEqual(allowedTargets(status));
    });

    it('is ready for a target exactly when nothing is missing', () => {
      for (const given of [facts(status), complete(status)]) {
        for (const offer of availableTransitions(given, TODAY)) {
          expect(offer.ready).toBe(offer.missing.length === 0);
        }
      }
    });
  });

  it.each(CLOSED)('offers nothing once the case is %s', (status) => {
    expect(availableTransitions(complete(status), TODAY)).toEqual([]);
  });

  it('lists what an empty erfasst case still misses', () => {
    expect(availableTransitions(facts('erfasst'), TODAY)).toEqual([
      { to: 'recherchiert', ready: false, missing: ['candidate_with_rationale'] },
      { to: 'abgebrochen', ready: false, missing: ['reason'] },
    ]);
  });

  it('is ready for recherchiert once a candidate has a rationale', () => {
    const collected = facts('erfasst', { candidates: [{ solutionId: A, rationale: 'passt' }] });
    expect(availableTransitions(collected, TODAY)).toEqual([
      { to: 'recherchiert', ready: true, missing: [] },
      { to: 'abgebrochen', ready: false, missing: ['reason'] },
    ]);
  });

  it('lists choice and contact as missing for a researched case without them', () => {
    const researched = facts('recherchiert', { candidates: [{ solutionId: A, rationale: 'passt' }] });
    expect(availableTransitions(researched, TODAY)).toEqual([
      { to: 'vermittelt', ready: false, missing: ['chosen_solution', 'origin_contact'] },
      { to: 'abgebrochen', ready: false, missing: ['reason'] },
    ]);
  });

  it('names a recorded choice that is not among the candidates', () => {
    const researched = facts('recherchiert', {
      candidates: [{ solutionId: A, rationale: 'passt' }],
      chosenSolutionId: B,
      originContact: CONTACT,
    });
    expect(availableTransitions(researched, TODAY)[0]).toEqual({
      to: 'vermittelt',
      ready: false,
      missing: ['chosen_solution_among_candidates'],
    });
  });

  it('is ready for vermittelt once choice and contact are recorded', () => {
    expect(availableTransitions(complete('recherchiert'), TODAY)[0]).toEqual({
      to: 'vermittelt',
      ready: true,
      missing: [],
    });
  });

  it('lists date and outcome note as missing for a brokered case, and a reason for the other moves', () => {
    const brokered = facts('vermittelt', {
      candidates: [{ solutionId: A, rationale: 'passt' }],
      chosenSolutionId: A,
      originContact: CONTACT,
    });
    expect(availableTransitions(brokered, TODAY)).toEqual([
      { to: 'umgesetzt', ready: false, missing: ['implementation_date', 'outcome_note'] },
      { to: 'recherchiert', ready: false, missing: ['reason'] },
      { to: 'abgebrochen', ready: false, missing: ['reason'] },
    ]);
  });

  it('judges the implementation date against the given today', () => {
    const brokered = { ...complete('vermittelt'), implementedOn: '2026-11-26' };
    expect(availableTransitions(brokered, TODAY)[0]).toEqual({
      to: 'umgesetzt',
      ready: false,
      missing: ['implementation_date_not_in_future'],
    });
    expect(availableTransitions(brokered, '2026-11-26')[0]).toEqual({
      to: 'umgesetzt',
      ready: true,
      missing: [],
    });
  });
});

describe('EDITABLE_IN and refuseEdit', () => {
  it('lets each fact change in exactly the statuses of the design', () => {
    expect(EDITABLE_IN).toStrictEqual({
      assignee: ['erfasst', 'recherchiert', 'vermittelt'],
      choice: ['recherchiert'],
      measuredEffect: ['umgesetzt'],
      candidates: ['erfasst', 'recherchiert'],
    });
  });

  const pairs = EDITS.flatMap((edit) => CASE_STATUSES.map((status) => [edit, status] as const));
  const editable = (edit: CaseEdit, status: CaseStatus) =>
    (EDITABLE_IN[edit] as readonly CaseStatus[]).includes(status);

  it.each(pairs.filter(([edit, status]) => editable(edit, status)))(
    'allows the %s edit while the case is %s',
    (edit, status) => {
      expect(refuseEdit(CASE_ID, status, edit)).toBeNull();
    },
  );

  it.each(
    pairs
      .filter(([edit, status]) => !editable(edit, status))
      .map(([edit, status]) => [edit, status, REFUSALS[edit](status).rule] as const),
  )('refuses the %s edit while the case is %s, naming the rule %s', (edit, status) => {
    expect(refuseEdit(CASE_ID, status, edit)).toStrictEqual(REFUSALS[edit](status));
  });

  it('names the case id and its status when refusing an assignee', () => {
    expect(refuseEdit('4f1c-case', 'abgebrochen', 'assignee')).toStrictEqual({
      kind: 'refused',
      rule: 'case-closed',
      detail: 'transfer case 4f1c-case is abgebrochen',
    });
  });
});

describe('decideUpdate', () => {
  const researched = facts('recherchiert', {
    candidates: [
      { solutionId: A, rationale: 'passt' },
      { solutionId: B, rationale: 'auch' },
    ],
  });

  describe('the assignee', () => {
    it.each(OPEN)('is assigned while the case is %s, with one assigned event', (status) => {
      expect(decideUpdate(CASE_ID, complete(status), { assigneeId: 'user-1' })).toStrictEqual({
        kind: 'allowed',
        changes: { assigneeId: 'user-1' },
        events: [{ type: 'assigned', data: { assigneeId: 'user-1' } }],
      });
    });

    it.each(OPEN)('is unassigned with null while the case is %s', (status) => {
      expect(decideUpdate(CASE_ID, complete(status), { assigneeId: null })).toStrictEqual({
        kind: 'allowed',
        changes: { assigneeId: null },
        events: [{ type: 'assigned', data: { assigneeId: null } }],
      });
    });

    it.each(CLOSED.flatMap((status) => [[status, 'user-1'] as const, [status, null] as const]))(
      'refuses an assignee while the case is %s (assigneeId %p), naming the rule case-closed',
      (status, assigneeId) => {
        expect(decideUpdate(CASE_ID, complete(status), { assigneeId })).toStrictEqual(
          REFUSALS.assignee(status),
        );
      },
    );
  });

  describe('the choice and the contact', () => {
    it('records a choice among the candidates while the case is recherchiert', () => {
      expect(decideUpdate(CASE_ID, researched, { chosenSolutionId: B })).toStrictEqual({
        kind: 'allowed',
        changes: { chosenSolutionId: B },
        events: [{ type: 'solution_chosen', data: { solutionId: B } }],
      });
    });

    it.each(CASE_STATUSES.filter((s) => s !== 'recherchiert'))(
      'refuses a choice while the case is %s, naming the rule case-not-recherchiert',
      (status) => {
        expect(decideUpdate(CASE_ID, complete(status), { chosenSolutionId: A })).toStrictEqual(
          REFUSALS.choice(status),
        );
      },
    );

    it.each(CASE_STATUSES.filter((s) => s !== 'recherchiert'))(
      'refuses a contact alone while the case is %s, naming the rule case-not-recherchiert',
      (status) => {
        expect(decideUpdate(CASE_ID, complete(status), { originContact: CONTACT })).toStrictEqual(
          REFUSALS.choice(status),
        );
      },
    );

    it('refuses a choice that is not among the candidates', () => {
      expect(decideUpdate(CASE_ID, researched, { chosenSolutionId: 'elsewhere' })).toStrictEqual({
        kind: 'not-a-candidate',
        detail: 'the chosen solution must be one of the candidates',
      });
    });

    it('refuses a choice outside the candidates even when a contact comes with it', () => {
      expect(
        decideUpdate(CASE_ID, researched, { chosenSolutionId: 'elsewhere', originContact: CONTACT }),
      ).toStrictEqual({
        kind: 'not-a-candidate',
        detail: 'the chosen solution must be one of the candidates',
      });
    });

    it('writes the contact trimmed and records it without its text', () => {
      expect(decideUpdate(CASE_ID, researched, { originContact: `  ${CONTACT}\n` })).toStrictEqual({
        kind: 'allowed',
        changes: { originContact: CONTACT },
        events: [{ type: 'contact_recorded' }],
      });
    });

    it('never keeps the contact text in the timeline, even beside a choice', () => {
      const decision = decideUpdate(CASE_ID, researched, { chosenSolutionId: A, originContact: CONTACT });
      if (decision.kind !== 'allowed') throw new Error(`expected allowed, got ${JSON.stringify(decision)}`);
      expect(decision.events).toStrictEqual([
        { type: 'solution_chosen', data: { solutionId: A } },
        { type: 'contact_recorded' },
      ]);
      expect(JSON.stringify(decision.events)).not.toContain(CONTACT);
    });
  });

  describe('the measured effect', () => {
    it('is written trimmed once the case is umgesetzt, with an outcome_recorded event', () => {
      expect(
        decideUpdate(CASE_ID, complete('umgesetzt'), { measuredEffect: '  6 Stunden weniger je Woche ' }),
      ).toStrictEqual({
        kind: 'allowed',
        changes: { measuredEffect: '6 Stunden weniger je Woche' },
        events: [{ type: 'outcome_recorded', data: { measuredEffect: '6 Stunden weniger je Woche' } }],
      });
    });

    it.each(CASE_STATUSES.filter((s) => s !== 'umgesetzt'))(
      'is refused while the case is %s, naming the rule case-not-umgesetzt',
      (status) => {
        expect(decideUpdate(CASE_ID, complete(status), { measuredEffect: 'viel' })).toStrictEqual(
          REFUSALS.measuredEffect(status),
        );
      },
    );
  });

  it('records one event per fact, in the order assigned, solution_chosen, contact_recorded', () => {
    expect(
      decideUpdate(CASE_ID, researched, {
        originContact: ' Mail ',
        chosenSolutionId: A,
        assigneeId: 'user-1',
      }),
    ).toStrictEqual({
      kind: 'allowed',
      changes: { assigneeId: 'user-1', chosenSolutionId: A, originContact: 'Mail' },
      events: [
        { type: 'assigned', data: { assigneeId: 'user-1' } },
        { type: 'solution_chosen', data: { solutionId: A } },
        { type: 'contact_recorded' },
      ],
    });
  });

  it.each(CASE_STATUSES)(
    'allows an empty patch while the case is %s, changing and recording nothing',
    (status) => {
      expect(decideUpdate(CASE_ID, complete(status), {})).toStrictEqual({
        kind: 'allowed',
        changes: {},
        events: [],
      });
    },
  );

  describe('a refusal of a later fact wins over an earlier fact that was fine', () => {
    it('refuses assignee and choice on an erfasst case, naming the rule case-not-recherchiert', () => {
      const collected = facts('erfasst', { candidates: [{ solutionId: A, rationale: 'passt' }] });
      expect(decideUpdate(CASE_ID, collected, { assigneeId: 'user-1', chosenSolutionId: A })).toStrictEqual(
        REFUSALS.choice('erfasst'),
      );
    });

    it('refuses assignee and measured effect on a vermittelt case, naming the rule case-not-umgesetzt', () => {
      expect(
        decideUpdate(CASE_ID, complete('vermittelt'), { assigneeId: 'user-1', measuredEffect: 'viel' }),
      ).toStrictEqual(REFUSALS.measuredEffect('vermittelt'));
    });

    it('refuses assignee, contact and a choice outside the candidates as not-a-candidate', () => {
      expect(
        decideUpdate(CASE_ID, researched, {
          assigneeId: 'user-1',
          chosenSolutionId: 'elsewhere',
          originContact: 'x',
        }),
      ).toStrictEqual({
        kind: 'not-a-candidate',
        detail: 'the chosen solution must be one of the candidates',
      });
    });

    it('refuses choice and measured effect on a recherchiert case, naming the rule case-not-umgesetzt', () => {
      expect(
        decideUpdate(CASE_ID, researched, { chosenSolutionId: A, measuredEffect: 'viel' }),
      ).toStrictEqual(REFUSALS.measuredEffect('recherchiert'));
    });
  });
});

describe('candidateAdded', () => {
  it('records the solution id, its slug and the rationale', () => {
    expect(candidateAdded({ id: A, slug: 'digitale-bauakte' }, 'spart Wege')).toStrictEqual({
      type: 'candidate_added',
      data: { solutionId: A, slug: 'digitale-bauakte', rationale: 'spart Wege' },
    });
  });
});

describe('decideCandidateRemoval', () => {
  const researched = facts('recherchiert', {
    candidates: [
      { solutionId: A, rationale: 'passt' },
      { solutionId: B, rationale: 'auch' },
    ],
    chosenSolutionId: A,
    originContact: CONTACT,
  });

  it.each(['vermittelt', 'umgesetzt', 'abgebrochen'] as const)(
    'refuses a removal while the case is %s, naming the rule candidates-closed',
    (status) => {
      expect(decideCandidateRemoval(CASE_ID, complete(status), A)).toStrictEqual(REFUSALS.candidates(status));
    },
  );

  it('refuses a removal on a closed list before asking whether the solution is a candidate', () => {
    expect(decideCandidateRemoval(CASE_ID, complete('vermittelt'), 'elsewhere')).toStrictEqual(
      REFUSALS.candidates('vermittelt'),
    );
  });

  it.each(['erfasst', 'recherchiert'] as const)(
    'answers not-a-candidate for a solution that is not among the candidates while %s',
    (status) => {
      expect(decideCandidateRemoval(CASE_ID, { ...researched, status }, 'elsewhere')).toStrictEqual({
        kind: 'not-a-candidate',
      });
    },
  );

  it('removes a candidate that is not the chosen one without changing a column', () => {
    expect(decideCandidateRemoval(CASE_ID, researched, B)).toStrictEqual({
      kind: 'allowed',
      changes: {},
      event: { type: 'candidate_removed', data: { solutionId: B } },
    });
  });

  it('removes a candidate of an erfasst case without changing a column', () => {
    const collected = facts('erfasst', { candidates: [{ solutionId: A, rationale: 'passt' }] });
    expect(decideCandidateRemoval(CASE_ID, collected, A)).toStrictEqual({
      kind: 'allowed',
      changes: {},
      event: { type: 'candidate_removed', data: { solutionId: A } },
    });
  });

  it('clears the choice and its contact when the chosen candidate is removed', () => {
    expect(decideCandidateRemoval(CASE_ID, researched, A)).toStrictEqual({
      kind: 'allowed',
      changes: { chosenSolutionId: null, originContact: null },
      event: { type: 'candidate_removed', data: { solutionId: A } },
    });
  });
});

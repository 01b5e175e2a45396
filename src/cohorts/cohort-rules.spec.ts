import {
  availableCohortTransitions,
  daysBetween,
  decideCohortTransition,
  decideJoin,
  prepareMemberMove,
  progressOf,
  type GroupFacts,
  type JoiningCase,
} from './cohort-rules.js';

const SOLUTION = 'solution-iq';

describe('the cohort’s own moves', () => {
  const forming = { status: 'forming' as const, memberStatuses: [], milestones: 0 };

  it('starts with two members and a milestone, listing every missing condition', () => {
    expect(decideCohortTransition(forming, 'running', null)).toEqual({
      kind: 'unmet',
      unmet: ['two_members', 'milestone'],
    });
    expect(
      decideCohortTransition({ ...forming, memberStatuses: ['erfasst'], milestones: 1 }, 'running', null),
    ).toEqual({ kind: 'unmet', unmet: ['two_members'] });
    expect(
      decideCohortTransition(
        { ...forming, memberStatuses: ['erfasst', 'recherchiert'], milestones: 1 },
        'running',
        null,
      ),
    ).toEqual({ kind: 'allowed' });
  });

  it('closes a forming cohort only with a reason, a running one when its members are done or with a reason', () => {
    expect(decideCohortTransition(forming, 'closed', '  ')).toEqual({ kind: 'unmet', unmet: ['reason'] });
    expect(decideCohortTransition(forming, 'closed', 'Kein Interesse')).toEqual({ kind: 'allowed' });
    const running = {
      status: 'running' as const,
      memberStatuses: ['umgesetzt', 'vermittelt'] as const,
      milestones: 2,
    };
    expect(decideCohortTransition(running, 'closed', null)).toEqual({
      kind: 'unmet',
      unmet: ['members_final_or_reason'],
    });
    expect(decideCohortTransition(running, 'closed', 'Förderung ausgelaufen')).toEqual({ kind: 'allowed' });
    expect(
      decideCohortTransition({ ...running, memberStatuses: ['umgesetzt', 'abgebrochen'] }, 'closed', null),
    ).toEqual({ kind: 'allowed' });
  });

  it('has no other moves: closed is final, nothing goes back to forming', () => {
    expect(decideCohortTransition(forming, 'forming', null)).toEqual({
      kind: 'illegal',
      allowedTargets: ['running', 'closed'],
    });
    expect(decideCohortTransition({ ...forming, status: 'running' }, 'forming', null)).toEqual({
      kind: 'illegal',
      allowedTargets: ['closed'],
    });
    expect(decideCohortTransition({ ...forming, status: 'closed' }, 'running', null)).toEqual({
      kind: 'illegal',
      allowedTargets: [],
    });
    expect(availableCohortTransitions(forming)).toEqual([
      { to: 'running', ready: false, missing: ['two_members', 'milestone'] },
      { to: 'closed', ready: false, missing: ['reason'] },
    ]);
  });
});

describe('joining', () => {
  const cohort: GroupFacts = {
    id: 'k1',
    solutionId: SOLUTION,
    open: true,
    memberMunicipalityIds: ['m-bautzen'],
  };
  const joining: JoiningCase = {
    id: 'c1',
    municipalityId: 'm-goerlitz',
    status: 'recherchiert',
    chosenSolutionId: null,
    candidateSolutionIds: [SOLUTION],
    groupId: null,
  };
  const rule = (facts: Partial<JoiningCase>, group: Partial<GroupFacts> = {}) => {
    const decision = decideJoin({ ...cohort, ...group }, { ...joining, ...facts }, 'cohort');
    return decision.kind === 'allowed' ? 'allowed' : `${decision.status} ${decision.rule}`;
  };

  it('takes a case that considers the cohort’s solution, as a candidate or as its choice', () => {
    expect(rule({})).toBe('allowed');
    expect(rule({ candidateSolutionIds: [], chosenSolutionId: SOLUTION })).toBe('allowed');
    expect(rule({ candidateSolutionIds: ['another'] })).toBe('422 solution-not-considered');
  });

  it('refuses ended cases, closed groups, a second group and a second case of a municipality', () => {
    expect(rule({ status: 'umgesetzt' })).toBe('422 case-closed');
    expect(rule({ status: 'abgebrochen' })).toBe('422 case-closed');
    expect(rule({}, { open: false })).toBe('409 group-closed');
    expect(rule({ groupId: 'k1' })).toBe('409 already-a-member');
    expect(rule({ groupId: 'k2' })).toBe('409 case-in-another-group');
    expect(rule({ municipalityId: 'm-bautzen' })).toBe('409 municipality-already-a-member');
    // Teams know no municipality rule.
    expect(rule({ municipalityId: 'm-bautzen' }, { memberMunicipalityIds: undefined })).toBe('allowed');
  });
});

describe('a member’s share of a move together', () => {
  const member = { chosenSolutionId: null, originContact: null, implementedOn: null, outcomeNote: null };

  it('chooses the cohort’s solution and fills only the facts the member lacks', () => {
    expect(prepareMemberMove('vermittelt', SOLUTION, member, { originContact: 'Kick-off' })).toEqual({
      kind: 'request',
      request: { chosenSolutionId: SOLUTION, originContact: 'Kick-off', note: undefined },
    });
    expect(
      prepareMemberMove(
        'vermittelt',
        SOLUTION,
        { ...member, originContact: 'eigenes Telefonat' },
        { originContact: 'Kick-off' },
      ),
    ).toEqual({
      kind: 'request',
      request: { chosenSolutionId: SOLUTION, originContact: undefined, note: undefined },
    });
    expect(
      prepareMemberMove(
        'umgesetzt',
        SOLUTION,
        { ...member, outcomeNote: 'eigene Notiz' },
        {
          implementedOn: '2026-11-20',
          outcomeNote: 'gemeinsam',
        },
      ),
    ).toEqual({
      kind: 'request',
      request: {
        implementedOn: '2026-11-20',
        outcomeNote: undefined,
        measuredEffect: undefined,
        note: undefined,
      },
    });
  });

  it('does not move a member that chose another solution to vermittelt with the cohort', () => {
    expect(prepareMemberMove('vermittelt', SOLUTION, { ...member, chosenSolutionId: 'another' }, {})).toEqual(
      {
        kind: 'unmet',
        unmet: ['cohort_solution_chosen'],
      },
    );
  });
});

describe('milestone progress', () => {
  const milestones = [
    { id: 'kickoff', dueOn: '2026-11-01' },
    { id: 'team', dueOn: '2026-12-03' },
    { id: 'golive', dueOn: '2027-03-01' },
  ];
  const members = [
    { caseId: 'a', status: 'recherchiert' as const },
    { caseId: 'b', status: 'erfasst' as const },
    { caseId: 'c', status: 'abgebrochen' as const },
  ];

  it('puts behind whoever has not reached a milestone due before today, unless its case ended', () => {
    const progress = progressOf(milestones, members, new Set(['kickoff:a', 'team:a']), '2026-12-03');
    expect(Object.fromEntries(progress.members)).toEqual({
      a: { done: 2, behind: [] },
      b: { done: 0, behind: ['kickoff'] },
      c: { done: 0, behind: [] },
    });
    // Due today is not yet overdue.
    expect(Object.fromEntries(progress.milestones)).toEqual({
      kickoff: { done: 1, behind: ['b'] },
      team: { done: 1, behind: [] },
      golive: { done: 0, behind: [] },
    });
  });

  it('counts whole days in a stage', () => {
    const since = new Date('2026-11-30T10:00:00Z');
    expect(daysBetween(since, new Date('2026-11-30T23:59:59Z'))).toBe(0);
    expect(daysBetween(since, new Date('2026-12-03T10:00:00Z'))).toBe(3);
    expect(daysBetween(since, new Date('2026-11-29T10:00:00Z'))).toBe(0);
  });
});

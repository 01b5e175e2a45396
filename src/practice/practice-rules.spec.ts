import {
  addMonths,
  alertWorthy,
  evidenceDelta,
  evidenceOf,
  followUpSchedule,
  followUpStatus,
  latestResult,
  learnedFromRefusal,
} from './practice-rules.js';

describe('follow-up schedule', () => {
  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-12-01', 12)).toBe('2027-12-01');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('schedules one follow-up per month count, in order, without repeats', () => {
    expect(followUpSchedule('2026-02-10', [12, 6, 6])).toEqual([
      { afterMonths: 6, dueOn: '2026-08-10' },
      { afterMonths: 12, dueOn: '2027-02-10' },
    ]);
  });

  it('is due until its date, overdue the day after, recorded once it has a result', () => {
    const pending = { dueOn: '2026-08-10', lastRecordedAt: null };
    expect(followUpStatus(pending, '2026-08-09')).toBe('due');
    expect(followUpStatus(pending, '2026-08-10')).toBe('due');
    expect(followUpStatus(pending, '2026-08-11')).toBe('overdue');
    expect(followUpStatus({ ...pending, lastRecordedAt: new Date() }, '2030-01-01')).toBe('recorded');
  });
});

describe('evidence', () => {
  const at = (iso: string) => new Date(iso);

  it('counts the latest observation; on one day the later record', () => {
    const results = [
      { stillInUse: true, observedOn: '2026-08-01', recordedAt: at('2026-08-02T10:00:00Z') },
      { stillInUse: false, observedOn: '2027-02-01', recordedAt: at('2027-02-01T10:00:00Z') },
      { stillInUse: true, observedOn: '2027-02-01', recordedAt: at('2027-02-03T10:00:00Z') },
      // Recorded last, but observed earlier: a late entry of an old visit does not count over newer ones.
      { stillInUse: false, observedOn: '2026-09-01', recordedAt: at('2027-03-01T10:00:00Z') },
    ];
    expect(latestResult(results)).toBe(results[2]);
    expect(evidenceOf(results)).toEqual({ followedUp: true, inUse: true });
    expect(evidenceOf([])).toEqual({ followedUp: false, inUse: false });
    expect(latestResult([])).toBeNull();
  });

  it('moves the solution’s counters by what changed', () => {
    const none = { followedUp: false, inUse: false };
    const inUse = { followedUp: true, inUse: true };
    const dropped = { followedUp: true, inUse: false };
    expect(evidenceDelta(none, inUse)).toEqual({ followedUp: 1, inUse: 1 });
    expect(evidenceDelta(none, dropped)).toEqual({ followedUp: 1, inUse: 0 });
    expect(evidenceDelta(inUse, dropped)).toEqual({ followedUp: 0, inUse: -1 });
    expect(evidenceDelta(dropped, inUse)).toEqual({ followedUp: 0, inUse: 1 });
    expect(evidenceDelta(inUse, inUse)).toEqual({ followedUp: 0, inUse: 0 });
  });
});

describe('lineage', () => {
  const adoption = (id: string, implementedOn: string, createdAt: string, solutionId = 's') => ({
    id,
    solutionId,
    implementedOn,
    createdAt: new Date(createdAt),
  });
  const a = adoption('a', '2025-03-01', '2025-03-01T10:00:00Z');
  const b = adoption('b', '2025-09-01', '2025-09-01T10:00:00Z');
  const sameDayLater = adoption('c', '2025-03-01', '2025-03-01T11:00:00Z');

  it('allows an earlier adoption of the same solution, never a later one, itself or another solution', () => {
    expect(learnedFromRefusal(b, a)).toBeNull();
    expect(learnedFromRefusal(sameDayLater, a)).toBeNull();
    expect(learnedFromRefusal(a, sameDayLater)).toMatch(/before this one/);
    expect(learnedFromRefusal(a, b)).toMatch(/before this one/);
    expect(learnedFromRefusal(a, a)).toMatch(/itself/);
    expect(learnedFromRefusal(b, adoption('x', '2024-01-01', '2024-01-01T00:00:00Z', 'other'))).toMatch(
      /same solution/,
    );
  });
});

describe('alertWorthy', () => {
  const strongFirst = [
    { solutionId: 'new', rank: 1, fit: 'strong' as const },
    { solutionId: 'old', rank: 2, fit: 'partial' as const },
  ];

  it('alerts a strong fit among the best suggestions of a need still looking', () => {
    expect(alertWorthy('new', strongFirst, undefined)).toBe(true);
    expect(alertWorthy('new', strongFirst, { chosenSolutionId: null, candidateSolutionIds: ['old'] })).toBe(
      true,
    );
  });

  it('does not alert a partial fit, a low rank, a need with a choice or one considering it already', () => {
    expect(alertWorthy('old', strongFirst, undefined)).toBe(false);
    expect(alertWorthy('new', [{ solutionId: 'new', rank: 4, fit: 'strong' }], undefined)).toBe(false);
    expect(alertWorthy('absent', strongFirst, undefined)).toBe(false);
    expect(alertWorthy('new', strongFirst, { chosenSolutionId: 'old', candidateSolutionIds: ['old'] })).toBe(
      false,
    );
    expect(alertWorthy('new', strongFirst, { chosenSolutionId: null, candidateSolutionIds: ['new'] })).toBe(
      false,
    );
  });
});

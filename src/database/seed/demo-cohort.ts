import type { EntityManager } from 'typeorm';
import { appendChanges, type NewChange } from '../../platform/index.js';
import {
  appendCaseEvents,
  candidateAdded,
  planTransition,
  type CaseEventInput,
  type CaseFacts,
} from '../../transfer-cases/index.js';
import { demoCaseId, demoNeedId, nameBasedUuid } from './demo-ids.js';
import { seedChange as change } from './seed-change.js';

/** The namespace of this file's ids (a random v4 UUID, fixed once: reseeding finds the rows). */
const NAMESPACE = '3d0c0c1e-7a51-4f0e-9a63-2f4b8e6f1c27';

const COHORT_SOLUTION = 'iq-karlsruhe';

/** Four Landkreise of the Dresden demo region adopting the Karlsruhe working method together. */
const MEMBERS = [
  { ags: '14625000', name: 'Bautzen' },
  { ags: '14626000', name: 'Görlitz' },
  { ags: '14627000', name: 'Meißen' },
  { ags: '14628000', name: 'Sächsische Schweiz-Osterzgebirge' },
] as const;

const NEED_TITLE = 'Ämterübergreifende Zusammenarbeit in der Kreisverwaltung';
const NEED_TEXT =
  'Fachämter arbeiten nebeneinander her, Vorgänge bleiben zwischen den Ämtern liegen. Gesucht ist eine Arbeitsweise, ' +
  'mit der Teams quer zu den Ämtern Probleme lösen.';

/** Days before the seed's day: every milestone due date and each member's progress. */
const MILESTONES = [
  { title: 'Auftaktworkshop mit der Stadt Karlsruhe', dueInDays: -30, doneBy: [0, 1, 2, 3] },
  // The fourth member has not named its team yet: it is behind.
  { title: 'IQ-Pilotteam im Landratsamt benannt', dueInDays: -7, doneBy: [0, 1, 2] },
  { title: 'Erste Quervernetzungsrunde der Kohorte', dueInDays: 30, doneBy: [] },
] as const;

export interface DemoGroups {
  transferTeams: number;
  cohorts: number;
}

/**
 * The demo's collective implementation: a transfer team for the most demanded demo solution, and
 * a running cohort of four Landkreise adopting `iq-karlsruhe` together (their needs and cases
 * included), with three milestones and one member behind. Loaded beneath the write path like the
 * demo cases, with the same change records and timeline entries the API calls would leave; only
 * what does not exist yet, so reseeding is a no-op. The cohort needs its facilitator, the Dresden
 * demo pilot: without demo users there is no cohort.
 */
export async function seedDemoGroups(db: EntityManager, now = new Date()): Promise<DemoGroups> {
  const cohorts = await seedCohort(db, now);
  const transferTeams = await seedTeam(db);
  return { transferTeams, cohorts };
}

async function seedCohort(db: EntityManager, now: Date): Promise<number> {
  const cohortId = nameBasedUuid(NAMESPACE, `cohort|${COHORT_SOLUTION}|sachsen-dresden`);
  const [pilot]: { id: string }[] = await db.query(
    `SELECT u.id FROM users u JOIN user_regions ur ON ur.user_id = u.id JOIN regions r ON r.id = ur.region_id
     WHERE r.code = 'sachsen-dresden' AND u.role = 'lotse' AND u.active ORDER BY u.email LIMIT 1`,
  );
  const [solution]: { id: string; slug: string }[] = await db.query(
    `SELECT id, slug FROM solutions WHERE slug = $1 AND status = 'active'`,
    [COHORT_SOLUTION],
  );
  const [exists]: unknown[] = await db.query('SELECT 1 FROM cohorts WHERE id = $1', [cohortId]);
  if (!pilot || !solution || exists) return 0;
  const places: { id: string; ags: string; region_id: string | null; state_code: string }[] = await db.query(
    'SELECT id, ags, region_id, state_code FROM municipalities WHERE ags = ANY($1) ORDER BY ags',
    [MEMBERS.map((m) => m.ags)],
  );
  if (places.length !== MEMBERS.length) return 0;

  const today = now.toISOString().slice(0, 10);
  const changes: NewChange[] = [];
  const caseIds: string[] = [];
  for (const [i, place] of places.entries()) {
    const needId = demoNeedId(place.ags, NEED_TITLE);
    const caseId = demoCaseId(needId);
    const need: { id: string }[] = await db.query(
      `INSERT INTO needs (id, municipality_id, title, description, topics, urgency, source, captured_at)
       VALUES ($1, $2, $3, $4, $5, 'medium', 'desk', date_trunc('milliseconds', now()) - make_interval(days => $6))
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [needId, place.id, NEED_TITLE, NEED_TEXT, ['verwaltungsmodernisierung', 'zusammenarbeit'], 60 - i],
    );
    if (need.length === 0) return 0;
    const where = { stateCode: place.state_code, regionId: place.region_id };
    changes.push(change('need', needId, 1, 'created', { municipalityId: place.id }, where));

    // Each case as its pilot would have brought it: opened, the solution as candidate, then moved
    // to recherchiert together with the cohort.
    const rationale = `Kohorte ${COHORT_SOLUTION}: gleiche Ausgangslage in der Kreisverwaltung.`;
    const facts: CaseFacts = {
      status: 'erfasst',
      candidates: [{ solutionId: solution.id, rationale }],
      chosenSolutionId: null,
      originContact: null,
      implementedOn: null,
      outcomeNote: null,
    };
    const plan = planTransition(facts, 'recherchiert', {}, today, now);
    if (plan.kind !== 'allowed') throw new Error(`demo cohort case ${place.ags}: ${plan.kind}`);
    const moved: CaseEventInput = { ...plan.event, data: { ...plan.event.data, cohortId } };
    await db.query(
      `INSERT INTO transfer_cases (id, need_id, municipality_id, region_id, state_code, assignee_id, status, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 3)`,
      [caseId, needId, place.id, place.region_id, place.state_code, pilot.id, plan.next.status],
    );
    await db.query(
      'INSERT INTO transfer_case_candidates (case_id, solution_id, rationale) VALUES ($1, $2, $3)',
      [caseId, solution.id, rationale],
    );
    await appendCaseEvents(db, caseId, null, [
      { type: 'created', to: 'erfasst', data: { needId, assigneeId: pilot.id } },
      candidateAdded(solution, rationale),
      moved,
    ]);
    changes.push(
      change('transfer_case', caseId, 1, 'created', { needId }, where),
      change('transfer_case', caseId, 2, 'candidate_added', { solutionIds: [solution.id] }, where),
      change(
        'transfer_case',
        caseId,
        3,
        'transitioned',
        { from: 'erfasst', to: 'recherchiert', cohortId },
        where,
      ),
    );
    caseIds.push(caseId);
  }

  const cohortChanges: [string, Record<string, unknown>][] = [
    ['created', { solutionId: solution.id, facilitatorId: pilot.id, transferTeamId: null }],
    ...caseIds.map((caseId): [string, Record<string, unknown>] => ['member_added', { caseId }]),
  ];
  const started = new Date(now.getTime() - 35 * 86_400_000);
  await db.query(
    `INSERT INTO cohorts (id, solution_id, title, description, facilitator_id, status, started_at, created_at)
     VALUES ($1, $2, $3, $4, $5, 'running', $6::timestamptz, $6::timestamptz - interval '7 days')`,
    [
      cohortId,
      solution.id,
      'IQ-Kohorte Ostsachsen',
      'Vier Landkreise führen gemeinsam die Karlsruher Arbeitsweise „IQ – innovativ und quervernetzt“ ein.',
      pilot.id,
      started,
    ],
  );
  // They joined one after the other, in the order of their Kreisschlüssel.
  await db.query(
    `INSERT INTO cohort_members (case_id, cohort_id, municipality_id, joined_at)
     SELECT m.case_id, $2, m.municipality_id, $4::timestamptz - make_interval(days => 6 - m.n::int)
     FROM unnest($1::uuid[], $3::uuid[]) WITH ORDINALITY AS m (case_id, municipality_id, n)`,
    [caseIds, cohortId, places.map((p) => p.id), started],
  );
  for (const [i, milestone] of MILESTONES.entries()) {
    const milestoneId = nameBasedUuid(NAMESPACE, `milestone|${cohortId}|${i}`);
    const due = daysFrom(now, milestone.dueInDays);
    await db.query('INSERT INTO cohort_milestones (id, cohort_id, title, due_on) VALUES ($1, $2, $3, $4)', [
      milestoneId,
      cohortId,
      milestone.title,
      due,
    ]);
    cohortChanges.push(['milestone_added', { milestoneId }]);
    for (const member of milestone.doneBy) {
      await db.query(
        'INSERT INTO cohort_milestone_progress (milestone_id, case_id, done_on) VALUES ($1, $2, $3)',
        [milestoneId, caseIds[member], daysFrom(now, milestone.dueInDays - 1)],
      );
      cohortChanges.push(['milestone_progress', { milestoneId, caseId: caseIds[member], done: true }]);
    }
  }
  cohortChanges.push(
    ['transitioned', { from: 'forming', to: 'running' }],
    ['members_moved', { to: 'recherchiert', moved: caseIds }],
  );
  await db.query('UPDATE cohorts SET version = $2 WHERE id = $1', [cohortId, cohortChanges.length]);
  changes.push(
    ...cohortChanges.map(([action, data], i) => change('cohort', cohortId, i + 1, action, data, null)),
  );
  await appendChanges(db, changes);
  return 1;
}

/**
 * A team for the solution most open cases ask for (as candidate or choice; the demand report's
 * order), with the demo Transferstelle and the pilots of those cases' regions, the solution's
 * contact as the origin's, and those open cases that are in its regions.
 */
async function seedTeam(db: EntityManager): Promise<number> {
  const [top]: { id: string; slug: string; title: string; contact: unknown }[] = await db.query(
    `SELECT s.id, s.slug, s.title, s.contact FROM solutions s
     JOIN (SELECT solution_id, count(*) AS n FROM (
             SELECT cc.solution_id, c.id FROM transfer_case_candidates cc JOIN transfer_cases c ON c.id = cc.case_id
             WHERE c.status IN ('erfasst', 'recherchiert', 'vermittelt')
             UNION
             SELECT c.chosen_solution_id, c.id FROM transfer_cases c
             WHERE c.chosen_solution_id IS NOT NULL AND c.status IN ('erfasst', 'recherchiert', 'vermittelt')) d
           GROUP BY solution_id) demand ON demand.solution_id = s.id
     WHERE s.status = 'active'
     ORDER BY demand.n DESC, s.slug LIMIT 1`,
  );
  if (!top) return 0;
  const teamId = nameBasedUuid(NAMESPACE, `transfer-team|${top.slug}`);
  const inserted: unknown[] = await db.query(
    `INSERT INTO transfer_teams (id, solution_id, name, note, origin_contacts)
     SELECT $1, $2, $3, $4, $5::jsonb
     WHERE NOT EXISTS (SELECT 1 FROM transfer_teams WHERE solution_id = $2 AND status = 'active')
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      teamId,
      top.id,
      `Transferteam ${top.title.split(':')[0]}`,
      'Von der Transferstelle eingerichtet: die Lösung wird in mehreren Regionen zugleich gebraucht.',
      JSON.stringify(top.contact ? [top.contact] : []),
    ],
  );
  if (inserted.length === 0) return 0;
  const cases: { id: string; region_id: string | null }[] = await db.query(
    `SELECT c.id, c.region_id FROM transfer_cases c
     WHERE c.status IN ('erfasst', 'recherchiert', 'vermittelt')
       AND (c.chosen_solution_id = $1 OR EXISTS (
             SELECT 1 FROM transfer_case_candidates cc WHERE cc.case_id = c.id AND cc.solution_id = $1))
     ORDER BY c.opened_at, c.id`,
    [top.id],
  );
  const members: { id: string }[] = await db.query(
    `SELECT DISTINCT u.id, u.email FROM users u LEFT JOIN user_regions ur ON ur.user_id = u.id
     WHERE u.active AND (u.role = 'transferstelle' OR (u.role = 'lotse' AND ur.region_id = ANY($1::uuid[])))
     ORDER BY u.email`,
    [cases.map((c) => c.region_id).filter((id) => id !== null)],
  );
  await db.query('INSERT INTO transfer_team_members (team_id, user_id) SELECT $1, unnest($2::uuid[])', [
    teamId,
    members.map((m) => m.id),
  ]);
  await db.query('INSERT INTO transfer_team_cases (team_id, case_id) SELECT $1, unnest($2::uuid[])', [
    teamId,
    cases.map((c) => c.id),
  ]);
  const records: NewChange[] = [
    change(
      'transfer_team',
      teamId,
      1,
      'created',
      { solutionId: top.id, memberIds: members.map((m) => m.id) },
      null,
    ),
    ...cases.map((c, i) => change('transfer_team', teamId, i + 2, 'case_added', { caseId: c.id }, null)),
  ];
  await db.query('UPDATE transfer_teams SET version = $2 WHERE id = $1', [teamId, records.length]);
  // The cohort of that solution works with its team.
  const linked: { id: string; version: number }[] = await db.query(
    // A CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    `WITH linked AS (
       UPDATE cohorts SET transfer_team_id = $1, version = version + 1
       WHERE solution_id = $2 AND transfer_team_id IS NULL AND status <> 'closed' RETURNING id, version)
     SELECT id, version FROM linked`,
    [teamId, top.id],
  );
  records.push(
    ...linked.map((k) => change('cohort', k.id, k.version, 'updated', { fields: ['transferTeamId'] }, null)),
  );
  await appendChanges(db, records);
  return 1;
}

function daysFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

import type { EntityManager } from 'typeorm';
import { DEFAULT_FOLLOW_UP_MONTHS } from '../../config/app-config.js';
import { appendChanges, type NewChange } from '../../platform/index.js';
import { addMonths, followUpSchedule } from '../../practice/index.js';
import {
  appendCaseEvents,
  candidateAdded,
  planTransition,
  type CaseEventInput,
  type CaseFacts,
  type CaseStatus,
} from '../../transfer-cases/index.js';
import { demoCaseId, demoNeedId, nameBasedUuid } from './demo-ids.js';
import { seedChange as record } from './seed-change.js';

/** The namespace of this file's ids (a random v4 UUID, fixed once: reseeding finds the rows). */
const NAMESPACE = '8b4f2d61-0c3e-4a8e-b5d7-6a1f93c2e470';

const LINEAGE_SOLUTION = 'mobile-retter';
const LINEAGE_NEED = {
  title: 'Ersthelfende bei Herzstillstand schneller alarmieren',
  description:
    'Der Rettungsdienst braucht in Teilen des Gebiets länger als zwölf Minuten. Gesucht ist ein Weg, registrierte ' +
    'Ersthelfende in der Nähe per Smartphone zu alarmieren.',
  topics: ['notfallversorgung'],
};

/**
 * Three adopters of `mobile-retter`, one after the other: Dresden from the origin, Meißen from
 * Dresden (adapted), Landkreis Leipzig from Meißen. Dresden's follow-ups are recorded; Meißen's
 * 6-month follow-up is overdue, for the Dresden demo pilot.
 */
const ADOPTERS = [
  {
    ags: '14612000',
    monthsAgo: 20,
    learnedFrom: null,
    variant: null,
    results: [
      {
        afterMonths: 6,
        stillInUse: true,
        value: 3.5,
        unit: 'Minuten',
        text: 'Erste Hilfe im Median früher als der Rettungsdienst.',
      },
      {
        afterMonths: 12,
        stillInUse: true,
        value: 412,
        unit: 'Ersthelfende',
        text: 'Registrierte Ersthelfende im Stadtgebiet.',
      },
    ],
  },
  {
    ags: '14627000',
    monthsAgo: 9,
    learnedFrom: 0,
    variant:
      'Alarmierung über die Integrierte Regionalleitstelle Dresden mit, statt einer eigenen Leitstelle.',
    results: [],
  },
  { ags: '14729000', monthsAgo: 3, learnedFrom: 1, variant: null, results: [] },
] as const;

const CONTACT = 'Telefonat mit dem Kreis Gütersloh (Demo)';
const OUTCOME = 'Ersthelfende registriert, Leitstelle angebunden.';
const CANCEL_REASON = 'Kein Beschluss im Gemeinderat.';

export interface DemoPractice {
  adoptions: number;
  lessons: number;
  nominations: number;
}

/**
 * The community of practice in the demo, beneath the write path with the records the API would
 * leave: every demo case that ended has its need follow it (solved, or open again with the reason)
 * and, implemented, its adoption with follow-ups; a lineage of three adopters of one solution with
 * one follow-up overdue; lessons on two solutions (a case's and the demo cohort's); a pilot's
 * nomination waiting for review. Only what does not exist yet, so reseeding is a no-op.
 */
export async function seedDemoPractice(db: EntityManager, now = new Date()): Promise<DemoPractice> {
  const [pilot]: { id: string }[] = await db.query(
    `SELECT u.id FROM users u JOIN user_regions ur ON ur.user_id = u.id JOIN regions r ON r.id = ur.region_id
     WHERE r.code = 'sachsen-dresden' AND u.role = 'lotse' AND u.active ORDER BY u.email LIMIT 1`,
  );
  const lineage = await seedLineage(db, now, pilot?.id ?? null);
  const adoptions = lineage.count + (await followEndedCases(db));
  const lessons = await seedLessons(db, lineage.firstCaseId, pilot?.id ?? null);
  const nominations = pilot ? await seedNomination(db, pilot.id) : 0;
  return { adoptions, lessons, nominations };
}

/** Demo cases that ended before practice/ existed: their needs follow them, implemented ones become adoptions. */
async function followEndedCases(db: EntityManager): Promise<number> {
  const implemented: CaseRow[] = await db.query(
    `SELECT c.id, c.need_id, c.chosen_solution_id, c.implemented_on::text AS implemented_on, c.municipality_id,
            c.region_id, c.state_code, c.assignee_id
     FROM transfer_cases c
     WHERE c.status = 'umgesetzt' AND NOT EXISTS (SELECT 1 FROM adoptions a WHERE a.case_id = c.id)
     ORDER BY c.implemented_on, c.id`,
  );
  const changes: NewChange[] = [];
  for (const row of implemented) {
    changes.push(...(await solveNeed(db, row)), ...(await adopt(db, row, null, null)));
  }
  const cancelled: { id: string; need_id: string; cancel_reason: string | null }[] = await db.query(
    `SELECT c.id, c.need_id, c.cancel_reason FROM transfer_cases c JOIN needs n ON n.id = c.need_id
     WHERE c.status = 'abgebrochen' AND n.status = 'open' AND n.reopen_reason IS NULL
       AND NOT EXISTS (SELECT 1 FROM transfer_cases o WHERE o.need_id = c.need_id AND o.status IN ('erfasst', 'recherchiert', 'vermittelt'))
     ORDER BY c.id`,
  );
  for (const row of cancelled) {
    const [need]: { version: number; state_code: string; region_id: string | null }[] = await db.query(
      `WITH reopened AS (
         UPDATE needs SET reopen_reason = $2, version = version + 1, updated_at = date_trunc('milliseconds', now())
         WHERE id = $1 RETURNING version, municipality_id)
       SELECT r.version, m.state_code, m.region_id FROM reopened r JOIN municipalities m ON m.id = r.municipality_id`,
      [row.need_id, row.cancel_reason ?? CANCEL_REASON],
    );
    changes.push(
      record(
        'need',
        row.need_id,
        need.version,
        'reopened',
        { caseId: row.id, from: 'open' },
        {
          stateCode: need.state_code,
          regionId: need.region_id,
        },
      ),
    );
  }
  await appendChanges(db, changes);
  return implemented.length;
}

interface CaseRow {
  id: string;
  need_id: string;
  chosen_solution_id: string;
  implemented_on: string;
  municipality_id: string;
  region_id: string | null;
  state_code: string;
  assignee_id: string | null;
}

/** The need of an implemented case is solved by it: its next version. */
async function solveNeed(db: EntityManager, row: CaseRow): Promise<NewChange[]> {
  const [need]: { version: number }[] = await db.query(
    `WITH solved AS (
       UPDATE needs SET status = 'solved', solved_at = date_trunc('milliseconds', now()), solved_by_case_id = $2,
                        version = version + 1, updated_at = date_trunc('milliseconds', now())
       WHERE id = $1 RETURNING version)
     SELECT version FROM solved`,
    [row.need_id, row.id],
  );
  return [
    record('need', row.need_id, need.version, 'solved', { caseId: row.id, from: 'open' }, placeOf(row)),
  ];
}

/** An implemented case's adoption and its follow-ups, as the case's write records them. */
async function adopt(
  db: EntityManager,
  row: CaseRow,
  learnedFromId: string | null,
  variantNote: string | null,
): Promise<NewChange[]> {
  const adoptionId = nameBasedUuid(NAMESPACE, `adoption|${row.id}`);
  await db.query(
    `INSERT INTO adoptions (id, case_id, solution_id, municipality_id, region_id, state_code, assignee_id,
                            implemented_on, learned_from_id, variant_note, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      adoptionId,
      row.id,
      row.chosen_solution_id,
      row.municipality_id,
      row.region_id,
      row.state_code,
      row.assignee_id,
      row.implemented_on,
      learnedFromId,
      variantNote,
      learnedFromId || variantNote ? 2 : 1,
    ],
  );
  const changes = [
    record(
      'adoption',
      adoptionId,
      1,
      'created',
      { caseId: row.id, solutionId: row.chosen_solution_id },
      placeOf(row),
    ),
  ];
  if (learnedFromId || variantNote) {
    const fields = [...(variantNote ? ['variantNote'] : []), ...(learnedFromId ? ['learnedFromId'] : [])];
    changes.push(record('adoption', adoptionId, 2, 'updated', { fields }, placeOf(row)));
  }
  for (const { afterMonths, dueOn } of followUpSchedule(row.implemented_on, DEFAULT_FOLLOW_UP_MONTHS)) {
    const followUpId = nameBasedUuid(NAMESPACE, `follow-up|${adoptionId}|${afterMonths}`);
    await db.query(
      `INSERT INTO follow_ups (id, adoption_id, solution_id, region_id, state_code, assignee_id, after_months, due_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        followUpId,
        adoptionId,
        row.chosen_solution_id,
        row.region_id,
        row.state_code,
        row.assignee_id,
        afterMonths,
        dueOn,
      ],
    );
    changes.push(
      record('follow_up', followUpId, 1, 'created', { adoptionId, afterMonths, dueOn }, placeOf(row)),
    );
  }
  return changes;
}

/** The three adopters of the lineage solution, each case walked through the case rules. */
async function seedLineage(
  db: EntityManager,
  now: Date,
  pilotId: string | null,
): Promise<{ count: number; firstCaseId: string | null }> {
  const [solution]: { id: string; slug: string }[] = await db.query(
    `SELECT id, slug FROM solutions WHERE slug = $1 AND status = 'active'`,
    [LINEAGE_SOLUTION],
  );
  if (!solution) return { count: 0, firstCaseId: null };
  const places: { id: string; ags: string; region_id: string | null; state_code: string }[] = await db.query(
    'SELECT id, ags, region_id, state_code FROM municipalities WHERE ags = ANY($1)',
    [ADOPTERS.map((a) => a.ags)],
  );
  const firstCaseId = demoCaseId(demoNeedId(ADOPTERS[0].ags, LINEAGE_NEED.title));
  if (places.length !== ADOPTERS.length) return { count: 0, firstCaseId: null };
  const [exists]: unknown[] = await db.query('SELECT 1 FROM transfer_cases WHERE id = $1', [firstCaseId]);
  if (exists) return { count: 0, firstCaseId };

  const changes: NewChange[] = [];
  const adoptionIds: string[] = [];
  for (const adopter of ADOPTERS) {
    const place = places.find((p) => p.ags === adopter.ags)!;
    const where = { stateCode: place.state_code, regionId: place.region_id };
    const implementedOn = addMonths(now.toISOString().slice(0, 10), -adopter.monthsAgo);
    const needId = demoNeedId(place.ags, LINEAGE_NEED.title);
    const caseId = demoCaseId(needId);
    const assignee = place.region_id && pilotId && adopter.ags !== '14729000' ? pilotId : null;
    await db.query(
      `INSERT INTO needs (id, municipality_id, title, description, topics, urgency, source, captured_at, version)
       VALUES ($1, $2, $3, $4, $5, 'high', 'desk', $6::date - 90, 1)`,
      [needId, place.id, LINEAGE_NEED.title, LINEAGE_NEED.description, LINEAGE_NEED.topics, implementedOn],
    );
    changes.push(record('need', needId, 1, 'created', { municipalityId: place.id }, where));

    // The case as its pilot brought it there, step by step through the case rules.
    const rationale = 'Bewährt im Kreis Gütersloh; gleiche Ausgangslage bei den Eintreffzeiten.';
    let facts: CaseFacts = {
      status: 'erfasst',
      candidates: [{ solutionId: solution.id, rationale }],
      chosenSolutionId: null,
      originContact: null,
      implementedOn: null,
      outcomeNote: null,
    };
    const events: CaseEventInput[] = [
      { type: 'created', to: 'erfasst', data: { needId, assigneeId: assignee } },
      candidateAdded(solution, rationale),
    ];
    const steps: [string, Record<string, unknown>][] = [
      ['created', { needId }],
      ['candidate_added', { solutionIds: [solution.id] }],
    ];
    const columns: Record<string, unknown> = {};
    const moves: [CaseStatus, object][] = [
      ['recherchiert', {}],
      ['vermittelt', { chosenSolutionId: solution.id, originContact: CONTACT }],
      ['umgesetzt', { implementedOn, outcomeNote: OUTCOME }],
    ];
    for (const [to, request] of moves) {
      const plan = planTransition(facts, to, request, now.toISOString().slice(0, 10), now);
      if (plan.kind !== 'allowed')
        throw new Error(`demo lineage ${place.ags}: ${facts.status} → ${to} is ${plan.kind}`);
      facts = plan.next;
      Object.assign(columns, plan.changes);
      events.push(plan.event);
      steps.push(['transitioned', { from: plan.event.from, to }]);
    }
    await db.query(
      `INSERT INTO transfer_cases (id, need_id, municipality_id, region_id, state_code, assignee_id, status,
                                   chosen_solution_id, origin_contact, implemented_on, outcome_note, version, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'umgesetzt', $7, $8, $9, $10, $11, $12)`,
      [
        caseId,
        needId,
        place.id,
        place.region_id,
        place.state_code,
        assignee,
        solution.id,
        CONTACT,
        implementedOn,
        OUTCOME,
        steps.length,
        columns.closedAt ?? now,
      ],
    );
    await db.query(
      'INSERT INTO transfer_case_candidates (case_id, solution_id, rationale) VALUES ($1, $2, $3)',
      [caseId, solution.id, rationale],
    );
    await appendCaseEvents(db, caseId, null, events);
    changes.push(
      ...steps.map(([action, data], i) => record('transfer_case', caseId, i + 1, action, data, where)),
    );

    const row: CaseRow = {
      id: caseId,
      need_id: needId,
      chosen_solution_id: solution.id,
      implemented_on: implementedOn,
      municipality_id: place.id,
      region_id: place.region_id,
      state_code: place.state_code,
      assignee_id: assignee,
    };
    // The implemented transfer the case's move counts.
    await db.query('UPDATE solutions SET implemented_transfers = implemented_transfers + 1 WHERE id = $1', [
      solution.id,
    ]);
    changes.push(...(await solveNeed(db, row)));
    const learnedFrom = adopter.learnedFrom === null ? null : adoptionIds[adopter.learnedFrom];
    changes.push(...(await adopt(db, row, learnedFrom, adopter.variant)));
    const adoptionId = nameBasedUuid(NAMESPACE, `adoption|${caseId}`);
    adoptionIds.push(adoptionId);
    changes.push(
      ...(await recordResults(db, adoptionId, solution.id, implementedOn, adopter.results, where)),
    );
  }
  await appendChanges(db, changes);
  return { count: ADOPTERS.length, firstCaseId };
}

/** Follow-up results a pilot recorded, and the evidence they give the solution. */
async function recordResults(
  db: EntityManager,
  adoptionId: string,
  solutionId: string,
  implementedOn: string,
  results: readonly { afterMonths: number; stillInUse: boolean; value: number; unit: string; text: string }[],
  where: NewChange['place'],
): Promise<NewChange[]> {
  const changes: NewChange[] = [];
  for (const result of results) {
    const followUpId = nameBasedUuid(NAMESPACE, `follow-up|${adoptionId}|${result.afterMonths}`);
    const observedOn = followUpSchedule(implementedOn, [result.afterMonths])[0].dueOn;
    await db.query(
      `INSERT INTO follow_up_results (id, follow_up_id, still_in_use, effect_value, effect_unit, effect_text, observed_on,
                                      recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7::date + time '10:00')`,
      [
        nameBasedUuid(NAMESPACE, `result|${followUpId}`),
        followUpId,
        result.stillInUse,
        result.value,
        result.unit,
        result.text,
        observedOn,
      ],
    );
    await db.query(
      `UPDATE follow_ups SET results = 1, version = 2, last_recorded_at = $2::date + time '10:00' WHERE id = $1`,
      [followUpId, observedOn],
    );
    changes.push(
      record(
        'follow_up',
        followUpId,
        2,
        'result_recorded',
        { stillInUse: result.stillInUse, observedOn },
        where,
      ),
    );
  }
  const last = results[results.length - 1];
  if (last) {
    await db.query(
      `UPDATE solutions SET followed_up_adoptions = followed_up_adoptions + 1,
                            adoptions_in_use = adoptions_in_use + $2 WHERE id = $1`,
      [solutionId, last.stillInUse ? 1 : 0],
    );
  }
  return changes;
}

/** Lessons on two demo solutions: the first adopter's of the lineage, and the demo cohort's. */
async function seedLessons(
  db: EntityManager,
  firstCaseId: string | null,
  authorId: string | null,
): Promise<number> {
  const subjects: {
    caseId: string | null;
    cohortId: string | null;
    solutionId: string;
    place: NewChange['place'];
    municipalityId: string | null;
    lesson: LessonSeed;
  }[] = [];
  if (firstCaseId) {
    const [c]: {
      chosen_solution_id: string;
      municipality_id: string;
      region_id: string | null;
      state_code: string;
    }[] = await db.query(
      'SELECT chosen_solution_id, municipality_id, region_id, state_code FROM transfer_cases WHERE id = $1',
      [firstCaseId],
    );
    if (c) {
      subjects.push({
        caseId: firstCaseId,
        cohortId: null,
        solutionId: c.chosen_solution_id,
        municipalityId: c.municipality_id,
        place: { stateCode: c.state_code, regionId: c.region_id },
        lesson: CASE_LESSON,
      });
    }
  }
  const [cohort]: { id: string; solution_id: string }[] = await db.query(
    `SELECT id, solution_id FROM cohorts WHERE title = 'IQ-Kohorte Ostsachsen' ORDER BY created_at LIMIT 1`,
  );
  if (cohort) {
    subjects.push({
      caseId: null,
      cohortId: cohort.id,
      solutionId: cohort.solution_id,
      municipalityId: null,
      place: null,
      lesson: COHORT_LESSON,
    });
  }
  const changes: NewChange[] = [];
  for (const subject of subjects) {
    const id = nameBasedUuid(NAMESPACE, `lesson|${subject.caseId ?? subject.cohortId}`);
    const inserted: unknown[] = await db.query(
      `INSERT INTO lessons (id, solution_id, case_id, cohort_id, municipality_id, region_id, state_code, title, body,
                            adaptations, obstacles, cost_euros, effort_person_days, duration_months, legal_basis,
                            materials, tags, author_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        id,
        subject.solutionId,
        subject.caseId,
        subject.cohortId,
        subject.municipalityId,
        subject.place?.regionId ?? null,
        subject.place?.stateCode ?? null,
        subject.lesson.title,
        subject.lesson.body,
        subject.lesson.adaptations,
        subject.lesson.obstacles,
        subject.lesson.costEuros,
        subject.lesson.effortPersonDays,
        subject.lesson.durationMonths,
        subject.lesson.legalBasis,
        JSON.stringify(subject.lesson.materials),
        subject.lesson.tags,
        authorId,
      ],
    );
    if (inserted.length === 0) continue;
    changes.push(
      record(
        'lesson',
        id,
        1,
        'created',
        {
          solutionId: subject.solutionId,
          ...(subject.caseId ? { caseId: subject.caseId } : { cohortId: subject.cohortId }),
        },
        subject.place,
      ),
    );
  }
  await appendChanges(db, changes);
  return changes.length;
}

interface LessonSeed {
  title: string;
  body: string;
  adaptations: string | null;
  obstacles: string | null;
  costEuros: number | null;
  effortPersonDays: number | null;
  durationMonths: number | null;
  legalBasis: string | null;
  materials: { title: string; url: string }[];
  tags: string[];
}

const CASE_LESSON: LessonSeed = {
  title: 'Leitstelle und Datenschutz zuerst, dann die Werbung für Ersthelfende',
  body:
    'Die Anbindung an das Einsatzleitsystem war in vier Monaten erledigt; die Datenschutz-Folgenabschätzung hat ' +
    'länger gedauert als die Technik. Ersthelfende haben wir über Feuerwehren und Sportvereine gewonnen.',
  adaptations: 'Qualifikationsnachweis über die Hilfsorganisationen statt eigener Schulungen.',
  obstacles: 'Die Schnittstelle des Einsatzleitsystems musste der Hersteller erst freischalten.',
  costEuros: 24000,
  effortPersonDays: 40,
  durationMonths: 6,
  legalBasis: 'Sächsisches Gesetz über den Brandschutz, Rettungsdienst und Katastrophenschutz (SächsBRKG)',
  materials: [
    {
      title: 'Mustertext Datenschutz-Folgenabschätzung (Demo)',
      url: 'https://example.org/dsfa-mobile-retter',
    },
  ],
  tags: ['leitstelle', 'datenschutz', 'ehrenamt'],
};

const COHORT_LESSON: LessonSeed = {
  title: 'Ein gemeinsamer Auftaktworkshop spart jedem Landkreis die eigene Anlaufphase',
  body:
    'Die Stadt Karlsruhe hat ihre Arbeitsweise einmal für alle vier Landkreise vorgestellt; danach haben sich die ' +
    'Pilotteams untereinander geholfen, statt jeder für sich in Karlsruhe anzufragen.',
  adaptations: 'Quervernetzungsrunden monatlich per Video statt vor Ort.',
  obstacles: 'Ein Landkreis brauchte für die Benennung seines Pilotteams einen Kreistagsbeschluss.',
  costEuros: null,
  effortPersonDays: 12,
  durationMonths: 2,
  legalBasis: null,
  materials: [],
  tags: ['kohorte', 'verwaltungsmodernisierung'],
};

/** A practice the Dresden demo pilot found in her region and nominated: waiting for review. */
async function seedNomination(db: EntityManager, pilotId: string): Promise<number> {
  const [origin]: { id: string }[] = await db.query(`SELECT id FROM municipalities WHERE ags = '14626000'`);
  if (!origin) return 0;
  const id = nameBasedUuid(NAMESPACE, 'nomination|schulweg-check-goerlitz');
  const inserted: { id: string; created_at: Date }[] = await db.query(
    `INSERT INTO solutions (id, slug, title, theme, summary, problem, approach, impact_evidence, origin_municipality_id,
                            topics, status, nomination)
     VALUES ($1, 'schulweg-check-goerlitz', $2, 'sicherheit-gesundheit', $3, $4, $5, $6, $7, $8, 'nominated',
             jsonb_build_object('nominatedByUserId', $9::text, 'nominatedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                'reviewedByUserId', null, 'reviewedAt', null, 'reviewNote', null))
     ON CONFLICT DO NOTHING RETURNING id, created_at`,
    [
      id,
      'Schulweg-Check: Kinder und Eltern kartieren gefährliche Stellen',
      'Grundschulkinder markieren mit ihren Eltern gefährliche Stellen ihres Schulwegs auf einer Karte; der Landkreis ' +
        'und die Gemeinden arbeiten die Stellen ab und melden zurück.',
      'Unfallschwerpunkte auf Schulwegen im ländlichen Raum werden erst bekannt, wenn etwas passiert ist.',
      'Jährliche Kartieraktion in den dritten Klassen; Auswertung im Straßenverkehrsamt; Rückmeldung an die Schulen.',
      'In zwei Schuljahren 140 Meldungen, 35 Stellen entschärft (Angaben des Landkreises, noch nicht geprüft).',
      origin.id,
      ['verkehrssicherheit', 'bildung'],
      pilotId,
    ],
  );
  if (inserted.length === 0) return 0;
  await appendChanges(db, [
    {
      entityType: 'solution',
      entityId: id,
      version: 1,
      action: 'nominated',
      actor: null,
      data: { slug: 'schulweg-check-goerlitz' },
      place: null,
    },
  ]);
  return 1;
}

function placeOf(row: { state_code: string; region_id: string | null }): NewChange['place'] {
  return { stateCode: row.state_code, regionId: row.region_id };
}

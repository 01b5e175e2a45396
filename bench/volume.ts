import type { DataSource, QueryRunner } from 'typeorm';
import { VOCABULARY } from './vocabulary.js';

export interface Volume {
  municipalities: number;
  needs: number;
  solutions: number;
  cases: number;
}

/**
 * The realistic volume of docs/architecture.md: 11k municipalities, 100k needs, 1M cases over three
 * years. `solutions` overrides the catalogue's size (2 000 × scale by default; the catalogue is
 * expected to grow to 20 000 entries: all "Bewährt vor Ort" rounds, state catalogues, EfA services).
 */
export function volumeFor(scale: number, solutions?: number): Volume {
  return {
    municipalities: Math.round(11_000 * scale),
    needs: Math.round(100_000 * scale),
    solutions: solutions ?? Math.round(2_000 * scale),
    cases: Math.round(1_000_000 * scale),
  };
}

/** The steps `loadVolume` reports, for a progress bar. */
export const VOLUME_STEPS = 12;

/** Three years of cases, ending now. */
const SPAN_SECONDS = 3 * 365.25 * 86_400;

/**
 * Why cases are given up, as pilots write it: a few reasons dominate, spelt in several ways (the
 * report groups the text as given, trimmed), and a long tail of one-off texts follows.
 */
const CANCEL_REASONS = [
  'Kein Beschluss im Gemeinderat.',
  'Kein Budget im Haushalt.',
  'Personal fehlt.',
  'Kein Bedarf mehr.',
  'Andere Lösung gewählt.',
  'Herkunftskommune nicht erreichbar.',
  'Fördermittel abgelehnt.',
  'Datenschutz ungeklärt.',
  'IT-Dienstleister kann nicht liefern.',
  'Bürgermeisterwechsel, Thema ruht.',
  'Zu teuer für eine kleine Gemeinde.',
  'Rechtliche Bedenken der Kommunalaufsicht.',
  'Vergabe gescheitert.',
  'Projekt in Kooperation mit dem Kreis fortgeführt.',
  '  kein Beschluss im Gemeinderat ',
  'Kein Budget',
  '=Kosten>Nutzen',
  'Zeitplan passt nicht; "später wieder"',
];

/**
 * Loads synthetic data on top of the demo seed, in set-based statements on one connection (no
 * rows pass through Node):
 * - pilot regions for nine in ten Kreise (about five each, the rest stay uncovered), one or two
 *   pilots per region, some regions without an active pilot;
 * - Gemeinden in every Kreis, needs across them, solutions with origins and skewed popularity;
 * - cases opened over three years, each with a timeline drawn from realistic stage durations
 *   (lognormal: days in erfasst, weeks in recherchiert, months in vermittelt), step backs from
 *   vermittelt, cancellations from every stage with their reasons; a case is in the stage its
 *   timeline has reached by now, so older cases ended and recent ones are open, one per need.
 * The rows are loaded beneath the write path, so they have no change records: the benchmark
 * measures reads, and writes it makes itself go through the write path as usual.
 */
export async function loadVolume(db: DataSource, volume: Volume, log: (line: string) => void): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await load(runner, volume, log);
  } finally {
    await runner.release();
  }
}

async function load(db: QueryRunner, volume: Volume, log: (line: string) => void): Promise<void> {
  /** A step's statements run in order; a statement with parameters is `[sql, params]`. */
  const step = async (label: string, statements: string | (string | [string, unknown[]])[]) => {
    const started = Date.now();
    for (const statement of Array.isArray(statements) ? statements : [statements]) {
      const [sql, params] = typeof statement === 'string' ? [statement, []] : statement;
      await db.query(sql, params);
    }
    log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  // Loaded in bulk: the report projections are rebuilt once at the end, not kept per statement.
  await db.query(`SET transferstelle.report_projections = 'rebuild'`);
  // Deterministic draws, so two runs load the same data: uniform in [0, 1) and lognormal days.
  await db.query(`
    CREATE FUNCTION pg_temp.u(g bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
    $$ SELECT (hashint8extended(g, salt) & 4503599627370495)::float8 / 4503599627370496 $$`);
  await db.query(`
    CREATE FUNCTION pg_temp.days(g bigint, salt int, median float8, sigma float8) RETURNS interval
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT make_interval(secs => 86400 * median * exp(sigma * sqrt(-2 * ln(1 - pg_temp.u(g, salt)))
                                                     * cos(2 * pi() * pg_temp.u(g, salt + 1000)))) $$`);

  await step('regions: about five Kreise each, one in ten Kreise uncovered', [
    `CREATE TEMP TABLE bench_kreis_region AS
     SELECT id, state_code, 'bench-' || lower(state_code) || '-' || (i / 5 + 1) AS code, i / 5 + 1 AS n
     FROM (SELECT id, state_code, row_number() OVER (PARTITION BY state_code ORDER BY ags) - 1 AS i
           FROM municipalities
           WHERE kind IN ('landkreis', 'kreisfreie_stadt', 'verband') AND region_id IS NULL) k
     WHERE i % 10 <> 9`,
    `INSERT INTO regions (code, name, state_code)
     SELECT DISTINCT k.code, 'Region ' || s.name || ' ' || k.n, k.state_code
     FROM bench_kreis_region k JOIN states s ON s.code = k.state_code
     ON CONFLICT DO NOTHING`,
    `UPDATE municipalities m SET region_id = r.id
     FROM bench_kreis_region k JOIN regions r ON r.code = k.code
     WHERE m.id = k.id`,
  ]);
  await step('pilots: one or two per region, one in twelve regions without an active pilot', [
    `INSERT INTO users (email, name, role, password_hash, active)
     SELECT 'lotse-' || p || '.' || r.code || '@bench.example.org', 'Lotsin ' || p || ' ' || r.name, 'lotse',
            'no-login', (p = 2 OR pg_temp.u(hashtext(r.code), 1) >= 1.0 / 12)
     FROM regions r, generate_series(1, 2) p
     WHERE r.code LIKE 'bench-%' AND (p = 1 OR pg_temp.u(hashtext(r.code), 2) < 0.4)
     ON CONFLICT DO NOTHING`,
    `INSERT INTO user_regions (user_id, region_id)
     SELECT u.id, r.id FROM users u JOIN regions r ON u.email LIKE 'lotse-_.' || r.code || '@bench.example.org'
     ON CONFLICT DO NOTHING`,
  ]);

  const [{ districts }] = await db.query(
    `SELECT count(*)::int AS districts FROM municipalities WHERE kind = 'landkreis'`,
  );
  const perDistrict = Math.min(999, Math.ceil(Math.max(0, volume.municipalities - 402) / districts));
  await step(`municipalities: ${perDistrict} Gemeinden in each of ${districts} Kreise`, [
    [
      `INSERT INTO municipalities (ags, state_code, name, kind, population, region_id)
     SELECT substr(k.ags, 1, 5) || lpad(g::text, 3, '0'), k.state_code, 'Gemeinde ' || g || ' im ' || k.name,
            'gemeinde', 500 + (g * 37) % 20000, k.region_id
     FROM municipalities k, generate_series(1, $1) g
     WHERE k.kind = 'landkreis'
     ON CONFLICT DO NOTHING`,
      [perDistrict],
    ],
  ]);
  await step(`solutions: ${volume.solutions}, four in five with an origin municipality`, [
    solutionsStatement(volume.solutions),
  ]);
  await step(`needs: ${volume.needs}`, [
    [
      `INSERT INTO needs (municipality_id, title, description, topics, urgency, source, captured_at)
     SELECT m.ids[1 + (g * 7717) % array_length(m.ids, 1)],
            w[1 + g % 400] || ' ' || w[1 + (g * 7) % 400],
            'Wir brauchen Hilfe bei ' || w[1 + (g * 3) % 400] || ' und ' || w[1 + (g * 17) % 400] || '.',
            ARRAY[lower(w[1 + (g * 3) % 400])],
            (ARRAY['low', 'medium', 'high'])[1 + g % 3], 'api',
            date_trunc('milliseconds', now()) - make_interval(secs => $3 * pg_temp.u(g, 7))
     FROM generate_series(1, $1) g,
          (SELECT $2::text[] AS w) vocabulary,
          (SELECT array_agg(id ORDER BY ags) AS ids FROM municipalities) m`,
      [volume.needs, VOCABULARY, SPAN_SECONDS],
    ],
  ]);

  // Each case's timeline, drawn once: when it entered each stage (m0 … m5; a stage is null where
  // the path ends), its candidates and its reason, if it was given up.
  await step(`timelines: ${volume.cases} cases over three years`, [
    [
      `CREATE TEMP TABLE bench_draw AS
       SELECT g, md5('bench-case-' || g)::uuid AS id,
              date_trunc('milliseconds', now()) - make_interval(secs => $2 * (g - pg_temp.u(g, 1)) / $1) AS t0,
              pg_temp.days(g, 10, 4, 0.9) AS erfasst, pg_temp.days(g, 11, 18, 0.8) AS recherchiert,
              pg_temp.days(g, 12, 45, 0.6) AS vermittelt, pg_temp.days(g, 13, 9, 0.8) AS back_to_recherchiert,
              pg_temp.days(g, 14, 7, 0.8) AS again_recherchiert,
              pg_temp.u(g, 2) < 0.07 AS cancel_erfasst, pg_temp.u(g, 3) < 0.15 AS cancel_recherchiert,
              pg_temp.u(g, 4) < 0.08 AS steps_back, pg_temp.u(g, 5) < 0.12 AS cancel_vermittelt
       FROM generate_series(1, $1) g`,
      [volume.cases, SPAN_SECONDS],
    ],
    `CREATE TEMP TABLE bench_moves AS
       WITH timed AS (
         SELECT d.*, d.t0 + d.erfasst AS a1, d.t0 + d.erfasst + d.recherchiert AS a2,
                d.t0 + d.erfasst + d.recherchiert + d.back_to_recherchiert AS back_at,
                d.t0 + d.erfasst + d.recherchiert + d.back_to_recherchiert + d.again_recherchiert AS again_at
         FROM bench_draw d
       )
       SELECT t.g, m.k, m.stage, m.at
       FROM timed t
       CROSS JOIN LATERAL (VALUES
         (0, 'erfasst', t.t0),
         (1, CASE WHEN t.cancel_erfasst THEN 'abgebrochen' ELSE 'recherchiert' END, t.a1),
         (2, CASE WHEN t.cancel_erfasst THEN NULL WHEN t.cancel_recherchiert THEN 'abgebrochen' ELSE 'vermittelt' END,
             t.a2),
         (3, CASE WHEN t.cancel_erfasst OR t.cancel_recherchiert THEN NULL WHEN t.steps_back THEN 'recherchiert'
                  WHEN t.cancel_vermittelt THEN 'abgebrochen' ELSE 'umgesetzt' END,
             CASE WHEN t.steps_back THEN t.back_at ELSE t.a2 + t.vermittelt END),
         (4, CASE WHEN t.steps_back AND NOT (t.cancel_erfasst OR t.cancel_recherchiert) THEN 'vermittelt' END,
             t.again_at),
         (5, CASE WHEN NOT t.steps_back OR t.cancel_erfasst OR t.cancel_recherchiert THEN NULL
                  WHEN t.cancel_vermittelt THEN 'abgebrochen' ELSE 'umgesetzt' END,
             t.again_at + t.vermittelt)
       ) AS m (k, stage, at)
       WHERE m.stage IS NOT NULL AND m.at <= now()`,
    `CREATE TEMP TABLE bench_reached AS
       SELECT g, max(k) AS last_k, (array_agg(stage ORDER BY k DESC))[1] AS status,
              (array_agg(at ORDER BY k DESC))[1] AS last_at,
              bool_or(stage = 'recherchiert') AS researched, bool_or(stage = 'vermittelt') AS brokered,
              bool_or(k = 3 AND stage = 'recherchiert') AS stepped_back
       FROM bench_moves GROUP BY g`,
    'ALTER TABLE bench_reached ADD PRIMARY KEY (g)',
  ]);
  // One open case per need: open cases take a need each, from the needs captured before them;
  // an open case beyond the needs there are was superseded by a newer one and given up a day on.
  await step('open cases: one per need, the rest superseded', [
    `CREATE TEMP TABLE bench_open AS
     SELECT g, row_number() OVER (ORDER BY g DESC) - 1 AS rank
     FROM bench_reached WHERE status IN ('erfasst', 'recherchiert', 'vermittelt')`,
    `INSERT INTO bench_moves (g, k, stage, at)
     SELECT o.g, r.last_k + 1, 'abgebrochen', least(now(), r.last_at + interval '1 day')
     FROM bench_open o JOIN bench_reached r ON r.g = o.g
     WHERE o.rank >= (SELECT count(*) FROM needs WHERE source = 'api') * 19 / 20`,
    `UPDATE bench_reached r SET status = 'abgebrochen', last_k = r.last_k + 1,
            last_at = least(now(), r.last_at + interval '1 day')
     FROM bench_open o WHERE o.g = r.g AND o.rank >= (SELECT count(*) FROM needs WHERE source = 'api') * 19 / 20`,
    'CREATE INDEX ON bench_moves (g, k)',
    'ANALYZE bench_moves',
  ]);
  // Popular solutions are asked for far more often (the cube of a uniform draw); a case's
  // candidates are distinct by their stride through the catalogue. A case chooses its first
  // candidate; after a step back its second, if it has one.
  await step(`transfer cases: ${volume.cases}`, [
    `CREATE TEMP TABLE bench_need AS
     SELECT row_number() OVER (ORDER BY n.captured_at, n.id) - 1 AS i, n.id, n.municipality_id, m.region_id, m.state_code
     FROM needs n JOIN municipalities m ON m.id = n.municipality_id WHERE n.source = 'api'`,
    'ALTER TABLE bench_need ADD PRIMARY KEY (i)',
    `CREATE TEMP TABLE bench_pilot AS
     SELECT ur.region_id, array_agg(u.id ORDER BY u.email) AS ids
     FROM user_regions ur JOIN users u ON u.id = ur.user_id WHERE u.role = 'lotse' AND u.active
     GROUP BY ur.region_id`,
    `CREATE TEMP TABLE bench_solution AS
     SELECT row_number() OVER (ORDER BY slug) - 1 AS i, id, slug FROM solutions WHERE slug LIKE 'bench-%'`,
    'ALTER TABLE bench_solution ADD PRIMARY KEY (i)',
    [
      `CREATE TEMP TABLE bench_case AS
     WITH sized AS (
       SELECT (SELECT count(*) FROM bench_need) AS needs, (SELECT count(*) FROM bench_solution) AS solutions
     )
     SELECT d.g, d.id, d.t0, r.status, r.last_k, r.last_at, r.researched, r.brokered, r.stepped_back,
            CASE WHEN o.rank < sized.needs * 19 / 20 THEN o.rank
                 ELSE (hashint8extended(d.g, 20) & 2147483647) % (sized.needs * 19 / 20)
            END AS need_i,
            floor(sized.solutions * pg_temp.u(d.g, 21) ^ 3)::int AS s0,
            sized.solutions,
            CASE WHEN r.researched OR pg_temp.u(d.g, 22) < 0.4
                 THEN 1 + floor(pg_temp.u(d.g, 23) * 3)::int ELSE 0 END AS candidates,
            CASE WHEN r.status = 'abgebrochen'
                 THEN coalesce(CASE WHEN o.rank >= sized.needs * 19 / 20 THEN 'Durch einen neuen Fall ersetzt.' END,
                               ($1::text[])[1 + floor(array_length($1::text[], 1) * pg_temp.u(d.g, 32) ^ 2)::int]
                                 || CASE WHEN pg_temp.u(d.g, 33) < 0.05 THEN ' (Fall ' || d.g || ')' ELSE '' END)
            END AS reason,
            pg_temp.u(d.g, 31) < 0.3 AS chose_early
     FROM bench_draw d
     JOIN bench_reached r ON r.g = d.g
     LEFT JOIN bench_open o ON o.g = d.g
     CROSS JOIN sized`,
      [CANCEL_REASONS],
    ],
    'ALTER TABLE bench_case ADD PRIMARY KEY (g)',
    `CREATE TEMP TABLE bench_candidate AS
     SELECT c.g, j, s.id AS solution_id, s.slug
     FROM bench_case c
     CROSS JOIN LATERAL generate_series(0, c.candidates - 1) j
     JOIN bench_solution s ON s.i = (c.s0 + j * 293) % c.solutions`,
    'CREATE INDEX ON bench_candidate (g, j)',
    `INSERT INTO transfer_cases (id, need_id, municipality_id, region_id, state_code, assignee_id, status,
                                 chosen_solution_id, origin_contact, implemented_on, outcome_note, cancel_reason,
                                 version, opened_at, updated_at, closed_at)
     SELECT c.id, n.id, n.municipality_id, n.region_id, n.state_code,
            CASE WHEN pg_temp.u(c.g, 30) < 0.85 THEN p.ids[1 + c.g % array_length(p.ids, 1)] END,
            c.status, chosen.solution_id,
            CASE WHEN chosen.solution_id IS NOT NULL AND c.brokered THEN 'Telefonat mit der Herkunftskommune (Bench)' END,
            CASE WHEN c.status = 'umgesetzt' THEN (c.last_at AT TIME ZONE 'Europe/Berlin')::date END,
            CASE WHEN c.status = 'umgesetzt' THEN 'Umgesetzt nach Vorbild der Herkunftskommune.' END,
            c.reason, c.last_k + 1 + c.candidates, c.t0, c.last_at,
            CASE WHEN c.status IN ('umgesetzt', 'abgebrochen') THEN c.last_at END
     FROM bench_case c
     JOIN bench_need n ON n.i = c.need_i
     LEFT JOIN bench_pilot p ON p.region_id = n.region_id
     LEFT JOIN LATERAL (
       SELECT bc.solution_id FROM bench_candidate bc
       WHERE bc.g = c.g AND (
         -- brokered now, or given up after it: its last choice
         c.brokered AND NOT (c.stepped_back AND c.status = 'recherchiert')
           AND bc.j = CASE WHEN c.stepped_back AND c.candidates > 1 THEN 1 ELSE 0 END
         -- researching with a choice made already
         OR NOT c.brokered AND c.status = 'recherchiert' AND c.chose_early AND bc.j = 0)
     ) chosen ON true
     ORDER BY c.g`,
    `INSERT INTO transfer_case_candidates (case_id, solution_id, rationale, added_at)
     SELECT c.id, bc.solution_id, 'Passt zum Bedarf: ' || bc.slug || '.',
            c.t0 + (least(now(), m1.at) - c.t0) * (bc.j + 1) / (c.candidates + 2)
     FROM bench_candidate bc
     JOIN bench_case c ON c.g = bc.g
     LEFT JOIN bench_moves m1 ON m1.g = bc.g AND m1.k = 1`,
  ]);
  // The timeline, in seq order per case: creation, candidates, each choice before the move to
  // vermittelt, every move with what planTransition records, a comment now and then.
  await step('case events', [
    `INSERT INTO transfer_case_events (case_id, type, from_status, to_status, at, note, data)
     SELECT e.case_id, e.type, e.from_status, e.to_status, e.at, e.note, e.data
     FROM (
       SELECT c.id AS case_id, c.g, m.at, 1 AS o, CASE WHEN m.k = 0 THEN 'created' ELSE 'transitioned' END AS type,
              prev.stage AS from_status, m.stage AS to_status,
              CASE WHEN m.stage = 'abgebrochen' THEN c.reason
                   WHEN m.stage = 'recherchiert' AND prev.stage = 'vermittelt' THEN 'Die gewählte Lösung passte nicht.'
              END AS note,
              CASE WHEN m.k = 0 THEN jsonb_build_object('needId', tc.need_id, 'assigneeId', tc.assignee_id)
                   WHEN m.stage = 'abgebrochen' THEN jsonb_build_object('reason', c.reason)
                   WHEN m.stage = 'vermittelt' THEN jsonb_build_object('chosenSolutionId', choice.solution_id)
                   WHEN m.stage = 'umgesetzt' THEN jsonb_build_object('implementedOn', tc.implemented_on,
                                                   'outcomeNote', tc.outcome_note, 'measuredEffect', NULL)
                   WHEN prev.stage = 'vermittelt' THEN jsonb_build_object('reason', 'Die gewählte Lösung passte nicht.',
                                                         'clearedSolutionId', first_choice.solution_id)
                   ELSE '{}'::jsonb END AS data
       FROM bench_moves m
       JOIN bench_case c ON c.g = m.g
       JOIN transfer_cases tc ON tc.id = c.id
       LEFT JOIN bench_moves prev ON prev.g = m.g AND prev.k = m.k - 1
       LEFT JOIN bench_candidate first_choice ON first_choice.g = m.g AND first_choice.j = 0
       LEFT JOIN bench_candidate choice ON choice.g = m.g
         AND choice.j = CASE WHEN m.k = 4 AND c.candidates > 1 THEN 1 ELSE 0 END
       UNION ALL
       SELECT c.id, c.g, cc.added_at, 0, 'candidate_added', NULL, NULL, NULL,
              jsonb_build_object('solutionId', bc.solution_id, 'slug', bc.slug, 'rationale', cc.rationale)
       FROM bench_candidate bc
       JOIN bench_case c ON c.g = bc.g
       JOIN transfer_case_candidates cc ON cc.case_id = c.id AND cc.solution_id = bc.solution_id
       UNION ALL
       SELECT c.id, c.g, m.at - interval '1 hour', 0, 'solution_chosen', NULL, NULL, NULL,
              jsonb_build_object('solutionId', choice.solution_id)
       FROM bench_moves m
       JOIN bench_case c ON c.g = m.g
       JOIN bench_candidate choice ON choice.g = m.g
         AND choice.j = CASE WHEN m.k = 4 AND c.candidates > 1 THEN 1 ELSE 0 END
       WHERE m.stage = 'vermittelt'
       UNION ALL
       SELECT c.id, c.g, c.last_at + (now() - c.last_at) / 2, 0, 'solution_chosen', NULL, NULL, NULL,
              jsonb_build_object('solutionId', tc.chosen_solution_id)
       FROM bench_case c JOIN transfer_cases tc ON tc.id = c.id
       WHERE c.status = 'recherchiert' AND NOT c.brokered AND tc.chosen_solution_id IS NOT NULL
       UNION ALL
       SELECT c.id, c.g, c.t0 + interval '2 hours', 2, 'commented', NULL, NULL, 'Erstgespräch geführt.', '{}'::jsonb
       FROM bench_case c WHERE pg_temp.u(c.g, 40) < 0.1 AND c.t0 + interval '2 hours' <= now()
     ) e
     ORDER BY e.g, e.at, e.o`,
  ]);
  // Needs: captured before their first case; open while a case is open or none was opened yet,
  // most of the others closed. One in twenty has no case yet, captured in the last four months.
  await step('needs: capture times and status from their cases', [
    `UPDATE needs n SET captured_at = least(n.captured_at, f.first_opened - interval '1 day')
     FROM (SELECT need_id, min(opened_at) AS first_opened FROM transfer_cases GROUP BY need_id) f
     WHERE f.need_id = n.id AND n.source = 'api'`,
    `UPDATE needs n SET captured_at = date_trunc('milliseconds', now()) - make_interval(secs => 120 * 86400 * pg_temp.u(hashtext(n.id::text), 41))
     WHERE n.source = 'api' AND NOT EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = n.id)`,
    `UPDATE needs n SET status = 'closed', closed_at = now(), close_reason = 'Erledigt.'
     WHERE n.source = 'api' AND pg_temp.u(hashtext(n.id::text), 42) < 0.7
       AND EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = n.id)
       AND NOT EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = n.id
                       AND c.status IN ('erfasst', 'recherchiert', 'vermittelt'))`,
  ]);
  // Suggestions read the count of implemented transfers per solution, which the case transition
  // keeps; rows loaded in bulk beneath the write path need it counted once.
  await step('report projections: rebuilt from all of it', [
    'RESET transferstelle.report_projections',
    'SELECT report_rebuild()',
  ]);
  await step('implemented transfers per solution, VACUUM ANALYZE', [
    `UPDATE solutions s SET implemented_transfers = c.count
     FROM (SELECT chosen_solution_id, count(*)::int AS count FROM transfer_cases
           WHERE status = 'umgesetzt' GROUP BY chosen_solution_id) c
     WHERE c.chosen_solution_id = s.id`,
    // Vacuumed once, so the reports' index-only scans need not visit the freshly written heap.
    'VACUUM ANALYZE',
  ]);
  for (const table of [
    'bench_draw',
    'bench_moves',
    'bench_reached',
    'bench_open',
    'bench_need',
    'bench_pilot',
    'bench_solution',
    'bench_case',
    'bench_candidate',
    'bench_kreis_region',
  ]) {
    await db.query(`DROP TABLE ${table}`);
  }
}

/**
 * `count` catalogue entries as long as real ones (title, summary, problem, approach, topic), their
 * words drawn from the vocabulary, four in five with an origin among the municipalities present.
 * Shared with the suggestions' plan test (test/suggestion-plans.e2e-spec.ts).
 */
export function solutionsStatement(count: number): [string, unknown[]] {
  return [
    `INSERT INTO solutions (slug, title, theme, summary, problem, approach, topics, origin_municipality_id)
     SELECT 'bench-' || g,
            -- A project name of two words makes a compound most entries have alone, as real ones
            -- do ("Hitzeschutzlotsen"): the catalogue's lexicon grows with it, not only its postings.
            w[1 + g % 400] || ' und ' || w[1 + (g * 7) % 400] || ': ' ||
              w[1 + (g * 13) % 400] || lower(w[1 + (g / 7) % 400]),
            (ARRAY['ankommen-teilhabe', 'klima-ressourcen', 'nachhaltiges-bauen', 'verwaltung-von-morgen',
                   'sicherheit-gesundheit'])[1 + g % 5],
            'Eine Kommune löst ' || w[1 + (g * 3) % 400] || ' mit ' || w[1 + (g * 11) % 400] || '. ' ||
              repeat('Die Verwaltung arbeitet dafür mit Vereinen, Betrieben und Nachbargemeinden zusammen. ', 3),
            'Problem mit ' || w[1 + (g * 13) % 400] || '. ' ||
              repeat('Vieles bleibt liegen, weil Personal und Geld fehlen. ', 3),
            repeat('Bestandsaufnahme, Beteiligung, Umsetzung und Auswertung mit Kennzahlen. ', 10),
            ARRAY[lower(w[1 + g % 400])],
            CASE WHEN g % 5 <> 0 THEN m.ids[1 + (g * 7919) % array_length(m.ids, 1)] END
     FROM generate_series(1, $1) g, (SELECT $2::text[] AS w) vocabulary,
          (SELECT array_agg(id ORDER BY ags) AS ids FROM municipalities) m
     ON CONFLICT DO NOTHING`,
    [count, VOCABULARY],
  ];
}

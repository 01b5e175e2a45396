import type { DataSource } from 'typeorm';
import { VOCABULARY } from './vocabulary.js';

export interface Volume {
  municipalities: number;
  needs: number;
  solutions: number;
  cases: number;
  eventsPerCase: number;
}

/** The realistic volume of docs/architecture.md: 11k municipalities, 1M cases, several million events. */
export function volumeFor(scale: number): Volume {
  return {
    municipalities: Math.round(11_000 * scale),
    needs: Math.round(100_000 * scale),
    solutions: Math.round(2_000 * scale),
    cases: Math.round(1_000_000 * scale),
    eventsPerCase: 3,
  };
}

/**
 * Loads synthetic data on top of the demo seed, in a few set-based statements (no rows pass
 * through Node). Texts come from a compound vocabulary; every case has a consistent place. The
 * rows are loaded beneath the write path, so they have no change records: the benchmark measures
 * reads, and writes it makes itself go through the write path as usual.
 */
export async function loadVolume(db: DataSource, volume: Volume, log: (line: string) => void): Promise<void> {
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    await db.query(sql, params);
    log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  const [{ districts }] = await db.query(
    `SELECT count(*)::int AS districts FROM municipalities WHERE kind = 'landkreis'`,
  );
  const perDistrict = Math.min(999, Math.ceil(Math.max(0, volume.municipalities - 402) / districts));

  await step(
    `municipalities: ${perDistrict} Gemeinden in each of ${districts} Kreise`,
    `INSERT INTO municipalities (ags, state_code, name, kind, population, region_id)
     SELECT substr(k.ags, 1, 5) || lpad(g::text, 3, '0'), k.state_code, 'Gemeinde ' || g || ' im ' || k.name,
            'gemeinde', 500 + (g * 37) % 20000, k.region_id
     FROM municipalities k, generate_series(1, $1) g
     WHERE k.kind = 'landkreis'
     ON CONFLICT DO NOTHING`,
    [perDistrict],
  );
  await step(
    `solutions: ${volume.solutions}`,
    `INSERT INTO solutions (slug, title, theme, summary, problem, approach, topics)
     SELECT 'bench-' || g,
            w[1 + g % 400] || ' und ' || w[1 + (g * 7) % 400],
            (ARRAY['ankommen-teilhabe', 'klima-ressourcen', 'nachhaltiges-bauen', 'verwaltung-von-morgen',
                   'sicherheit-gesundheit'])[1 + g % 5],
            'Eine Kommune löst ' || w[1 + (g * 3) % 400] || ' mit ' || w[1 + (g * 11) % 400] || '. ' ||
              repeat('Die Verwaltung arbeitet dafür mit Vereinen, Betrieben und Nachbargemeinden zusammen. ', 3),
            'Problem mit ' || w[1 + (g * 13) % 400] || '. ' ||
              repeat('Vieles bleibt liegen, weil Personal und Geld fehlen. ', 3),
            repeat('Bestandsaufnahme, Beteiligung, Umsetzung und Auswertung mit Kennzahlen. ', 10),
            ARRAY[lower(w[1 + g % 400])]
     FROM generate_series(1, $1) g, (SELECT $2::text[] AS w) vocabulary
     ON CONFLICT DO NOTHING`,
    [volume.solutions, VOCABULARY],
  );
  await step(
    `needs: ${volume.needs}`,
    `INSERT INTO needs (municipality_id, title, description, topics, urgency, source, captured_at)
     SELECT m.ids[1 + g % array_length(m.ids, 1)],
            w[1 + g % 400] || ' ' || w[1 + (g * 7) % 400],
            'Wir brauchen Hilfe bei ' || w[1 + (g * 3) % 400] || ' und ' || w[1 + (g * 17) % 400] || '.',
            ARRAY[lower(w[1 + (g * 3) % 400])],
            (ARRAY['low', 'medium', 'high'])[1 + g % 3], 'api',
            date_trunc('milliseconds', now()) - make_interval(secs => g * 60)
     FROM generate_series(1, $1) g,
          (SELECT $2::text[] AS w) vocabulary,
          (SELECT array_agg(id ORDER BY ags) AS ids FROM municipalities) m`,
    [volume.needs, VOCABULARY],
  );
  // Each need carries at most one open case (the first pass); older ones ended.
  await step(
    `transfer cases: ${volume.cases}`,
    `WITH n AS (
       SELECT row_number() OVER (ORDER BY n.id) AS idx, n.id, n.municipality_id, m.region_id, m.state_code
       FROM needs n JOIN municipalities m ON m.id = n.municipality_id
     ), s AS (SELECT array_agg(id) AS ids FROM solutions)
     INSERT INTO transfer_cases (need_id, municipality_id, region_id, state_code, status, chosen_solution_id,
                                 implemented_on, outcome_note, cancel_reason, version, opened_at, updated_at)
     SELECT n.id, n.municipality_id, n.region_id, n.state_code, st.status,
            CASE WHEN st.status IN ('vermittelt', 'umgesetzt') THEN s.ids[1 + g % array_length(s.ids, 1)] END,
            CASE WHEN st.status = 'umgesetzt' THEN current_date - (g % 700) END,
            CASE WHEN st.status = 'umgesetzt' THEN 'Umgesetzt.' END,
            CASE WHEN st.status = 'abgebrochen' THEN 'Kein Beschluss.' END,
            $2 + 1,
            date_trunc('milliseconds', now()) - make_interval(secs => g * 30),
            date_trunc('milliseconds', now()) - make_interval(secs => g * 20)
     FROM generate_series(1, $1) g
     JOIN n ON n.idx = 1 + (g - 1) % (SELECT count(*) FROM needs)
     CROSS JOIN s
     CROSS JOIN LATERAL (SELECT CASE
       WHEN g <= (SELECT count(*) FROM needs) THEN (ARRAY['erfasst', 'recherchiert', 'vermittelt'])[1 + g % 3]
       ELSE (ARRAY['umgesetzt', 'abgebrochen'])[1 + g % 2] END AS status) st
     ON CONFLICT DO NOTHING`,
    [volume.cases, volume.eventsPerCase - 1],
  );
  await step(
    `case events: ${volume.eventsPerCase} per case`,
    `INSERT INTO transfer_case_events (case_id, type, from_status, to_status, at, data)
     SELECT c.id, e.type, e.from_status, e.to_status, c.opened_at + e.offset_, '{}'::jsonb
     FROM transfer_cases c
     CROSS JOIN (VALUES ('created', NULL, 'erfasst', interval '0'),
                        ('candidate_added', NULL, NULL, interval '1 day'),
                        ('commented', NULL, NULL, interval '2 days')) AS e (type, from_status, to_status, offset_)`,
  );
  // Suggestions read the count of implemented transfers per solution, which the case transition
  // keeps; rows loaded in bulk beneath the write path need it counted once.
  await step(
    'implemented transfers per solution',
    `UPDATE solutions s SET implemented_transfers = c.count
     FROM (SELECT chosen_solution_id, count(*)::int AS count FROM transfer_cases
           WHERE status = 'umgesetzt' GROUP BY chosen_solution_id) c
     WHERE c.chosen_solution_id = s.id`,
  );
  await step('ANALYZE', 'ANALYZE');
}

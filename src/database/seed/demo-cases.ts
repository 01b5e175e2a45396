import type { EntityManager } from 'typeorm';

/** Two demo cases in each state, on the first demo needs, each with a timeline that got it there. */
const PLAN = [
  'erfasst',
  'recherchiert',
  'vermittelt',
  'umgesetzt',
  'abgebrochen',
  'erfasst',
  'recherchiert',
  'vermittelt',
  'umgesetzt',
  'abgebrochen',
] as const;

type Step = { type: string; from?: string; to?: string; note?: string; data?: Record<string, unknown> };

/**
 * Inserts the demo cases that do not exist yet (ids derive from their needs, so reseeding is a
 * no-op) and returns how many it inserted. Candidates are the two solutions that rank best for
 * the need's text, as the suggestions would propose.
 */
export async function seedDemoCases(db: EntityManager): Promise<number> {
  const needs: {
    id: string;
    municipality_id: string;
    region_id: string | null;
    state_code: string;
    text: string;
  }[] = await db.query(
    `SELECT n.id, n.municipality_id, m.region_id, m.state_code, n.title || ' ' || n.description AS text
       FROM needs n JOIN municipalities m ON m.id = n.municipality_id
       WHERE n.source = 'desk' AND n.captured_by_user_id IS NULL AND n.status = 'open'
       -- Needs in the pilot regions first, so the demo pilots have cases to work on.
       ORDER BY m.region_id IS NULL, n.captured_at, n.id
       LIMIT $1`,
    [PLAN.length],
  );
  let inserted = 0;
  for (const [i, status] of PLAN.entries()) {
    const need = needs[i];
    if (!need) break;
    const candidates: { id: string; slug: string }[] = await db.query(
      `SELECT s.id, s.slug FROM solutions s WHERE s.status = 'active'
       ORDER BY ts_rank(s.search_vector, search_tsquery($1)) DESC, s.slug LIMIT 2`,
      [need.text],
    );
    if (candidates.length < 2) break;
    const [chosen, other] = candidates;
    // Cancelled cases stop at erfasst (first five) or recherchiert (the others).
    const stage = status === 'abgebrochen' ? (i < 5 ? 0 : 1) : STAGE[status];
    const reached = (target: 'recherchiert' | 'vermittelt') => stage >= STAGE[target];
    const steps: Step[] = [{ type: 'created', to: 'erfasst', data: { needId: need.id } }];
    if (reached('recherchiert')) {
      for (const c of candidates) {
        steps.push({
          type: 'candidate_added',
          data: { solutionId: c.id, slug: c.slug, rationale: rationale(c.slug) },
        });
      }
      steps.push({ type: 'transitioned', from: 'erfasst', to: 'recherchiert' });
    }
    if (reached('vermittelt')) {
      steps.push({
        type: 'transitioned',
        from: 'recherchiert',
        to: 'vermittelt',
        data: { chosenSolutionId: chosen.id },
      });
    }
    if (status === 'umgesetzt') {
      steps.push({
        type: 'transitioned',
        from: 'vermittelt',
        to: 'umgesetzt',
        data: {
          implementedOn: implementedOn(i),
          outcomeNote: 'Eingeführt nach Vorbild der Herkunftskommune.',
        },
      });
    }
    if (status === 'abgebrochen') {
      const from = i < 5 ? 'erfasst' : 'recherchiert';
      steps.push({ type: 'transitioned', from, to: 'abgebrochen', note: 'Kein Beschluss im Gemeinderat.' });
    }

    const rows: unknown[] = await db.query(
      `INSERT INTO transfer_cases (id, need_id, municipality_id, region_id, state_code, status, chosen_solution_id,
                                   origin_contact, implemented_on, outcome_note, cancel_reason, version, closed_at,
                                   assignee_id)
       VALUES (md5($1::text || '|case')::uuid, $1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
               CASE WHEN $12 THEN now() END,
               -- A demo pilot of the region, where the demo users exist.
               (SELECT u.id FROM users u JOIN user_regions r ON r.user_id = u.id
                WHERE r.region_id = $3 AND u.role = 'lotse' AND u.active ORDER BY u.email LIMIT 1))
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        need.id,
        need.municipality_id,
        need.region_id,
        need.state_code,
        status,
        reached('vermittelt') ? chosen.id : null,
        reached('vermittelt') ? 'Telefonat mit der Herkunftskommune (Demo)' : null,
        status === 'umgesetzt' ? implementedOn(i) : null,
        status === 'umgesetzt' ? 'Eingeführt nach Vorbild der Herkunftskommune.' : null,
        status === 'abgebrochen' ? 'Kein Beschluss im Gemeinderat.' : null,
        // Every recorded change after `created` counted the version up once.
        steps.length,
        status === 'umgesetzt' || status === 'abgebrochen',
      ],
    );
    if (rows.length === 0) continue;
    inserted += 1;
    if (reached('recherchiert')) {
      for (const c of [chosen, other]) {
        await db.query(
          `INSERT INTO transfer_case_candidates (case_id, solution_id, rationale) VALUES (md5($1 || '|case')::uuid, $2, $3)`,
          [need.id, c.id, rationale(c.slug)],
        );
      }
    }
    for (const step of steps) {
      await db.query(
        `INSERT INTO transfer_case_events (case_id, type, from_status, to_status, note, data)
         VALUES (md5($1 || '|case')::uuid, $2, $3, $4, $5, $6)`,
        [need.id, step.type, step.from ?? null, step.to ?? null, step.note ?? null, step.data ?? {}],
      );
    }
  }
  return inserted;
}

const STAGE = { erfasst: 0, recherchiert: 1, vermittelt: 2, umgesetzt: 3 } as const;

function rationale(slug: string): string {
  return `Vorschlag der Suche: ${slug} passt zur Beschreibung des Bedarfs.`;
}

function implementedOn(index: number): string {
  return index < 5 ? '2026-06-01' : '2026-09-15';
}

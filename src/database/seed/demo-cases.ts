import type { EntityManager } from 'typeorm';
import { appendChanges } from '../../platform/index.js';
import {
  appendCaseEvents,
  candidateAdded,
  planTransition,
  type CaseEventInput,
  type CaseFacts,
  type CaseStatus,
} from '../../transfer-cases/index.js';
import { demoCaseId } from './demo-ids.js';

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

const CONTACT = 'Telefonat mit der Herkunftskommune (Demo)';
const OUTCOME = 'Eingeführt nach Vorbild der Herkunftskommune.';
const CANCEL_REASON = 'Kein Beschluss im Gemeinderat.';

/** One change of a case as the API would record it: its timeline entries, its change record. */
interface Step {
  action: string;
  data: Record<string, unknown>;
  events: CaseEventInput[];
}

/**
 * Inserts the demo cases that do not exist yet and returns how many it inserted. A demo case
 * goes only on a need without any case: so reseeding is a no-op even where the case ids were
 * derived differently (databases seeded before demo-ids.ts), and a need someone already took up
 * gets no second case. Candidates are the two solutions that rank best for the need's text, as
 * the suggestions would propose. Each case is walked through the case rules
 * (`planTransition`), one step per API call a pilot would have made, and leaves the same rows
 * those calls leave: the case, its candidates, one timeline entry per fact, one change record
 * and one version per step, and the implemented-transfer count of the chosen solution.
 */
export async function seedDemoCases(
  db: EntityManager,
  now = new Date(),
  demoNeedIds?: readonly string[],
): Promise<number> {
  const needs: {
    id: string;
    municipality_id: string;
    region_id: string | null;
    state_code: string;
    text: string;
    pilot_id: string | null;
  }[] = await db.query(
    `SELECT n.id, n.municipality_id, m.region_id, m.state_code, n.title || ' ' || n.description AS text,
            -- A demo pilot of the region, where the demo users exist.
            (SELECT u.id FROM users u JOIN user_regions r ON r.user_id = u.id
             WHERE r.region_id = m.region_id AND u.role = 'lotse' AND u.active ORDER BY u.email LIMIT 1) AS pilot_id
       FROM needs n JOIN municipalities m ON m.id = n.municipality_id
       WHERE n.source = 'desk' AND n.captured_by_user_id IS NULL
         -- A need its demo case solved stays among the chosen, so reseeding chooses the same ones.
         AND n.status IN ('open', 'solved')
         -- Only the demo needs: those the cohort and the lineage seeds add have cases of their own.
         AND ($2::uuid[] IS NULL OR n.id = ANY($2::uuid[]))
       -- Needs in the pilot regions first, so the demo pilots have cases to work on.
       ORDER BY m.region_id IS NULL, n.captured_at, n.id
       LIMIT $1`,
    [PLAN.length, demoNeedIds ?? null],
  );
  const today = now.toISOString().slice(0, 10);
  let inserted = 0;
  for (const [i, target] of PLAN.entries()) {
    const need = needs[i];
    if (!need) break;
    const candidates: { id: string; slug: string }[] = await db.query(
      `SELECT s.id, s.slug FROM solutions s WHERE s.status = 'active'
       ORDER BY ts_rank(s.search_vector, search_tsquery($1)) DESC, s.slug LIMIT 2`,
      [need.text],
    );
    if (candidates.length < 2) break;

    // Cancelled cases stop at erfasst (first five) or recherchiert (the others).
    const path: CaseStatus[] =
      target === 'abgebrochen'
        ? [...(i < 5 ? [] : (['recherchiert'] as const)), 'abgebrochen']
        : (['recherchiert', 'vermittelt', 'umgesetzt'] as const).slice(0, STAGE[target]);
    let facts: CaseFacts = {
      status: 'erfasst',
      candidates: [],
      chosenSolutionId: null,
      originContact: null,
      implementedOn: null,
      outcomeNote: null,
    };
    const columns: Record<string, unknown> = {};
    const steps: Step[] = [
      {
        action: 'created',
        data: { needId: need.id },
        events: [{ type: 'created', to: 'erfasst', data: { needId: need.id, assigneeId: need.pilot_id } }],
      },
    ];
    if (path.length > 0 && path[0] === 'recherchiert') {
      for (const candidate of candidates) {
        const rationale = `Vorschlag der Suche: ${candidate.slug} passt zur Beschreibung des Bedarfs.`;
        facts = { ...facts, candidates: [...facts.candidates, { solutionId: candidate.id, rationale }] };
        steps.push({
          action: 'candidate_added',
          data: { solutionIds: [candidate.id] },
          events: [candidateAdded(candidate, rationale)],
        });
      }
    }
    for (const to of path) {
      const plan = planTransition(facts, to, requestFor(to, candidates[0].id, i, now), today, now);
      if (plan.kind !== 'allowed') throw new Error(`demo case ${i}: ${facts.status} → ${to} is ${plan.kind}`);
      facts = plan.next;
      Object.assign(columns, plan.changes);
      steps.push({ action: 'transitioned', data: { from: plan.event.from, to }, events: [plan.event] });
    }

    const rows: { id: string; state_code: string; region_id: string | null }[] = await db.query(
      `INSERT INTO transfer_cases (id, need_id, municipality_id, region_id, state_code, assignee_id, status,
                                   chosen_solution_id, origin_contact, implemented_on, outcome_note, cancel_reason,
                                   version, closed_at)
       SELECT $14, $1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
       WHERE NOT EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = $1::uuid)
       ON CONFLICT DO NOTHING
       RETURNING id, state_code, region_id`,
      [
        need.id,
        need.municipality_id,
        need.region_id,
        need.state_code,
        need.pilot_id,
        facts.status,
        facts.chosenSolutionId,
        facts.originContact,
        facts.implementedOn,
        facts.outcomeNote,
        columns.cancelReason ?? null,
        steps.length,
        columns.closedAt ?? null,
        demoCaseId(need.id),
      ],
    );
    if (rows.length === 0) continue;
    const caseId = rows[0].id;
    inserted += 1;
    for (const candidate of facts.candidates) {
      await db.query(
        'INSERT INTO transfer_case_candidates (case_id, solution_id, rationale) VALUES ($1, $2, $3)',
        [caseId, candidate.solutionId, candidate.rationale],
      );
    }
    // One statement each, in step order: the timeline's seq and the records' versions follow it.
    await appendCaseEvents(
      db,
      caseId,
      null,
      steps.flatMap((step) => step.events),
    );
    await appendChanges(
      db,
      steps.map((step, index) => ({
        entityType: 'transfer_case',
        entityId: caseId,
        version: index + 1,
        action: step.action,
        actor: null,
        data: step.data,
        place: { stateCode: rows[0].state_code, regionId: rows[0].region_id },
      })),
    );
    if (facts.status === 'umgesetzt' && facts.chosenSolutionId) {
      await db.query('UPDATE solutions SET implemented_transfers = implemented_transfers + 1 WHERE id = $1', [
        facts.chosenSolutionId,
      ]);
    }
  }
  return inserted;
}

/** How far each status lies along the main path. */
const STAGE = { erfasst: 0, recherchiert: 1, vermittelt: 2, umgesetzt: 3 } as const;

/** What a pilot's request for each move brings. */
function requestFor(to: CaseStatus, chosenSolutionId: string, index: number, now: Date) {
  switch (to) {
    case 'vermittelt':
      return { chosenSolutionId, originContact: CONTACT };
    case 'umgesetzt':
      return { implementedOn: daysBefore(now, index < 5 ? 120 : 60), outcomeNote: OUTCOME };
    case 'abgebrochen':
      return { reason: CANCEL_REASON };
    default:
      return {};
  }
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { assertMayWriteAt } from '../auth/territory.js';
import { Problems } from '../common/problems/problem.exception.js';
import type { CaseEventType } from './case-event.entity.js';
import { TransferCase } from './transfer-case.entity.js';

/**
 * Every write to a case runs inside one transaction that first locks the case row, so two
 * writers queue instead of interleaving: checks, change, event and version bump are all or nothing.
 * Order of refusals: missing (404), outside the caller's territory (403), stale version (412).
 */
export async function lockCaseForWrite(
  tx: EntityManager,
  caseId: string,
  caller: Caller,
  expectedVersion: number | undefined,
): Promise<TransferCase> {
  const found = await tx
    .getRepository(TransferCase)
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where('c.id = :caseId', { caseId })
    .getOne();
  if (!found) throw Problems.notFound('transfer case', caseId);
  assertMayWriteAt(caller, found);
  if (expectedVersion !== undefined && expectedVersion !== found.version) {
    throw Problems.preconditionFailed(
      `transfer case ${caseId} is at version ${found.version}, not ${expectedVersion}; reload it and try again`,
      { currentVersion: found.version },
    );
  }
  return found;
}

export interface CaseEventInput {
  type: CaseEventType;
  from?: string;
  to?: string;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** Records one change (one or more events) and counts the version up once; the row is already changed. */
export async function recordChange(
  tx: EntityManager,
  transferCase: TransferCase,
  caller: Caller,
  ...events: CaseEventInput[]
): Promise<void> {
  for (const event of events) await appendEvent(tx, transferCase.id, caller, event);
  await tx.query(
    `UPDATE transfer_cases SET version = version + 1, updated_at = date_trunc('milliseconds', now()) WHERE id = $1`,
    [transferCase.id],
  );
}

export async function appendEvent(
  tx: EntityManager,
  caseId: string,
  caller: Caller,
  event: {
    type: CaseEventType;
    from?: string;
    to?: string;
    note?: string | null;
    data?: Record<string, unknown>;
  },
): Promise<{ seq: string; at: Date }> {
  const [row] = await tx.query(
    `INSERT INTO transfer_case_events (case_id, type, from_status, to_status, actor_user_id, actor_client_id, note, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING seq, at`,
    [
      caseId,
      event.type,
      event.from ?? null,
      event.to ?? null,
      caller.kind === 'user' ? caller.id : null,
      caller.kind === 'client' ? caller.id : null,
      event.note ?? null,
      event.data ?? {},
    ],
  );
  return row;
}

import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { actorColumns, type Caller } from '../auth/index.js';
import type { VersionedTable } from '../platform/index.js';
import { CaseEvent } from './case-event.entity.js';
import type { CaseEventInput } from './case-status.js';
import { TransferCase } from './transfer-case.entity.js';

/**
 * The cases table as the write path knows it. Its history is the case's timeline: every change
 * appends its events there, in the transaction that records the change.
 */
export const CASE_RECORDS: VersionedTable<TransferCase, CaseEventInput[], string[]> = {
  entity: TransferCase,
  kind: 'transfer_case',
  label: 'transfer case',
  placeOf: (c) => ({ stateCode: c.stateCode, regionId: c.regionId }),
  history: (tx, entry) => appendCaseEvents(tx, entry.entityId, entry.actor, entry.history ?? []),
};

/** Appends timeline entries and returns their `seq`s; the demo seed uses it too (actor null: the system). */
export async function appendCaseEvents(
  tx: EntityManager,
  caseId: string,
  actor: Caller | null,
  events: readonly CaseEventInput[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const timeline = tx.getRepository(CaseEvent);
  const { identifiers } = await timeline.insert(
    events.map((event): QueryDeepPartialEntity<CaseEvent> => ({
      caseId,
      type: event.type,
      fromStatus: event.from ?? null,
      toStatus: event.to ?? null,
      ...actorColumns(actor),
      note: event.note ?? null,
      // jsonb: TypeORM's partial-entity type cannot describe arbitrary JSON.
      data: (event.data ?? {}) as QueryDeepPartialEntity<CaseEvent>['data'],
    })),
  );
  return identifiers.map((id) => String((id as { seq: string }).seq));
}

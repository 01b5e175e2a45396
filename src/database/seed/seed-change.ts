import type { NewChange } from '../../platform/index.js';

/** A change record as the write path writes it for the API (actor: none, the system). */
export function seedChange(
  entityType: string,
  entityId: string,
  version: number,
  action: string,
  data: Record<string, unknown>,
  place: NewChange['place'],
): NewChange {
  return { entityType, entityId, version, action, actor: null, data, place };
}

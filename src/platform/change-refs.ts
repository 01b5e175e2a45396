import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A state system's own id for an entity. */
export interface ExternalId {
  system: string;
  externalId: string;
}

/** The external ids of these entities of one kind, by entity id (one query, whatever their number). */
export type ExternalIdSource = (
  kind: string,
  entityIds: readonly string[],
  tx?: EntityManager,
) => Promise<Map<string, ExternalId[]>>;

/**
 * Where the change feed learns the state systems' ids of what changed: integrations/ sits above
 * platform/ and registers its lookup here; platform/ never reads its table.
 */
@Injectable()
export class ChangeRefs {
  private source: ExternalIdSource | undefined;

  register(source: ExternalIdSource): void {
    this.source = source;
  }

  /** Per kind one lookup; empty when no module registered. */
  async of(
    entities: ReadonlyArray<{ entityType: string; entityId: string }>,
  ): Promise<Map<string, ExternalId[]>> {
    const found = new Map<string, ExternalId[]>();
    if (!this.source) return found;
    const byKind = new Map<string, string[]>();
    for (const { entityType, entityId } of entities)
      byKind.set(entityType, [...(byKind.get(entityType) ?? []), entityId]);
    for (const [kind, ids] of byKind) {
      for (const [id, refs] of await this.source(kind, [...new Set(ids)])) found.set(`${kind}:${id}`, refs);
    }
    return found;
  }
}

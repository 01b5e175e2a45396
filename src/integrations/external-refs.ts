import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { ExternalRef, REF_KINDS, type RefKind } from './external-ref.entity.js';

/** The `external_refs` table: a system's id → our entity, and back. */
@Injectable()
export class ExternalRefs {
  constructor(@InjectRepository(ExternalRef) private readonly refs: Repository<ExternalRef>) {}

  async entityOf(
    kind: RefKind,
    system: string,
    externalId: string,
    tx?: EntityManager,
  ): Promise<string | null> {
    const ref = await inTransaction(this.refs, tx).findOneBy({ kind, system, externalId });
    return ref?.entityId ?? null;
  }

  /** Our entities for many of a system's ids, one query. */
  async entitiesOf(
    kind: RefKind,
    system: string,
    externalIds: readonly string[],
  ): Promise<Map<string, string>> {
    if (externalIds.length === 0) return new Map();
    const rows = await this.refs.findBy({ kind, system, externalId: In([...externalIds]) });
    return new Map(rows.map((row) => [row.externalId, row.entityId]));
  }

  /** Links many ids in one statement; how many were new (fewer: some were taken meanwhile). */
  async linkMany(
    kind: RefKind,
    system: string,
    links: ReadonlyArray<{ externalId: string; entityId: string }>,
    tx: EntityManager,
  ): Promise<number> {
    if (links.length === 0) return 0;
    const result = await tx
      .withRepository(this.refs)
      .createQueryBuilder()
      .insert()
      .values(links.map(({ externalId, entityId }) => ({ kind, system, externalId, entityId })))
      .orIgnore()
      .returning(['externalId'])
      .execute();
    return result.raw.length;
  }

  /** Links the id; false when the id or the entity is already linked otherwise in this system. */
  async link(
    kind: RefKind,
    system: string,
    externalId: string,
    entityId: string,
    tx?: EntityManager,
  ): Promise<boolean> {
    const result = await inTransaction(this.refs, tx)
      .createQueryBuilder()
      .insert()
      .values({ kind, system, externalId, entityId })
      .orIgnore()
      .returning(['entityId'])
      .execute();
    return result.raw.length === 1;
  }

  /** The ids every system has for these entities (the change feed shows them), one query. */
  async externalIdsOf(
    kind: string,
    entityIds: readonly string[],
    tx?: EntityManager,
  ): Promise<Map<string, Array<{ system: string; externalId: string }>>> {
    const byEntity = new Map<string, Array<{ system: string; externalId: string }>>();
    const refKind = REF_KINDS.find((k) => k === kind);
    if (!refKind || entityIds.length === 0) return byEntity;
    const rows = await inTransaction(this.refs, tx).find({
      where: { kind: refKind, entityId: In([...entityIds]) },
      order: { system: 'ASC' },
    });
    for (const row of rows) {
      byEntity.set(row.entityId, [
        ...(byEntity.get(row.entityId) ?? []),
        { system: row.system, externalId: row.externalId },
      ]);
    }
    return byEntity;
  }

  /**
   * Drops links whose entities no longer exist, in one statement: each only while it still names
   * that entity, so a link a concurrent request has made since stays.
   */
  async unlinkMany(
    kind: RefKind,
    system: string,
    links: ReadonlyArray<{ externalId: string; entityId: string }>,
    tx: EntityManager,
  ): Promise<void> {
    if (links.length === 0) return;
    await tx
      .withRepository(this.refs)
      .createQueryBuilder()
      .delete()
      .where('kind = :kind AND system = :system', { kind, system })
      .andWhere(
        '(external_id, entity_id) IN (SELECT * FROM unnest(:externalIds::varchar[], :entityIds::uuid[]))',
        {
          externalIds: links.map((link) => link.externalId),
          entityIds: links.map((link) => link.entityId),
        },
      )
      .execute();
  }

  /** Drops a link whose entity no longer exists (deleted since). */
  async unlink(kind: RefKind, system: string, externalId: string): Promise<void> {
    await this.refs.delete({ kind, system, externalId });
  }
}

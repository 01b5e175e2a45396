import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { ExternalRef, type RefKind } from './external-ref.entity.js';

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

  /** Drops a link whose entity no longer exists (deleted since). */
  async unlink(kind: RefKind, system: string, externalId: string): Promise<void> {
    await this.refs.delete({ kind, system, externalId });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { IdempotencyKey } from './idempotency-key.entity.js';
import type { StoredKey } from './idempotency-rules.js';

/** The answer a completed key replays. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The `idempotency_keys` table: claims, answers, take-overs and the sweep. */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>) {}

  /** Claims the key for this request; false when another request holds or held it. */
  async claim(caller: string, key: string, fingerprint: string, ttlSeconds: number): Promise<boolean> {
    const result = await this.keys
      .createQueryBuilder()
      .insert()
      .values({
        caller,
        key,
        fingerprint,
        status: 'in_progress',
        expiresAt: () => `now() + make_interval(secs => ${ttlSeconds})`,
      })
      .orIgnore()
      .returning(['caller'])
      .execute();
    return result.raw.length === 1;
  }

  async find(
    caller: string,
    key: string,
  ): Promise<
    (StoredKey & { answer: StoredAnswer | null; done: Array<{ kind: string; id: string }> }) | null
  > {
    const row = await this.keys.findOneBy({ caller, key });
    if (!row) return null;
    return {
      fingerprint: row.fingerprint,
      status: row.status,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      done: row.committedEntities ?? [],
      answer:
        row.status === 'completed' && row.responseStatus !== null
          ? { status: row.responseStatus, headers: row.responseHeaders ?? {}, body: row.responseBody ?? '' }
          : null,
    };
  }

  /**
   * Claims an expired key or an abandoned claim (older than `leaseMs`) for this request. The
   * condition is checked again in the UPDATE, so of two requests taking over at once, one wins.
   */
  async takeOver(
    caller: string,
    key: string,
    fingerprint: string,
    ttlSeconds: number,
    leaseMs: number,
  ): Promise<boolean> {
    const result = await this.keys
      .createQueryBuilder()
      .update()
      .set({
        fingerprint,
        status: 'in_progress',
        responseStatus: null,
        responseHeaders: null,
        responseBody: null,
        createdAt: () => 'now()',
        expiresAt: () => `now() + make_interval(secs => ${ttlSeconds})`,
      })
      .where('caller = :caller AND key = :key', { caller, key })
      .andWhere(
        `(expires_at <= now() OR (status = 'in_progress' AND created_at < now() - make_interval(secs => :lease)))`,
        { lease: leaseMs / 1000 },
      )
      .execute();
    return result.affected === 1;
  }

  /** In the write's own transaction: its work is done, whatever becomes of the answer. */
  async markCommitted(
    caller: string,
    key: string,
    entities: ReadonlyArray<{ kind: string; id: string }>,
    tx: EntityManager,
  ): Promise<void> {
    await tx
      .withRepository(this.keys)
      .update(
        { caller, key, status: 'in_progress' },
        { status: 'committed', committedEntities: [...entities] },
      );
  }

  async complete(caller: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.keys.update(
      { caller, key, status: In(['in_progress', 'committed']) },
      {
        status: 'completed',
        responseStatus: answer.status,
        responseHeaders: answer.headers,
        responseBody: answer.body,
      },
    );
  }

  /** Frees the key after a request that failed: a corrected retry may use it again. */
  async release(caller: string, key: string): Promise<void> {
    await this.keys.delete({ caller, key, status: 'in_progress' });
  }

  /** Deletes the expired keys; returns how many. */
  async sweep(): Promise<number> {
    const result = await this.keys.createQueryBuilder().delete().where('expires_at <= now()').execute();
    return result.affected ?? 0;
  }
}

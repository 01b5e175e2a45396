import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { oneOf } from '../common/validation/patterns.js';

export const KEY_STATUSES = ['in_progress', 'committed', 'completed'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** A caller's Idempotency-Key: claimed by the first request that sends it, then its stored answer. */
@Entity({ name: 'idempotency_keys' })
@Check('idempotency_keys_status_check', oneOf('status', KEY_STATUSES))
@Index('idempotency_keys_expires_idx', ['expiresAt'])
export class IdempotencyKey {
  /** `user:<id>` or `client:<id>`. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  caller: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  @Column({ type: 'varchar', length: 20 })
  status: KeyStatus;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_headers', type: 'jsonb', nullable: true })
  responseHeaders: Record<string, string> | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  /** What the request's write recorded, kept when its transaction commits (before the answer is stored). */
  @Column({ name: 'committed_entities', type: 'jsonb', nullable: true })
  committedEntities: Array<{ kind: string; id: string }> | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}

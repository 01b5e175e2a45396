import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * Where an API client wants changes pushed. Changes reach it through the change feed, read as
 * the client would read it (its scopes and territory); `after_*` is how far that has gone.
 */
@Entity({ name: 'webhook_subscriptions' })
@Check('webhook_subscriptions_paused_check', '(paused_at IS NULL) = (paused_reason IS NULL)')
@Index('webhook_subscriptions_client_idx', ['clientId', 'id'])
// Partial index: TypeORM cannot describe it; migration only.
@Index('webhook_subscriptions_receiving_idx', { synchronize: false })
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'client_id', type: 'uuid' })
  @ForeignKey('api_clients', { name: 'webhook_subscriptions_client_id_fkey', onDelete: 'CASCADE' })
  clientId: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** Kinds of change (the feed's `types`); empty: every kind the client may read. */
  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  types: string[];

  /** `whsec_…`, the Standard Webhooks signing key; kept because every delivery is signed with it. */
  @Column({ type: 'varchar', length: 100 })
  secret: string;

  /** The client's switch. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Set by the service when deliveries kept failing; a PATCH with `active: true` resumes. */
  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ name: 'paused_reason', type: 'varchar', length: 500, nullable: true })
  pausedReason: string | null;

  /** When the first of the failures since the last success happened. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  /** The last change handed to this subscription, as a feed cursor (position, seq). */
  @Column({ name: 'after_position', type: 'bigint' })
  afterPosition: string;

  @Column({ name: 'after_seq', type: 'bigint' })
  afterSeq: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

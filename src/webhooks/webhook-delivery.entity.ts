import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from '../common/validation/patterns.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One change (or a test ping) for one subscription: the message, sent with the same
 * `webhook-id` (this id) and body on every attempt, so receivers can drop repeats.
 */
@Entity({ name: 'webhook_deliveries' })
@Check('webhook_deliveries_status_check', oneOf('status', DELIVERY_STATUSES))
@Unique('webhook_deliveries_change_key', ['subscriptionId', 'changeSeq'])
@Index('webhook_deliveries_subscription_idx', ['subscriptionId', 'createdAt', 'id'])
@Index('webhook_deliveries_created_idx', ['createdAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  @ForeignKey('webhook_subscriptions', {
    name: 'webhook_deliveries_subscription_id_fkey',
    onDelete: 'CASCADE',
  })
  subscriptionId: string;

  /** The change delivered; null for a test ping. */
  @Column({ name: 'change_seq', type: 'bigint', nullable: true })
  changeSeq: string | null;

  /** `need.created`, `transfer_case.transitioned`, … or `webhook.test`. */
  @Column({ name: 'event_type', type: 'varchar', length: 100 })
  eventType: string;

  /** The body, as sent (and signed) on every attempt: JSON, fixed when the delivery is made. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

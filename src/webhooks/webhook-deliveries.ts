import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import type { WebhooksConfig } from '../config/app-config.js';
import { sendSigned, type AttemptResult } from './webhook-sender.js';
import { WEBHOOKS_CONFIG } from './webhook-queue.js';
import { WebhookAttempt } from './webhook-attempt.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookSubscription } from './webhook-subscription.entity.js';

/** A message to make for a subscription: the change's sequence number (null for a ping), its type and body. */
export interface NewDelivery {
  changeSeq: string | null;
  eventType: string;
  payload: string;
}

/**
 * Deliveries and their attempts: one attempt at a time is sent and recorded, and what the
 * outcome means for the subscription (failing since when; paused after too long) is decided here.
 */
@Injectable()
export class WebhookDeliveries {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
  ) {}

  /** Makes the deliveries (a change already made for the subscription is skipped); their ids. */
  async create(
    subscriptionId: string,
    messages: readonly NewDelivery[],
    tx: EntityManager,
  ): Promise<string[]> {
    if (messages.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO webhook_deliveries (subscription_id, change_seq, event_type, payload)
       SELECT $1, m.change_seq, m.event_type, m.payload
       FROM jsonb_to_recordset($2::jsonb) AS m(change_seq bigint, event_type text, payload text)
       ON CONFLICT ON CONSTRAINT webhook_deliveries_change_key DO NOTHING
       RETURNING id`,
      [
        subscriptionId,
        JSON.stringify(
          messages.map((m) => ({ change_seq: m.changeSeq, event_type: m.eventType, payload: m.payload })),
        ),
      ],
    );
    return rows.map((row) => row.id);
  }

  /** The deliveries of a subscription still waiting to be sent (re-queued when it resumes). */
  async pendingOf(subscriptionId: string, tx: EntityManager): Promise<string[]> {
    const rows = await tx.getRepository(WebhookDelivery).find({
      where: { subscriptionId, status: 'pending' },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /**
   * One attempt of a queued delivery. Returns whether pg-boss should try again later: not when it
   * arrived, was already done, its subscription is off or paused (it stays pending and is queued
   * again on resume), or this was the last try.
   */
  async attempt(deliveryId: string, lastTry: boolean): Promise<'done' | 'retry'> {
    const target = await this.targetOf(deliveryId);
    if (!target || target.delivery.status !== 'pending') return 'done';
    if (!target.subscription.active || target.subscription.pausedAt) return 'done';
    const result = await this.send(target.subscription, target.delivery);
    const { paused } = await this.record(target.delivery, result, { final: lastTry, counts: true });
    return result.delivered || paused || lastTry ? 'done' : 'retry';
  }

  /** A test ping, sent at once and recorded like any delivery; a failure does not count towards pausing. */
  async ping(
    subscription: WebhookSubscription,
    message: NewDelivery,
  ): Promise<{ delivery: WebhookDelivery; result: AttemptResult }> {
    const [id] = await this.dataSource.transaction((tx) => this.create(subscription.id, [message], tx));
    const delivery = await this.deliveries.findOneByOrFail({ id });
    const result = await this.send(subscription, delivery);
    await this.record(delivery, result, { final: true, counts: false });
    return { delivery: await this.deliveries.findOneByOrFail({ id }), result };
  }

  private send(subscription: WebhookSubscription, delivery: WebhookDelivery): Promise<AttemptResult> {
    return sendSigned(
      subscription.url,
      { id: delivery.id, body: delivery.payload, secret: subscription.secret },
      { timeoutMs: this.config.timeoutMs, allowPrivateTargets: this.config.allowPrivateTargets },
    );
  }

  private async targetOf(
    deliveryId: string,
  ): Promise<{ delivery: WebhookDelivery; subscription: WebhookSubscription } | null> {
    const delivery = await this.deliveries.findOneBy({ id: deliveryId });
    if (!delivery) return null;
    const subscription = await this.dataSource
      .getRepository(WebhookSubscription)
      .findOneBy({ id: delivery.subscriptionId });
    return subscription && { delivery, subscription };
  }

  /**
   * Records the attempt and its consequences in one transaction. A success clears the
   * subscription's failing streak; a failure (of a real delivery) starts one or, when it has
   * lasted `pauseAfterSeconds`, pauses the subscription with the reason.
   */
  private async record(
    delivery: WebhookDelivery,
    result: AttemptResult,
    { final, counts }: { final: boolean; counts: boolean },
  ): Promise<{ paused: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      // The subscription first, then its delivery: the order in which deleting a subscription
      // (cascading to its deliveries) takes them, so the two never deadlock. Gone: nothing to record.
      const [subscription]: { id: string }[] = await tx.query(
        'SELECT id FROM webhook_subscriptions WHERE id = $1 FOR UPDATE',
        [delivery.subscriptionId],
      );
      if (!subscription) return { paused: false };
      await tx.getRepository(WebhookAttempt).insert({
        deliveryId: delivery.id,
        attemptedAt: new Date(Date.now() - result.durationMs),
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error?.slice(0, 1000) ?? null,
      });
      const status = result.delivered ? 'delivered' : final ? 'failed' : 'pending';
      await tx.query(
        `UPDATE webhook_deliveries
         SET attempts = attempts + 1, last_status_code = $2, last_error = $3, status = $4::varchar,
             finished_at = CASE WHEN $4::varchar = 'pending' THEN NULL ELSE now() END
         WHERE id = $1`,
        [delivery.id, result.statusCode, result.error?.slice(0, 1000) ?? null, status],
      );
      if (result.delivered) {
        await tx.query('UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1', [
          delivery.subscriptionId,
        ]);
        return { paused: false };
      }
      if (!counts) return { paused: false };
      const [rows]: [{ paused: boolean }[], number] = await tx.query(
        `UPDATE webhook_subscriptions
         SET failing_since = coalesce(failing_since, now()),
             paused_at = CASE WHEN coalesce(failing_since, now()) <= now() - make_interval(secs => $2)
                              THEN now() END,
             paused_reason = CASE WHEN coalesce(failing_since, now()) <= now() - make_interval(secs => $2)
                                  THEN $3 || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                                       || '; last error: ' || $4 END,
             updated_at = now()
         WHERE id = $1 AND paused_at IS NULL
         RETURNING paused_at IS NOT NULL AS paused`,
        [
          delivery.subscriptionId,
          this.config.pauseAfterSeconds,
          'paused: every delivery has failed since ',
          (result.error ?? 'failed').slice(0, 300),
        ],
      );
      return { paused: rows[0]?.paused ?? false };
    });
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IdentitySources, type ClientCaller } from '../auth/index.js';
import {
  ChangeFeed,
  ChangeResponse,
  END_OF_COMMIT,
  type ChangeKind,
  type FeedEntry,
} from '../platform/index.js';
import type { WebhookMessage } from './dto/webhook-message.js';
import { WebhookDeliveries, type NewDelivery } from './webhook-deliveries.js';
import { WebhookQueue } from './webhook-queue.js';
import { WebhookSubscription } from './webhook-subscription.entity.js';

/** Changes handed to one subscription per step; a longer backlog takes several steps of one round. */
const STEP = 200;

/**
 * Turns the change feed into deliveries. Each subscription reads the feed as its API client would
 * (scopes, territory, the kinds it chose) from its own cursor; the deliveries, their pg-boss jobs
 * and the advanced cursor commit in one transaction, under the subscription's row lock. So every
 * change reaches a subscription once, whichever instance runs the round, and none is skipped.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeed,
    private readonly identities: IdentitySources,
    private readonly deliveries: WebhookDeliveries,
    private readonly queue: WebhookQueue,
  ) {}

  private stopping = false;

  /** Ends the current round after its step in progress (the instance is shutting down). */
  stop(): void {
    this.stopping = true;
  }

  /** One round over every receiving subscription; how many deliveries it made. */
  async round(): Promise<number> {
    if (this.stopping) return 0;
    const subscriptions: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM webhook_subscriptions WHERE active AND paused_at IS NULL ORDER BY id',
    );
    let made = 0;
    for (const { id } of subscriptions) {
      if (this.stopping) break;
      try {
        for (;;) {
          const step = await this.step(id);
          made += step.made;
          if (!step.more || this.stopping) break;
        }
      } catch (error) {
        this.logger.warn({ err: error, subscriptionId: id }, 'dispatching webhooks failed');
      }
    }
    if (made > 0) this.queue.wake();
    return made;
  }

  /**
   * The feed's next changes for one subscription, up to the last committed transaction as the step
   * began. Another instance holding the subscription skips it (SKIP LOCKED) rather than waiting.
   */
  private step(id: string): Promise<{ made: number; more: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      const subscription = await tx
        .getRepository(WebhookSubscription)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('s.id = :id AND s.active AND s.paused_at IS NULL', { id })
        .getOne();
      if (!subscription) return { made: 0, more: false };
      const client = await this.identities.clients.activeCaller(subscription.clientId);
      if (!client) {
        await this.pause(tx, subscription, 'the API client was revoked');
        return { made: 0, more: false };
      }
      const kinds = this.kindsOf(subscription, client);
      if (typeof kinds === 'string') {
        await this.pause(tx, subscription, kinds);
        return { made: 0, more: false };
      }
      const head = await this.feed.head();
      const entries = await this.feed.entriesAfter(
        client,
        kinds,
        [subscription.afterPosition, subscription.afterSeq],
        STEP,
        head,
      );
      const ids = await this.deliveries.create(subscription.id, entries.map(messageOf), tx);
      await this.queue.enqueue(ids, tx);
      const last = entries.at(-1);
      // A short step has read everything up to `head` that this client may see.
      const [position, seq] =
        entries.length === STEP && last ? [last.position, last.change.seq] : [head, END_OF_COMMIT];
      await tx.update(WebhookSubscription, subscription.id, { afterPosition: position, afterSeq: seq });
      return { made: ids.length, more: entries.length === STEP };
    });
  }

  /** The kinds this subscription receives, or why it cannot receive them any more. */
  private kindsOf(subscription: WebhookSubscription, client: ClientCaller): ChangeKind[] | string {
    const readable = this.feed.kindsFor(client, undefined);
    if (subscription.types.length === 0) return readable;
    const lost = subscription.types.filter((type) => !readable.includes(type as ChangeKind));
    return lost.length > 0
      ? `the API client may no longer read ${lost.join(', ')}`
      : (subscription.types as ChangeKind[]);
  }

  private async pause(tx: EntityManager, subscription: WebhookSubscription, reason: string): Promise<void> {
    await tx.update(WebhookSubscription, subscription.id, { pausedAt: new Date(), pausedReason: reason });
  }
}

/** The Standard Webhooks payload: type, timestamp and the change as the feed shows it. */
export function messageOf(entry: FeedEntry): NewDelivery {
  const data = ChangeResponse.from(entry);
  const type = `${data.entityType}.${data.action}`;
  const message: WebhookMessage = { type, timestamp: data.at, data };
  return { changeSeq: entry.change.seq, eventType: type, payload: JSON.stringify(message) };
}

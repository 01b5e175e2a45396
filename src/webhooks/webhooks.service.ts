import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, In, Repository } from 'typeorm';
import { IdentitySources, type Caller, type ClientCaller } from '../auth/index.js';
import type { WebhooksConfig } from '../config/app-config.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import { ChangeFeed, END_OF_COMMIT, type ChangeKind } from '../platform/index.js';
import type {
  CreateWebhookSubscriptionDto,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryListQuery,
  WebhookSubscriptionListQuery,
} from './dto/webhook-subscription.dto.js';
import type { WebhookMessage } from './dto/webhook-message.js';
import { WebhookAttempt } from './webhook-attempt.entity.js';
import { WebhookDeliveries } from './webhook-deliveries.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookQueue, WEBHOOKS_CONFIG } from './webhook-queue.js';
import { WebhookSubscription } from './webhook-subscription.entity.js';
import { targetProblem } from './webhook-target.js';
import type { AttemptResult } from './webhook-sender.js';

export interface DeliveryView {
  delivery: WebhookDelivery;
  attempts: WebhookAttempt[];
}

/**
 * Webhook subscriptions of API clients. A client manages its own (scope `webhooks:manage`);
 * admins manage any. Someone else's subscription is a 404, as if it did not exist.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(WebhookSubscription) private readonly subscriptions: Repository<WebhookSubscription>,
    @InjectRepository(WebhookDelivery) private readonly deliveryRows: Repository<WebhookDelivery>,
    @InjectRepository(WebhookAttempt) private readonly attempts: Repository<WebhookAttempt>,
    private readonly identities: IdentitySources,
    private readonly feed: ChangeFeed,
    private readonly deliveries: WebhookDeliveries,
    private readonly queue: WebhookQueue,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
  ) {}

  /** Starts with the changes committed after it; the secret is in the answer, once. */
  async create(caller: Caller, dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscription> {
    const client = await this.clientFor(caller, dto.clientId);
    this.assertTarget(dto.url);
    const types = this.assertReadable(client, dto.types ?? []);
    const head = await this.feed.head();
    const { identifiers } = await this.subscriptions.insert({
      clientId: client.id,
      url: dto.url,
      types,
      secret: newSecret(),
      afterPosition: head,
      afterSeq: END_OF_COMMIT,
    });
    return this.subscriptions.findOneByOrFail({ id: identifiers[0].id as string });
  }

  list(caller: Caller, query: WebhookSubscriptionListQuery): Promise<Page<WebhookSubscription>> {
    const clientId = caller.kind === 'client' ? caller.id : query.clientId;
    const qb = this.subscriptions.createQueryBuilder('s');
    if (clientId) qb.where('s.client_id = :clientId', { clientId });
    return keysetPage(
      qb,
      { columns: ['s.id'], shape: [UUID_PATTERN], keyOf: (s) => [s.id] },
      query,
      cursorScope('webhook-subscriptions', { clientId: clientId ?? '' }),
    );
  }

  async get(caller: Caller, id: string): Promise<WebhookSubscription> {
    const subscription = await this.subscriptions.findOneBy({ id });
    if (!subscription || (caller.kind === 'client' && subscription.clientId !== caller.id)) {
      throw Problems.notFound('webhook subscription', id);
    }
    return subscription;
  }

  /**
   * `active: true` also resumes a paused subscription: its failing streak is forgotten and the
   * deliveries that waited are queued again, in the same transaction.
   */
  async update(caller: Caller, id: string, dto: UpdateWebhookSubscriptionDto): Promise<WebhookSubscription> {
    const current = await this.get(caller, id);
    if (dto.url !== undefined) this.assertTarget(dto.url);
    const client = await this.identities.clients.activeCaller(current.clientId);
    if (!client) throw Problems.conflict('client-revoked', 'the API client of this subscription was revoked');
    const types = dto.types === undefined ? undefined : this.assertReadable(client, dto.types);
    const resumes = dto.active === true;
    await this.dataSource.transaction(async (tx) => {
      await tx
        .getRepository(WebhookSubscription)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.id = :id', { id })
        .getOne();
      await tx.update(WebhookSubscription, id, {
        ...(dto.url !== undefined && { url: dto.url }),
        ...(types !== undefined && { types }),
        ...(dto.active !== undefined && { active: dto.active }),
        ...(resumes && { pausedAt: null, pausedReason: null, failingSince: null }),
      });
      if (resumes) await this.queue.enqueue(await this.deliveries.pendingOf(id, tx), tx);
    });
    if (resumes) this.queue.wake();
    return this.subscriptions.findOneByOrFail({ id });
  }

  /** A new signing secret, shown once; the old one signs nothing from now on. */
  async rotateSecret(caller: Caller, id: string): Promise<WebhookSubscription> {
    await this.get(caller, id);
    await this.subscriptions.update(id, { secret: newSecret() });
    return this.subscriptions.findOneByOrFail({ id });
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.get(caller, id);
    // Its deliveries and attempts go with it; queued jobs then find nothing to send.
    await this.subscriptions.delete({ id });
  }

  /** Newest first, each with all its attempts: two queries whatever the page size. */
  async deliveriesOf(
    caller: Caller,
    id: string,
    query: WebhookDeliveryListQuery,
  ): Promise<Page<DeliveryView>> {
    await this.get(caller, id);
    const qb = this.deliveryRows.createQueryBuilder('d').where('d.subscription_id = :id', { id });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    const page = await keysetPage(
      qb,
      {
        columns: ['d.created_at', 'd.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: (d) => [d.createdAt.toISOString(), d.id],
        direction: 'DESC',
      },
      query,
      cursorScope('webhook-deliveries', { id, status: query.status ?? '' }),
    );
    const attempts =
      page.items.length === 0
        ? []
        : await this.attempts.find({
            where: { deliveryId: In(page.items.map((d) => d.id)) },
            order: { id: 'ASC' },
          });
    const attemptsOf = new Map<string, WebhookAttempt[]>();
    for (const attempt of attempts) {
      attemptsOf.set(attempt.deliveryId, [...(attemptsOf.get(attempt.deliveryId) ?? []), attempt]);
    }
    return {
      items: page.items.map((delivery) => ({ delivery, attempts: attemptsOf.get(delivery.id) ?? [] })),
      nextCursor: page.nextCursor,
    };
  }

  /** Sends a `webhook.test` message now and answers with the attempt. */
  async ping(caller: Caller, id: string): Promise<{ view: DeliveryView; result: AttemptResult }> {
    const subscription = await this.get(caller, id);
    const message: WebhookMessage = {
      type: 'webhook.test',
      timestamp: new Date().toISOString(),
      data: { subscriptionId: subscription.id, message: 'Test delivery from the Transferstelle' },
    };
    const { delivery, result } = await this.deliveries.ping(subscription, {
      changeSeq: null,
      eventType: 'webhook.test',
      payload: JSON.stringify(message),
    });
    const attempts = await this.attempts.find({ where: { deliveryId: delivery.id }, order: { id: 'ASC' } });
    return { view: { delivery, attempts }, result };
  }

  /** The client the subscription is for: the caller itself, or for an admin the one named. */
  private async clientFor(caller: Caller, clientId: string | undefined): Promise<ClientCaller> {
    if (caller.kind === 'client') {
      if (clientId !== undefined && clientId !== caller.id) {
        throw Problems.forbidden('an API client manages only its own webhook subscriptions');
      }
      return caller;
    }
    if (clientId === undefined) {
      throw Problems.unprocessable('client-required', 'name the API client the subscription is for', [
        { field: 'clientId', message: 'clientId is required when a person creates a subscription' },
      ]);
    }
    const client = await this.identities.clients.activeCaller(clientId);
    if (!client) {
      throw Problems.unprocessable('unknown-client', `API client ${clientId} does not exist or was revoked`, [
        { field: 'clientId', message: 'clientId must name an active API client' },
      ]);
    }
    return client;
  }

  private assertTarget(url: string): void {
    const problem = targetProblem(url, this.config.allowPrivateTargets);
    if (problem)
      throw Problems.unprocessable('webhook-target-refused', problem, [{ field: 'url', message: problem }]);
  }

  private assertReadable(client: ClientCaller, types: readonly ChangeKind[]): ChangeKind[] {
    const readable = this.feed.kindsFor(client, undefined);
    const refused = types.filter((type) => !readable.includes(type));
    if (refused.length > 0) {
      throw Problems.unprocessable(
        'types-not-readable',
        `the API client may not read ${refused.join(', ')}`,
        [{ field: 'types', message: `the client's scopes do not cover ${refused.join(', ')}` }],
      );
    }
    return [...types];
  }
}

/** Standard Webhooks: `whsec_` and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

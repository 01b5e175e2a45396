import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WebhooksConfig } from '../config/app-config.js';
import { PlatformModule } from '../platform/index.js';
import { WebhookAttempt } from './webhook-attempt.entity.js';
import { WebhookDeliveries } from './webhook-deliveries.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WEBHOOKS_CONFIG, WebhookQueue } from './webhook-queue.js';
import { WebhookSubscription } from './webhook-subscription.entity.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Webhooks: subscriptions of API clients to the change feed, delivered through a pg-boss queue.
 * Owns `webhook_subscriptions`, `webhook_deliveries`, `webhook_attempts` (and pg-boss its schema).
 * Every instance serves the API and can enqueue; with `WEBHOOK_DELIVERY` on (the default) it also
 * hands changes to subscriptions and sends, sharing the work with the other instances.
 */
@Module({})
export class WebhooksModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private dispatching: NodeJS.Timeout | undefined;
  private sweeping: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(WebhookQueue) private readonly queue: WebhookQueue,
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(WebhookDeliveries) private readonly deliveries: WebhookDeliveries,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  static forRoot(config: WebhooksConfig): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        TypeOrmModule.forFeature([WebhookSubscription, WebhookDelivery, WebhookAttempt]),
        PlatformModule,
      ],
      controllers: [WebhooksController],
      providers: [
        { provide: WEBHOOKS_CONFIG, useValue: config },
        WebhookQueue,
        WebhookDeliveries,
        WebhookDispatcher,
        WebhooksService,
      ],
    };
  }

  // After the migrations (they run before the application starts), so the tables exist.
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.start();
    if (!this.config.deliver) return;
    await this.queue.work(({ deliveryId, lastTry }) => this.deliveries.attempt(deliveryId, lastTry));
    this.dispatching = setInterval(() => {
      // One round at a time per instance; a slow round makes the next one wait, not overlap.
      this.round = this.round
        .then(() => this.dispatcher.round())
        .catch((error: unknown) => this.logger.warn({ err: error }, 'dispatching webhooks failed'));
    }, this.config.dispatchIntervalMs);
    this.dispatching.unref();
    this.sweeping = setInterval(() => {
      this.sweep().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'sweeping webhook deliveries failed'),
      );
    }, SWEEP_EVERY_MS);
    this.sweeping.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.dispatcher.stop();
    clearInterval(this.dispatching);
    clearInterval(this.sweeping);
    await this.round;
    await this.queue.stop();
  }

  /** Finished deliveries (and their attempts) older than the retention; waiting ones are kept. */
  private async sweep(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM webhook_deliveries
       WHERE status <> 'pending' AND created_at < now() - make_interval(days => $1)`,
      [this.config.retentionDays],
    );
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import type { WebhooksConfig } from '../config/app-config.js';

export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');

const QUEUE = 'webhook-delivery';

export interface DeliveryJob {
  deliveryId: string;
}

/** What the handler learns of the job: the delivery, and whether pg-boss will retry it after this. */
export interface DeliveryTry extends DeliveryJob {
  lastTry: boolean;
}

/**
 * The pg-boss queue that sends deliveries: jobs live in Postgres (schema `pgboss`), so they survive
 * restarts and every instance takes its share (a job is fetched by one worker: SKIP LOCKED).
 * Retries with exponential backoff and jitter are pg-boss's (`retryBackoff`); pg-boss runs its
 * SQL through the application's own pool and, when a job is made, inside the caller's
 * transaction, so a delivery and its job commit together.
 */
@Injectable()
export class WebhookQueue {
  private readonly logger = new Logger('Webhooks');
  private readonly boss: PgBoss;
  private readonly workers: string[] = [];
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => this.execute(text, values) },
      schema: 'pgboss',
      migrate: true,
      supervise: true,
      schedule: false,
    });
    this.boss.on('error', (error: unknown) => this.logger.warn({ err: error }, 'webhook queue error'));
  }

  /** Creates or upgrades pg-boss's schema and the queue; every instance, so any can enqueue. */
  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    await this.boss.createQueue(QUEUE, {
      name: QUEUE,
      retryLimit: this.config.retryLimit,
      retryDelay: this.config.retryDelaySeconds,
      retryBackoff: true,
      // A job whose instance died mid-attempt is taken up again once this has passed.
      expireInSeconds: Math.ceil(this.config.timeoutMs / 1000) + 60,
    });
  }

  /** Sends from this instance: `concurrency` workers, each one delivery at a time. */
  async work(handle: (job: DeliveryTry) => Promise<'done' | 'retry'>): Promise<void> {
    const pollingIntervalSeconds = Math.max(0.5, this.config.dispatchIntervalMs / 1000);
    for (let i = 0; i < this.config.concurrency; i++) {
      this.workers.push(
        await this.boss.work<DeliveryJob>(
          QUEUE,
          { includeMetadata: true, batchSize: 1, pollingIntervalSeconds },
          async ([job]) => {
            const outcome = await handle({
              deliveryId: job.data.deliveryId,
              lastTry: job.retryCount >= job.retryLimit,
            });
            // Failing the job is how pg-boss is told to retry it (after its backoff).
            if (outcome === 'retry') throw new Error('delivery failed; retrying');
          },
        ),
      );
    }
  }

  /** Jobs for these deliveries, in the caller's transaction. */
  async enqueue(deliveryIds: readonly string[], tx: EntityManager): Promise<void> {
    if (deliveryIds.length === 0) return;
    const runner = tx.queryRunner;
    if (!runner) throw new Error('enqueue needs a transaction');
    await this.boss.insert(
      deliveryIds.map((deliveryId) => ({ name: QUEUE, data: { deliveryId } })),
      {
        db: {
          executeSql: async (text: string, values: unknown[]) => ({
            rows: (await runner.query(text, values, true)).records ?? [],
          }),
        },
      },
    );
  }

  /** Wakes this instance's workers for jobs just committed, instead of waiting for their next poll. */
  wake(): void {
    for (const worker of this.workers) this.boss.notifyWorker(worker);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // Waits for attempts under way; pg-boss fails what is still running after the timeout, so
    // another instance retries it.
    await this.boss.stop({ graceful: true, wait: true, timeout: this.config.timeoutMs + 1000, close: false });
  }

  private async execute(text: string, values: unknown[] = []): Promise<{ rows: unknown[] }> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return { rows: (await runner.query(text, values, true)).records ?? [] };
    } finally {
      await runner.release();
    }
  }
}

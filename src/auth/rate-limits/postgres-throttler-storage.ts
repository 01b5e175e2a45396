import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

const SWEEP_EVERY_MS = 60_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler's storage in Postgres, so that every instance counts against the same limits
 * (a caller spread over four instances behind a load balancer gets the limit once, not four
 * times). Fixed windows: one upsert per request and throttler counts the hit and reads the
 * window's state, atomically; the clock is the database's, the same for every instance. Once
 * over the limit, a caller waits for the window's end (`blockDuration` is not used).
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly db: DataSource) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    this.sweeper ??= setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();
    const [row]: { hits: number; seconds_left: number }[] = await this.db.query(
      `INSERT INTO rate_limit_windows AS w (key, hits, window_ends)
       VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0))
       ON CONFLICT (key) DO UPDATE SET
         hits        = CASE WHEN w.window_ends <= now() THEN 1 ELSE w.hits + 1 END,
         window_ends = CASE WHEN w.window_ends <= now() THEN excluded.window_ends ELSE w.window_ends END
       RETURNING hits, greatest(1, ceil(extract(epoch FROM window_ends - now())))::int AS seconds_left`,
      [key, ttl],
    );
    const blocked = row.hits > limit;
    return {
      totalHits: row.hits,
      timeToExpire: row.seconds_left,
      isBlocked: blocked,
      timeToBlockExpire: blocked ? row.seconds_left : 0,
    };
  }

  /** Ended windows of callers who have not come back. */
  async sweep(): Promise<void> {
    await this.db
      .query(`DELETE FROM rate_limit_windows WHERE window_ends < now() - interval '1 minute'`)
      .catch(() => undefined);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}

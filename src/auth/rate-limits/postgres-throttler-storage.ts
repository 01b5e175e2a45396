import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { grantOf, leaseWanted } from './lease.js';

const SWEEP_EVERY_MS = 60_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** What this instance may still let through of a caller's window without asking the database. */
interface Lease {
  left: number;
  /** The window's count as this instance knows it: the database's at the grant, plus what it let through since. */
  hits: number;
  /** The window's end on this process's monotonic clock. */
  endsAt: number;
}

/**
 * @nestjs/throttler's storage in Postgres, so that every instance counts against the same limits
 * (a caller spread over four instances behind a load balancer gets the limit once, not four
 * times). Fixed windows, the clock the database's, the same for every instance.
 *
 * Asking the database on every request was one round trip in three of a typical read. Instead an
 * instance takes a lease of a few hits at once (a twentieth of what is left of the limit as it
 * knows it, at least one) and lets that many requests through from memory. The database counts
 * every lease in full and never grants past the limit, so all instances together never let more
 * than the limit through; what a lease leaves unused when the caller stops is lost for the window,
 * and leases shrink to one hit as the window fills, so that loss stays small. Limits under 40 are
 * counted hit by hit, exactly as before. Once over the limit, a caller waits for the window's end
 * (`blockDuration` is not used).
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private sweeper: NodeJS.Timeout | undefined;
  private readonly leases = new Map<string, Lease>();
  /** One question to the database per key at a time; requests arriving meanwhile wait for its lease. */
  private readonly asking = new Map<string, Promise<unknown>>();

  constructor(private readonly db: DataSource) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    this.sweeper ??= setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();
    for (;;) {
      const now = performance.now();
      const lease = this.leases.get(key);
      if (lease && lease.left > 0 && now < lease.endsAt) {
        lease.left -= 1;
        lease.hits += 1;
        return recordOf(lease.hits, lease.endsAt - now, limit);
      }
      const pending = this.asking.get(key);
      if (pending) {
        await pending;
        continue;
      }
      const known = lease && now < lease.endsAt ? lease.hits : 0;
      const asked = this.ask(key, ttl, limit, known);
      this.asking.set(
        key,
        asked.catch(() => undefined),
      );
      try {
        return await asked;
      } finally {
        this.asking.delete(key);
      }
    }
  }

  private async ask(key: string, ttl: number, limit: number, known: number): Promise<ThrottlerStorageRecord> {
    const wanted = leaseWanted(limit, known);
    const [row]: { hits: number; ms_left: number }[] = await this.db.query(
      `INSERT INTO rate_limit_windows AS w (key, hits, window_ends)
       VALUES ($1, $3, now() + make_interval(secs => $2 / 1000.0))
       ON CONFLICT (key) DO UPDATE SET
         hits        = CASE WHEN w.window_ends <= now() THEN excluded.hits ELSE w.hits + excluded.hits END,
         window_ends = CASE WHEN w.window_ends <= now() THEN excluded.window_ends ELSE w.window_ends END
       RETURNING hits, (extract(epoch FROM window_ends - now()) * 1000)::float8 AS ms_left`,
      [key, ttl, wanted],
    );
    const { before, granted } = grantOf(row.hits, wanted, limit);
    if (granted === 0) this.leases.delete(key);
    else
      this.leases.set(key, { left: granted - 1, hits: before + 1, endsAt: performance.now() + row.ms_left });
    return recordOf(before + 1, row.ms_left, limit);
  }

  /** Ended windows of callers who have not come back, here and in the database. */
  async sweep(): Promise<void> {
    const now = performance.now();
    for (const [key, lease] of this.leases) if (lease.endsAt <= now) this.leases.delete(key);
    await this.db
      .query(`DELETE FROM rate_limit_windows WHERE window_ends < now() - interval '1 minute'`)
      .catch(() => undefined);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}

function recordOf(hits: number, msLeft: number, limit: number): ThrottlerStorageRecord {
  const secondsLeft = Math.max(1, Math.ceil(msLeft / 1000));
  const blocked = hits > limit;
  return {
    totalHits: hits,
    timeToExpire: secondsLeft,
    isBlocked: blocked,
    timeToBlockExpire: blocked ? secondsLeft : 0,
  };
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { AUTH_CONFIG } from './auth.constants.js';
import type { UserCaller } from './caller.js';
import type { AuthConfig } from '../config/app-config.js';

/** The channel the database announces changed people on (migration 1764270000000). */
export const CALLER_CHANNEL = 'caller_changes';
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1_000;

interface Entry {
  caller: UserCaller;
  expiresAt: number;
}

/**
 * The people this instance authenticated in the last `AUTH_CALLER_CACHE_TTL_MS`, so a request
 * need not read its caller's account again. Correct across instances: the database announces
 * every change of a person's account or regions at commit (`LISTEN caller_changes`), and each
 * instance forgets that person when the announcement arrives; a write on this instance forgets
 * at once (`forgetUser`). While the listening connection is down nothing is cached, and a read
 * that raced a change is not kept (the generation moved on meanwhile).
 */
@Injectable()
export class CallerCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CallerCache');
  private readonly entries = new Map<string, Entry>();
  /** Counted up by every change heard or made: a read that began before one is not stored. */
  private generation = 0;
  /** The connection listening (or about to): events of any other one are old news. */
  private current: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private reconnect: NodeJS.Timeout | undefined;
  /** Emits `forgotten` (user id) after each change, for tests that wait for an announcement. */
  readonly events = new EventEmitter();

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private get enabled(): boolean {
    return this.config.callerCacheTtlMs > 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.enabled) await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    this.listening = false;
    await this.current?.end().catch(() => undefined);
  }

  /** The caller for this user id: cached, or read by `load` (null: not active; not cached). */
  async user(userId: string, load: () => Promise<UserCaller | null>): Promise<UserCaller | null> {
    if (!this.listening) return load();
    const entry = this.entries.get(userId);
    if (entry && entry.expiresAt > Date.now()) return entry.caller;
    const generation = this.generation;
    const caller = await load();
    if (caller && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.delete(userId);
      this.entries.set(userId, { caller, expiresAt: Date.now() + this.config.callerCacheTtlMs });
    }
    return caller;
  }

  /** A person changed: forget her here at once (the database tells the other instances). */
  forgetUser(userId: string): void {
    this.generation += 1;
    this.entries.delete(userId);
    this.events.emit('forgotten', userId);
  }

  private async listen(): Promise<void> {
    const { url } = this.db.options as { url?: string };
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.current = client;
    client.on('notification', (message) => {
      if (message.channel !== CALLER_CHANNEL || !message.payload) return;
      const [kind, id] = message.payload.split(':');
      if (kind === 'user' && id) this.forgetUser(id);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CALLER_CHANNEL}`);
      if (this.current === client) this.listening = true;
    } catch (error) {
      this.lost(client, error);
    }
  }

  /** Without the announcements nothing may be served from memory: forget all, try again shortly. */
  private lost(client: pg.Client, error?: unknown): void {
    if (client !== this.current) return;
    const wasListening = this.listening;
    this.listening = false;
    this.current = undefined;
    this.generation += 1;
    this.entries.clear();
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    // One line, no stack: a database restart is an operational event, not a bug.
    if (wasListening) {
      const reason = error instanceof Error ? error.message : 'connection ended';
      this.logger.warn({ reason }, 'lost the caller-change announcements; not caching until back');
    }
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
    this.reconnect.unref();
  }
}

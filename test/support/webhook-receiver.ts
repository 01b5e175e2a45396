import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Never answer (a receiver that hangs). */
  hang?: boolean;
}

interface Waiter {
  done: () => boolean;
  resolve: () => void;
}

/**
 * A webhook receiver on 127.0.0.1 for the tests: records every request, answers each path from a
 * script (then 200), and lets a test wait for what it expects to arrive instead of sleeping.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private readonly waiters: Waiter[] = [];
  private server!: Server;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const answer = this.scripts.get(path)?.shift() ?? { status: 200 };
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        this.notify();
        if (answer.hang) return;
        res.writeHead(answer.status, answer.headers).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next answers for `path`, in order; after them 200. */
  script(path: string, ...answers: Array<number | Answer>): void {
    this.scripts.set(
      path,
      answers.map((a) => (typeof a === 'number' ? { status: a } : a)),
    );
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Resolves once `path` has received `count` requests; fails with what did arrive after `ms`. */
  async waitFor(path: string, count: number, ms = 40_000): Promise<Received[]> {
    await this.until(
      () => this.at(path).length >= count,
      ms,
      () => `${count} requests at ${path}, got ${this.at(path).length}`,
    );
    return this.at(path);
  }

  private until(done: () => boolean, ms: number, what: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what()}`)), ms);
      this.waiters.push({
        done,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.done()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Asks `probe` until it returns a value (for state the service records after answering), at most `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

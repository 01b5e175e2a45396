import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import { from, mergeMap, of, type Observable } from 'rxjs';
import type { Caller } from '../auth/index.js';
import { SHOWS_SECRET_ONCE } from '../common/http/idempotency.js';
import { withBeforeCommit } from '../common/persistence/commit-hooks.js';
import { Problems } from '../common/problems/problem.exception.js';
import type { IdempotencyConfig } from '../config/app-config.js';
import { IdempotencyKeys, type StoredAnswer } from './idempotency-keys.js';
import { decide, fingerprintOf, parseKey } from './idempotency-rules.js';

export const IDEMPOTENCY_CONFIG = Symbol('IDEMPOTENCY_CONFIG');

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** A claim older than this whose request never completed belongs to a request that died. */
export const LEASE_MS = 60_000;
/** The answer headers a replay repeats besides its body. */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

type Acquired = { kind: 'proceed' } | { kind: 'replay'; answer: StoredAnswer };

/**
 * `Idempotency-Key` on every authenticated POST (IETF draft "The Idempotency-Key HTTP Header
 * Field"): the first request with a key does the work and its 2xx answer is stored; a retry with
 * the same key and request gets that answer again without the work (`Idempotent-Replayed: true`),
 * also when it arrives while the first is still running (it waits, up to `waitMs`, then 409 with
 * `Retry-After`); the same key for another request is a 422. A failed request (4xx, 5xx) frees
 * its key. The write the request makes marks the key `committed` in its own transaction, so if
 * the instance dies before the answer is stored, a retry is told the work was done (409) instead
 * of doing it twice. Keys are per caller and live in Postgres, so this holds across instances.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly reflector: Reflector,
    @Inject(IDEMPOTENCY_CONFIG) private readonly config: IdempotencyConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: Caller }>();
    const res = http.getResponse<Response>();
    const header = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
    // Login, refresh and logout have no caller to keep a key for (and their answers are tokens).
    if (req.method !== 'POST' || header === undefined || !req.user) return next.handle();
    if (this.reflector.get<boolean>(SHOWS_SECRET_ONCE, context.getHandler())) {
      throw Problems.validation([
        {
          field: IDEMPOTENCY_HEADER,
          message: 'Idempotency-Key is not accepted here: the answer shows a secret once',
        },
      ]);
    }
    const parsed = parseKey(header);
    if (!parsed.ok) throw Problems.validation([{ field: IDEMPOTENCY_HEADER, message: parsed.reason }]);

    const caller = `${req.user.kind}:${req.user.id}`;
    const fingerprint = fingerprintOf(req.method, req.originalUrl, req.body);
    return from(this.acquire(res, caller, parsed.key, fingerprint)).pipe(
      mergeMap((acquired) => {
        if (acquired.kind === 'replay') return of(this.replay(res, acquired.answer));
        this.recordAnswer(res, caller, parsed.key);
        // The write the request makes marks the key committed in its own transaction.
        return withBeforeCommit(
          (tx, recorded) => this.keys.markCommitted(caller, parsed.key, recorded, tx),
          () => next.handle(),
        );
      }),
    );
  }

  private async acquire(res: Response, caller: string, key: string, fingerprint: string): Promise<Acquired> {
    const { ttlSeconds, waitMs } = this.config;
    const deadline = Date.now() + waitMs;
    let pause = 20;
    for (;;) {
      if (await this.keys.claim(caller, key, fingerprint, ttlSeconds)) return { kind: 'proceed' };
      const stored = await this.keys.find(caller, key);
      if (!stored) continue; // released in between: claim again
      switch (decide(stored, fingerprint, new Date(), LEASE_MS)) {
        case 'replay':
          if (stored.answer) return { kind: 'replay', answer: stored.answer };
          break;
        case 'mismatch':
          throw Problems.unprocessable(
            'idempotency-key-reused',
            'This Idempotency-Key was already used for another request (other path or body).',
            [
              {
                field: IDEMPOTENCY_HEADER,
                message: 'Idempotency-Key was used for another request: send a new key',
              },
            ],
          );
        case 'lost':
          throw Problems.conflict(
            'idempotency-key-answer-lost',
            `The request with this Idempotency-Key was done (${stored.done.map((e) => `${e.kind} ${e.id}`).join(', ') || 'no record'}), ` +
              'but its answer was lost; read the result instead of sending it again.',
            [
              {
                field: IDEMPOTENCY_HEADER,
                message: 'the request with this Idempotency-Key was already done',
              },
            ],
          );
        case 'take-over':
          if (await this.keys.takeOver(caller, key, fingerprint, ttlSeconds, LEASE_MS))
            return { kind: 'proceed' };
          continue;
        case 'wait':
          break;
      }
      if (Date.now() >= deadline) {
        res.setHeader('Retry-After', '1');
        throw Problems.conflict(
          'idempotency-key-in-progress',
          'A request with this Idempotency-Key is still being processed; retry it later.',
          [
            {
              field: IDEMPOTENCY_HEADER,
              message: 'a request with this Idempotency-Key is still in progress',
            },
          ],
        );
      }
      await delay(pause);
      pause = Math.min(pause * 2, 250);
    }
  }

  private replay(res: Response, answer: StoredAnswer): unknown {
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(answer.status);
    return answer.body === '' ? undefined : JSON.parse(answer.body);
  }

  /** Keeps the answer as sent (after every interceptor), or frees the key if the request failed. */
  private recordAnswer(res: Response, caller: string, key: string): void {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
      else if (Buffer.isBuffer(chunk)) chunks.push(chunk);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return end(chunk, ...rest);
    }) as Response['end'];
    res.once('finish', () => {
      const succeeded = res.statusCode >= 200 && res.statusCode < 300;
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.flatMap((name) => {
          const value = res.getHeader(name);
          return value === undefined ? [] : [[name, String(value)]];
        }),
      );
      const done = succeeded
        ? this.keys.complete(caller, key, {
            status: res.statusCode,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
          })
        : this.keys.release(caller, key);
      done.catch((error: unknown) =>
        this.logger.error({ err: error }, 'storing the Idempotency-Key answer failed'),
      );
    });
  }
}

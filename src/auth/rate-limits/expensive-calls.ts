import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RateLimitConfig } from '../../config/app-config.js';
import { Problems } from '../../common/problems/problem.exception.js';
import type { Caller } from '../caller.js';

export const EXPENSIVE = 'transferstelle:expensive';
export const RATE_LIMIT_CONFIG = Symbol('RATE_LIMIT_CONFIG');

/**
 * Marks a route whose one call costs what hundreds of plain reads do (suggestions, reports,
 * exports): only so many run at once, per caller and per instance.
 */
export const Expensive = (): MethodDecorator => SetMetadata(EXPENSIVE, true);

/**
 * The cap on concurrent expensive calls. Per instance, on purpose: what it protects is this
 * instance's database pool and event loop, which a count shared across instances would not
 * describe; a caller's share of the cluster is what the rate limits (shared) are for.
 */
@Injectable()
export class ExpensiveCalls {
  private running = 0;
  private readonly byCaller = new Map<string, number>();

  constructor(@Inject(RATE_LIMIT_CONFIG) private readonly config: RateLimitConfig) {}

  /** Admits the call until its response ends (finished or aborted), or refuses it. */
  admit(req: Request, res: Response, caller: Caller | undefined): void {
    const key = caller ? `${caller.kind}:${caller.id}` : `ip:${req.ip}`;
    const mine = this.byCaller.get(key) ?? 0;
    if (mine >= this.config.expensivePerCaller) {
      res.setHeader('Retry-After', '1');
      throw Problems.retryLater(
        429,
        'too-many-concurrent',
        `At most ${this.config.expensivePerCaller} reports, exports or suggestions at once per caller; wait for one to finish.`,
      );
    }
    if (this.running >= this.config.expensiveConcurrency) {
      res.setHeader('Retry-After', '1');
      throw Problems.retryLater(
        503,
        'saturated',
        'Too many reports, exports and suggestions are running; retry in a moment.',
      );
    }
    this.running++;
    this.byCaller.set(key, mine + 1);
    res.once('close', () => {
      this.running--;
      const left = (this.byCaller.get(key) ?? 1) - 1;
      if (left > 0) this.byCaller.set(key, left);
      else this.byCaller.delete(key);
    });
  }
}

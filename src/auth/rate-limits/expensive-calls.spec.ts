import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import type { RateLimitConfig } from '../../config/app-config.js';
import { ProblemException } from '../../common/problems/problem.exception.js';
import type { Caller } from '../caller.js';
import { ExpensiveCalls } from './expensive-calls.js';

const config = { expensiveConcurrency: 3, expensivePerCaller: 2 } as RateLimitConfig;
const user = (id: string): Caller => ({ kind: 'user', id, role: 'analyst', regionIds: [] });

function response() {
  const res = new EventEmitter() as EventEmitter & { headers: Record<string, string> };
  res.headers = {};
  return Object.assign(res, { setHeader: (name: string, value: string) => (res.headers[name] = value) });
}

function refusal(admit: () => void): { status: number; slug: string } | undefined {
  try {
    admit();
    return undefined;
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return { status: error.problem.status, slug: error.problem.slug };
  }
}

describe('ExpensiveCalls', () => {
  const req = { ip: '10.0.0.1' } as Request;

  it('admits a caller’s first two at once, refuses the third with 429, admits again when one ends', () => {
    const calls = new ExpensiveCalls(config);
    const first = response();
    calls.admit(req, first as unknown as Response, user('a'));
    calls.admit(req, response() as unknown as Response, user('a'));
    const third = response();
    expect(refusal(() => calls.admit(req, third as unknown as Response, user('a')))).toEqual({
      status: 429,
      slug: 'too-many-concurrent',
    });
    expect(third.headers['Retry-After']).toBe('1');
    first.emit('close');
    expect(refusal(() => calls.admit(req, response() as unknown as Response, user('a')))).toBeUndefined();
  });

  it('refuses anyone with 503 once the instance runs its cap, until a call ends', () => {
    const calls = new ExpensiveCalls(config);
    const running = ['a', 'b', 'c'].map((id) => {
      const res = response();
      calls.admit(req, res as unknown as Response, user(id));
      return res;
    });
    expect(refusal(() => calls.admit(req, response() as unknown as Response, user('d')))).toEqual({
      status: 503,
      slug: 'saturated',
    });
    running[1].emit('close');
    expect(refusal(() => calls.admit(req, response() as unknown as Response, user('d')))).toBeUndefined();
  });

  it('counts callers without credentials by IP', () => {
    const calls = new ExpensiveCalls(config);
    calls.admit(req, response() as unknown as Response, undefined);
    calls.admit(req, response() as unknown as Response, undefined);
    expect(refusal(() => calls.admit(req, response() as unknown as Response, undefined))?.status).toBe(429);
    expect(
      refusal(() => calls.admit({ ip: '10.0.0.2' } as Request, response() as unknown as Response, undefined)),
    ).toBeUndefined();
  });
});

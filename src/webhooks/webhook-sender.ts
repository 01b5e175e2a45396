import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { guardedLookup, isPrivateAddress, RefusedTargetError } from './webhook-target.js';

export interface AttemptResult {
  /** 2xx: the receiver has it. */
  delivered: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivateTargets: boolean;
}

/** The message as Standard Webhooks defines it: an id that stays the same on every attempt, a body, a secret. */
export interface SignedMessage {
  id: string;
  body: string;
  secret: string;
}

const USER_AGENT = 'Transferstelle-Webhooks/1';
// What is read of an answer before the connection is dropped: receivers answer with a status.
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One attempt: signs (the timestamp is the attempt's, as the specification wants) and POSTs, never
 * following a redirect, within `timeoutMs` from connect to the last byte. Never throws: every
 * outcome is an attempt to record.
 */
export async function sendSigned(
  url: string,
  message: SignedMessage,
  options: SendOptions,
  now: () => Date = () => new Date(),
): Promise<AttemptResult> {
  const started = performance.now();
  const timestamp = now();
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(message.secret).sign(message.id, timestamp, message.body),
  };
  const finish = (statusCode: number | null, error: string | null): AttemptResult => ({
    delivered: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    durationMs: Math.round(performance.now() - started),
    error,
  });
  try {
    const statusCode = await post(new URL(url), headers, message.body, options);
    if (statusCode >= 300 && statusCode < 400) return finish(statusCode, 'redirect not followed');
    return finish(statusCode, statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}`);
  } catch (error) {
    return finish(null, describe(error, options.timeoutMs));
  }
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<number> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address is connected to without a lookup, so it is checked here.
  if (isIP(host) && !options.allowPrivateTargets && isPrivateAddress(host)) {
    return Promise.reject(new RefusedTargetError(host));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(options.allowPrivateTargets),
      agent: false,
    });
    const deadline = setTimeout(() => req.destroy(new TimeoutError(options.timeoutMs)), options.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) res.destroy();
      });
      res.on('close', () => {
        clearTimeout(deadline);
        resolve(res.statusCode ?? 0);
      });
    });
    req.end(body);
  });
}

class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** What the integrator sees of a failure: short, without a stack or the sender's internals. */
function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof TimeoutError || error instanceof RefusedTargetError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset by the receiver';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name could not be resolved';
    case 'ETIMEDOUT':
      return `no answer within ${timeoutMs} ms`;
    default:
      return code ? `could not connect (${code})` : 'could not deliver';
  }
}

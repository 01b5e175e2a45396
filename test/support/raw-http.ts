import type { INestApplication } from '@nestjs/common';
import { request as httpRequest, type Agent, type OutgoingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';

export interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A request through node:http, where supertest would get in the way: bytes sent as they are (a
 * gzip body), a connection agent of the test's own (keep-alive bursts, a connection per request).
 */
export function rawRequest(options: {
  port: number;
  method: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  agent?: Agent;
  /** A hang shows as this error, not as the test's timeout. */
  timeoutMs?: number;
}): Promise<RawAnswer> {
  const { port, method, path, body, agent, timeoutMs } = options;
  const headers = {
    ...options.headers,
    ...(body !== undefined && { 'Content-Length': Buffer.byteLength(body) }),
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { agent, port, host: '127.0.0.1', method, path, headers, timeout: timeoutMs },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The app's port on 127.0.0.1, listening first if it does not yet. */
export async function listeningPort(app: INestApplication): Promise<number> {
  const server = app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

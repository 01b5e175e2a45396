import type { RequestListener } from 'node:http';
import createClient from 'openapi-fetch';
import { Webhook } from 'standardwebhooks';
import type { components, paths } from './api.js';

type WebhookMessage = components['schemas']['WebhookMessage'];

/**
 * Webhooks instead of polling: subscribe a URL (the answer shows the signing secret once), then
 * verify every delivery with the standardwebhooks package before trusting it. A retry keeps its
 * `webhook-id`, so an id already handled is answered and skipped.
 */
export async function subscribe(baseUrl: string, apiKey: string, url: string): Promise<string> {
  const api = createClient<paths>({ baseUrl, headers: { 'X-API-Key': apiKey } });
  const created = await api.POST('/webhook-subscriptions', {
    body: { url, types: ['need', 'transfer_case'] },
  });
  if (!created.data) throw new Error(`subscribe: ${created.response.status}`);
  return created.data.secret; // keep it like a password: it is not shown again
}

/** The request handler for that URL (mount it in your HTTP server). */
export function deliveryHandler(
  secret: string,
  onMessage: (message: WebhookMessage) => void,
): RequestListener {
  const handled = new Set<string>();
  return (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      try {
        new Webhook(secret).verify(body, headers);
      } catch {
        return res.writeHead(400).end(); // not signed with our secret, or too old: ignore it
      }
      const message: WebhookMessage = JSON.parse(body);
      const id = String(req.headers['webhook-id']);
      if (!handled.has(id)) onMessage(message);
      handled.add(id);
      res.writeHead(204).end();
    });
  };
}

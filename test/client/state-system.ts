import createClient from 'openapi-fetch';
import type { paths } from './api.js';

/**
 * The walk-through of docs/integration.md, as a state system writes it: sync a municipality and a
 * need by its own ids with an API key, retry safely, then follow the change feed until the need's
 * creation arrives. Types from openapi.json (openapi-typescript), calls through openapi-fetch.
 */
export async function syncAndFollow(
  baseUrl: string,
  apiKey: string,
): Promise<{ needId: string; seen: string[] }> {
  const api = createClient<paths>({ baseUrl, headers: { 'X-API-Key': apiKey } });
  const system = { system: 'digitallotsen-sn' };

  // 1. Push a municipality and a need by our own ids: 201 the first time, 200 after.
  await api.PUT('/integrations/{system}/municipalities/{externalId}', {
    params: { path: { ...system, externalId: 'gemeinde-4711' } },
    body: { ags: '14625940', name: 'Beispielgemeinde', kind: 'gemeinde' },
  });
  const need = await api.PUT('/integrations/{system}/needs/{externalId}', {
    params: { path: { ...system, externalId: 'bedarf-0815' } },
    body: { municipalityExternalId: 'gemeinde-4711', title: 'Digitale Bauakte', urgency: 'high' },
  });
  if (!need.data) throw new Error(`need: ${need.response.status}`);

  // 2. A POST that may be retried carries an Idempotency-Key: a retry gets the same answer.
  const key = crypto.randomUUID();
  for (let attempt = 0; attempt < 2; attempt++) {
    await api.POST('/transfer-cases', {
      params: { header: { 'Idempotency-Key': key } },
      body: { needId: need.data.id },
    });
  }

  // 3. Follow the feed: keep the last nextCursor (store it), read until a page is empty.
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await api.GET('/changes', {
      params: { query: { after, types: ['need', 'transfer_case'] } },
    });
    if (!page.data) throw new Error(`changes: ${page.response.status}`);
    seen.push(...page.data.items.map((c) => `${c.entityType}:${c.entityId}:${c.action}`));
    after = page.data.nextCursor;
    if (page.data.items.length === 0) return { needId: need.data.id, seen };
  }
}

import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api.js';

/**
 * A desk tool's day in a few calls, written against the types `openapi-typescript` generates
 * from openapi.json, as a desk-tool team would: if the document types a field wrongly, this
 * stops compiling (`tsc --strict`, no casts: the lint forbids them here) or fails at run time.
 */
export interface DeskFlowResult {
  caseStatus: components['schemas']['TransferCaseResponse']['status'];
  version: number;
  candidates: string[];
  assigneeId: string | null;
  timeline: string[];
}

export async function deskFlow(baseUrl: string, email: string, password: string): Promise<DeskFlowResult> {
  const client = createClient<paths>({ baseUrl });

  const tokens = ok(await client.POST('/auth/login', { body: { email, password } }), 'login');
  const bearer: Middleware = {
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${tokens.accessToken}`);
      return request;
    },
  };
  client.use(bearer);
  const me = ok(await client.GET('/auth/me'), 'me');

  const region = first(me.regionIds, 'a region of the pilot');
  const municipalities = ok(
    await client.GET('/municipalities', { params: { query: { regionId: region, limit: 1 } } }),
    'municipalities',
  );
  const municipality = first(municipalities.items, 'a municipality in her region');

  const need = ok(
    await client.POST('/needs', {
      body: {
        municipalityId: municipality.id,
        title: 'Rettungsdienst kommt auf dem Land zu spät',
        description:
          'Ersthelfende in der Nähe sollen per App alarmiert werden, bevor der Rettungswagen da ist.',
        topics: ['notfallversorgung'],
        urgency: 'high',
      },
    }),
    'create need',
  );
  const suggestions = ok(
    await client.GET('/needs/{id}/solution-suggestions', {
      params: { path: { id: need.id }, query: { limit: 3 } },
    }),
    'suggestions',
  );
  const best = first(suggestions.items, 'a suggestion');

  const opened = await client.POST('/transfer-cases', { body: { needId: need.id } });
  let transferCase = ok(opened, 'open case');
  let etag = etagOf(opened.response);

  const assigned = await client.PATCH('/transfer-cases/{id}', {
    params: { path: { id: transferCase.id }, header: { 'If-Match': etag } },
    body: { assigneeId: me.id },
  });
  transferCase = ok(assigned, 'assign');
  etag = etagOf(assigned.response);

  const added = await client.POST('/transfer-cases/{id}/candidates', {
    params: { path: { id: transferCase.id }, header: { 'If-Match': etag } },
    body: { solutionId: best.solution.id, rationale: `Passt: ${best.reasons.matchedTerms.join(', ')}` },
  });
  transferCase = ok(added, 'add candidate');
  etag = etagOf(added.response);

  const moved = await client.POST('/transfer-cases/{id}/transitions', {
    params: { path: { id: transferCase.id }, header: { 'If-Match': etag } },
    body: { to: 'recherchiert', note: 'Kandidat gefunden' },
  });
  transferCase = ok(moved, 'transition');

  const events = ok(
    await client.GET('/transfer-cases/{id}/events', { params: { path: { id: transferCase.id } } }),
    'timeline',
  );
  return {
    caseStatus: transferCase.status,
    version: transferCase.version,
    candidates: transferCase.candidates.map((c) => c.solution.slug),
    assigneeId: transferCase.assigneeId,
    timeline: events.items.map((e) => `${e.type} by ${e.actor?.name ?? 'nobody'}`),
  };
}

function ok<T>(result: { data?: T; error?: unknown; response: Response }, step: string): T {
  if (result.data === undefined) {
    throw new Error(`${step}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

function first<T>(items: T[], what: string): T {
  const [item] = items;
  if (item === undefined) throw new Error(`expected ${what}`);
  return item;
}

function etagOf(response: Response): string {
  const etag = response.headers.get('ETag');
  if (!etag) throw new Error('expected an ETag');
  return etag;
}

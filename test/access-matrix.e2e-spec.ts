import type { Scope } from '../src/auth/scopes.js';
import { SCOPES } from '../src/auth/scopes.js';
import type { Role } from '../src/auth/role.js';
import { ALL_OPERATIONS } from './support/routes.js';
import { PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

type Operation = (typeof ALL_OPERATIONS)[number];

/**
 * The specification of who may call what (docs/architecture.md, "Who may do what"), one row per route.
 * `clients`: the scope an API client needs, 'any' for every client, absent for none.
 */
interface Expected {
  public?: true;
  roles?: readonly Role[];
  clients?: Scope | 'any';
}

const EVERY_ROLE: readonly Role[] = ['admin', 'transferstelle', 'lotse', 'analyst'];
const CONTENT_EDITORS: readonly Role[] = ['admin', 'transferstelle'];
const WRITERS_IN_REGION: readonly Role[] = ['admin', 'transferstelle', 'lotse'];
const ADMIN: readonly Role[] = ['admin'];

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const MATRIX: Record<Operation, Expected> = {
  'GET /api/v1/health': { public: true },
  'POST /api/v1/auth/login': { public: true },
  'POST /api/v1/auth/refresh': { public: true },
  'POST /api/v1/auth/logout': { public: true },
  'GET /api/v1/auth/me': { roles: EVERY_ROLE, clients: 'any' },
  'GET /api/v1/states': { roles: EVERY_ROLE, clients: 'any' },
  // Clients see the kinds their read scopes cover (none: an empty feed).
  'GET /api/v1/changes': { roles: EVERY_ROLE, clients: 'any' },
  // Clients also need the system among their `systems` (checked after validation, see integrations e2e).
  'PUT /api/v1/integrations/{system}/municipalities/{externalId}': {
    roles: CONTENT_EDITORS,
    clients: 'municipalities:write',
  },
  'GET /api/v1/integrations/{system}/municipalities/{externalId}': {
    roles: EVERY_ROLE,
    clients: 'municipalities:read',
  },
  'POST /api/v1/integrations/{system}/municipalities:bulk': {
    roles: CONTENT_EDITORS,
    clients: 'municipalities:write',
  },
  'PUT /api/v1/integrations/{system}/needs/{externalId}': { roles: CONTENT_EDITORS, clients: 'needs:write' },
  'GET /api/v1/integrations/{system}/needs/{externalId}': { roles: EVERY_ROLE, clients: 'needs:read' },
  'POST /api/v1/integrations/{system}/needs:bulk': { roles: CONTENT_EDITORS, clients: 'needs:write' },
  'GET /api/v1/integrations/{system}/needs/{externalId}/transfer-cases': {
    roles: EVERY_ROLE,
    clients: 'cases:read',
  },
  'GET /api/v1/states/{code}': { roles: EVERY_ROLE, clients: 'any' },
  'POST /api/v1/regions': { roles: CONTENT_EDITORS },
  'GET /api/v1/regions': { roles: EVERY_ROLE, clients: 'regions:read' },
  'GET /api/v1/regions/{id}': { roles: EVERY_ROLE, clients: 'regions:read' },
  'PATCH /api/v1/regions/{id}': { roles: CONTENT_EDITORS },
  'DELETE /api/v1/regions/{id}': { roles: CONTENT_EDITORS },
  'POST /api/v1/municipalities': { roles: WRITERS_IN_REGION, clients: 'municipalities:write' },
  'GET /api/v1/municipalities': { roles: EVERY_ROLE, clients: 'municipalities:read' },
  'GET /api/v1/municipalities/{id}': { roles: EVERY_ROLE, clients: 'municipalities:read' },
  'PATCH /api/v1/municipalities/{id}': { roles: WRITERS_IN_REGION, clients: 'municipalities:write' },
  'DELETE /api/v1/municipalities/{id}': { roles: WRITERS_IN_REGION, clients: 'municipalities:write' },
  'GET /api/v1/municipalities/by-ags/{ags}': { roles: EVERY_ROLE, clients: 'municipalities:read' },
  'PUT /api/v1/municipalities/by-ags/{ags}': { roles: WRITERS_IN_REGION, clients: 'municipalities:write' },
  'POST /api/v1/users': { roles: ADMIN },
  'GET /api/v1/users': { roles: ADMIN },
  'GET /api/v1/users/{id}': { roles: ADMIN },
  'PATCH /api/v1/users/{id}': { roles: ADMIN },
  'POST /api/v1/api-clients': { roles: ADMIN },
  'GET /api/v1/api-clients': { roles: ADMIN },
  'GET /api/v1/api-clients/{id}': { roles: ADMIN },
  'PATCH /api/v1/api-clients/{id}': { roles: ADMIN },
  'POST /api/v1/api-clients/{id}/key': { roles: ADMIN },
  'DELETE /api/v1/api-clients/{id}': { roles: ADMIN },
  'POST /api/v1/solutions': { roles: CONTENT_EDITORS },
  'GET /api/v1/solutions': { roles: EVERY_ROLE, clients: 'solutions:read' },
  'GET /api/v1/solutions/{id}': { roles: EVERY_ROLE, clients: 'solutions:read' },
  'GET /api/v1/solutions/by-slug/{slug}': { roles: EVERY_ROLE, clients: 'solutions:read' },
  'PATCH /api/v1/solutions/{id}': { roles: CONTENT_EDITORS },
  'POST /api/v1/solutions/{id}/archive': { roles: CONTENT_EDITORS },
  'POST /api/v1/needs': { roles: WRITERS_IN_REGION, clients: 'needs:write' },
  'GET /api/v1/needs': { roles: EVERY_ROLE, clients: 'needs:read' },
  'GET /api/v1/needs/{id}': { roles: EVERY_ROLE, clients: 'needs:read' },
  'GET /api/v1/needs/{id}/solution-suggestions': { roles: EVERY_ROLE, clients: 'needs:read' },
  'PATCH /api/v1/needs/{id}': { roles: WRITERS_IN_REGION, clients: 'needs:write' },
  'POST /api/v1/needs/{id}/close': { roles: WRITERS_IN_REGION, clients: 'needs:write' },
  'POST /api/v1/transfer-cases': { roles: WRITERS_IN_REGION, clients: 'cases:write' },
  'GET /api/v1/transfer-cases': { roles: EVERY_ROLE, clients: 'cases:read' },
  'GET /api/v1/transfer-cases/{id}': { roles: EVERY_ROLE, clients: 'cases:read' },
  'PATCH /api/v1/transfer-cases/{id}': { roles: WRITERS_IN_REGION, clients: 'cases:write' },
  'POST /api/v1/transfer-cases/{id}/transitions': { roles: WRITERS_IN_REGION, clients: 'cases:write' },
  'POST /api/v1/transfer-cases/{id}/candidates': { roles: WRITERS_IN_REGION, clients: 'cases:write' },
  'POST /api/v1/transfer-cases/{id}/candidates/suggested': {
    roles: WRITERS_IN_REGION,
    clients: 'cases:write',
  },
  'DELETE /api/v1/transfer-cases/{id}/candidates/{solutionId}': {
    roles: WRITERS_IN_REGION,
    clients: 'cases:write',
  },
  'GET /api/v1/transfer-cases/{id}/events': { roles: EVERY_ROLE, clients: 'cases:read' },
  'POST /api/v1/transfer-cases/{id}/comments': { roles: WRITERS_IN_REGION, clients: 'cases:write' },
  // Teams and cohorts: unknown ids below, so an admitted caller meets 404 (a pilot who leads no
  // cohort would meet 403 from the service: who leads one is tested in cohorts.e2e-spec.ts).
  'POST /api/v1/transfer-teams': { roles: CONTENT_EDITORS },
  'GET /api/v1/transfer-teams': { roles: EVERY_ROLE, clients: 'cohorts:read' },
  'GET /api/v1/transfer-teams/{id}': { roles: EVERY_ROLE, clients: 'cohorts:read' },
  'PATCH /api/v1/transfer-teams/{id}': { roles: CONTENT_EDITORS },
  'PUT /api/v1/transfer-teams/{id}/members/{userId}': { roles: CONTENT_EDITORS },
  'DELETE /api/v1/transfer-teams/{id}/members/{userId}': { roles: CONTENT_EDITORS },
  'GET /api/v1/transfer-teams/{id}/cases': { roles: EVERY_ROLE, clients: 'cohorts:read' },
  'PUT /api/v1/transfer-teams/{id}/cases/{caseId}': { roles: WRITERS_IN_REGION, clients: 'cohorts:write' },
  'DELETE /api/v1/transfer-teams/{id}/cases/{caseId}': { roles: WRITERS_IN_REGION, clients: 'cohorts:write' },
  'POST /api/v1/cohorts': { roles: WRITERS_IN_REGION },
  'GET /api/v1/cohorts': { roles: EVERY_ROLE, clients: 'cohorts:read' },
  'GET /api/v1/cohorts/{id}': { roles: EVERY_ROLE, clients: 'cohorts:read' },
  'PATCH /api/v1/cohorts/{id}': { roles: WRITERS_IN_REGION },
  'POST /api/v1/cohorts/{id}/status-transitions': { roles: WRITERS_IN_REGION },
  'POST /api/v1/cohorts/{id}/transitions': { roles: WRITERS_IN_REGION },
  'POST /api/v1/cohorts/{id}/members': { roles: WRITERS_IN_REGION, clients: 'cohorts:write' },
  'DELETE /api/v1/cohorts/{id}/members/{caseId}': { roles: WRITERS_IN_REGION, clients: 'cohorts:write' },
  'POST /api/v1/cohorts/{id}/milestones': { roles: WRITERS_IN_REGION },
  'PATCH /api/v1/cohorts/{id}/milestones/{milestoneId}': { roles: WRITERS_IN_REGION },
  'PUT /api/v1/cohorts/{id}/milestones/{milestoneId}/members/{caseId}': {
    roles: WRITERS_IN_REGION,
    clients: 'cohorts:write',
  },
  // Community of practice. Nominations: pilots in their regions, reviews by the Transferstelle.
  'POST /api/v1/nominations': { roles: WRITERS_IN_REGION },
  'GET /api/v1/nominations': { roles: EVERY_ROLE, clients: 'solutions:read' },
  'POST /api/v1/nominations/{id}/review': { roles: CONTENT_EDITORS },
  // Alerts are about needs; accepting or dismissing one is a pilot's (in her regions) or the Transferstelle's.
  'GET /api/v1/alerts': { roles: EVERY_ROLE, clients: 'needs:read' },
  'GET /api/v1/alerts/{id}': { roles: EVERY_ROLE, clients: 'needs:read' },
  'POST /api/v1/alerts/{id}/accept': { roles: WRITERS_IN_REGION },
  'POST /api/v1/alerts/{id}/dismiss': { roles: WRITERS_IN_REGION },
  'POST /api/v1/lessons': { roles: WRITERS_IN_REGION },
  'GET /api/v1/lessons/{id}': { roles: EVERY_ROLE, clients: 'practice:read' },
  'GET /api/v1/solutions/{id}/lessons': { roles: EVERY_ROLE, clients: 'practice:read' },
  'GET /api/v1/solutions/{id}/adoptions': { roles: EVERY_ROLE, clients: 'practice:read' },
  'GET /api/v1/adoptions/{id}': { roles: EVERY_ROLE, clients: 'practice:read' },
  'PATCH /api/v1/adoptions/{id}': { roles: WRITERS_IN_REGION },
  'GET /api/v1/follow-ups': { roles: EVERY_ROLE, clients: 'practice:read' },
  'GET /api/v1/follow-ups/{id}': { roles: EVERY_ROLE, clients: 'practice:read' },
  'POST /api/v1/follow-ups/{id}/results': { roles: WRITERS_IN_REGION },
  // A pilot gets her regions' figures, a client its territory's.
  'GET /api/v1/reports/case-status': { roles: EVERY_ROLE, clients: 'reports:read' },
  'GET /api/v1/exports/transfer-cases.csv': { roles: EVERY_ROLE, clients: 'reports:read' },
  'GET /api/v1/exports/transfer-cases.jsonl': { roles: EVERY_ROLE, clients: 'reports:read' },
  'GET /api/v1/reports/stage-durations': { roles: EVERY_ROLE, clients: 'reports:read' },
  'GET /api/v1/reports/funnel': { roles: EVERY_ROLE, clients: 'reports:read' },
  'GET /api/v1/reports/solution-demand': { roles: EVERY_ROLE, clients: 'reports:read' },
  'GET /api/v1/reports/coverage': { roles: EVERY_ROLE, clients: 'reports:read' },
  // An API client manages its own subscriptions (someone else's: 404).
  'POST /api/v1/webhook-subscriptions': { roles: ADMIN, clients: 'webhooks:manage' },
  'GET /api/v1/webhook-subscriptions': { roles: ADMIN, clients: 'webhooks:manage' },
  'GET /api/v1/webhook-subscriptions/{id}': { roles: ADMIN, clients: 'webhooks:manage' },
  'PATCH /api/v1/webhook-subscriptions/{id}': { roles: ADMIN, clients: 'webhooks:manage' },
  'POST /api/v1/webhook-subscriptions/{id}/secret': { roles: ADMIN, clients: 'webhooks:manage' },
  'DELETE /api/v1/webhook-subscriptions/{id}': { roles: ADMIN, clients: 'webhooks:manage' },
  'GET /api/v1/webhook-subscriptions/{id}/deliveries': { roles: ADMIN, clients: 'webhooks:manage' },
  'POST /api/v1/webhook-subscriptions/{id}/test': { roles: ADMIN, clients: 'webhooks:manage' },
};

describe('access matrix: every route × every kind of caller', () => {
  let t: TestApp;
  const people = {} as Record<Role, Agent>;
  /** per scope: a client holding only that scope, and one holding every scope but that one */
  const withScope = {} as Record<Scope, Agent>;
  const withoutScope = {} as Record<Scope, Agent>;
  let params: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const region = await t.http
      .post('/api/v1/regions')
      .send({ code: 'matrix', name: 'Matrix', stateCode: 'DE-SN' });
    const municipality = await t.http
      .post('/api/v1/municipalities')
      .send({ ags: '14625777', name: 'Matrixdorf', kind: 'gemeinde', regionId: region.body.id })
      .expect(201);
    const user = await t.http
      .post('/api/v1/users')
      .send({ email: 'target@test.local', name: 'Target', role: 'analyst', password: 'target-password' })
      .expect(201);
    const client = await t.http.post('/api/v1/api-clients').send({ name: 'Target', scopes: [] }).expect(201);
    const solution = await t.http
      .post('/api/v1/solutions')
      .send({ slug: 'matrix-loesung', title: 'Matrixlösung', theme: 'verwaltung-von-morgen' })
      .expect(201);
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: municipality.body.id, title: 'Matrixbedarf' })
      .expect(201);
    const caseNeed = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: municipality.body.id, title: 'Matrixfall' })
      .expect(201);
    const transferCase = await t.http
      .post('/api/v1/transfer-cases')
      .send({ needId: caseNeed.body.id })
      .expect(201);
    params = {
      id: '',
      code: 'DE-SN',
      ags: '14625777',
      regionId: region.body.id,
      municipalityId: municipality.body.id,
      userId: user.body.id,
      clientId: client.body.id,
      solutionId: solution.body.id,
      needId: need.body.id,
      caseId: transferCase.body.id,
    };
    for (const role of ['transferstelle', 'lotse', 'analyst'] as const) {
      people[role] = await t.userAgent(role, role === 'lotse' ? [region.body.id] : []);
    }
    people.admin = t.http;
    for (const scope of SCOPES) {
      // Bound to the system the integration routes are called with, so only scopes decide here.
      withScope[scope] = await t.clientAgent({
        scopes: [scope],
        stateCodes: ['DE-SN'],
        systems: ['matrix-system'],
      });
      withoutScope[scope] = await t.clientAgent({
        scopes: SCOPES.filter((s) => s !== scope),
        stateCodes: ['DE-SN'],
        systems: ['matrix-system'],
      });
    }
  });
  afterAll(() => t.close());

  it('covers exactly the routes the API documents', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      servers: Array<{ url: string }>;
      paths: Record<string, object>;
    };
    // The document's paths are relative to its server, the API base path.
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${doc.servers[0].url}${path}`),
    );
    expect(Object.keys(MATRIX).sort()).toEqual(documented.sort());
  });

  function request(agent: Agent | TestApp['anon'], operation: Operation) {
    const [method, template] = operation.split(' ');
    const url = template
      .replace('{id}', idFor(template))
      .replace('{code}', params.code)
      .replace('{ags}', params.ags)
      .replace('{system}', 'matrix-system')
      .replace('{externalId}', 'ext-1')
      .replace('{userId}', params.userId)
      .replace('{caseId}', params.caseId)
      .replace('{milestoneId}', NO_SUCH_ID);
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const req = agent[verb](url);
    // Empty bodies: an admitted caller then meets validation (400), which proves the guard let it through.
    return method === 'GET' || method === 'DELETE' ? req : req.send({});
  }

  function idFor(template: string): string {
    if (template.startsWith('/api/v1/regions')) return params.regionId;
    if (template.startsWith('/api/v1/municipalities')) return params.municipalityId;
    if (template.startsWith('/api/v1/users')) return params.userId;
    if (template.startsWith('/api/v1/api-clients')) return params.clientId;
    if (template.startsWith('/api/v1/solutions')) return params.solutionId;
    if (template.startsWith('/api/v1/needs')) return params.needId;
    if (template.startsWith('/api/v1/transfer-cases')) return params.caseId;
    // No such subscription, team or cohort: an admitted caller meets 404 and nothing is changed.
    if (template.startsWith('/api/v1/webhook-subscriptions')) return NO_SUCH_ID;
    if (template.startsWith('/api/v1/transfer-teams')) return NO_SUCH_ID;
    if (template.startsWith('/api/v1/cohorts')) return NO_SUCH_ID;
    // Nor such a nomination, alert, lesson, adoption or follow-up.
    if (/^\/api\/v1\/(nominations|alerts|lessons|adoptions|follow-ups)\//.test(template)) return NO_SUCH_ID;
    return '';
  }

  async function expectAdmitted(agent: Agent | TestApp['anon'], operation: Operation, who: string) {
    const res = await request(agent, operation);
    // The label travels with the value so a failure names the route and the caller.
    expect({ operation, who, admitted: ![401, 403].includes(res.status) }).toEqual({
      operation,
      who,
      admitted: true,
    });
  }

  async function expectRefused(
    agent: Agent | TestApp['anon'],
    operation: Operation,
    who: string,
    status: 401 | 403,
  ) {
    const res = await request(agent, operation);
    expect({ operation, who, status: res.status }).toEqual({ operation, who, status });
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
  }

  // Deletions run last so the shared fixtures exist for every other row.
  const ordered = [...ALL_OPERATIONS].sort(
    (a, b) => Number(a.startsWith('DELETE')) - Number(b.startsWith('DELETE')),
  );

  it.each(ordered)('%s', async (operation) => {
    const expected = MATRIX[operation];
    if (expected.public) {
      await expectAdmitted(t.anon, operation, 'anonymous');
      return;
    }
    await expectRefused(t.anon, operation, 'anonymous', 401);

    for (const role of EVERY_ROLE) {
      if (expected.roles?.includes(role)) await expectAdmitted(people[role], operation, role);
      else await expectRefused(people[role], operation, role, 403);
    }

    const clients = expected.clients;
    if (clients === undefined) {
      await expectRefused(withoutScope['regions:read'], operation, 'client with other scopes', 403);
      await expectRefused(withScope['municipalities:write'], operation, 'client with a write scope', 403);
    } else if (clients === 'any') {
      await expectAdmitted(withScope['regions:read'], operation, 'any client');
    } else {
      await expectAdmitted(withScope[clients], operation, `client with ${clients}`);
      await expectRefused(withoutScope[clients], operation, `client without ${clients}`, 403);
    }
  });
});

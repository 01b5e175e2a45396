import type { Response } from 'supertest';
import { checkWrites, type ChangeRow, type ObservedWrite } from './support/change-records.js';
import { ALL_OPERATIONS } from './support/routes.js';
import { startTestApp, type Agent, type TestApp } from './support/test-app.js';

/** The write routes of the modules that go through the write path. */
const WRITE_ROUTES = ALL_OPERATIONS.filter((op) =>
  /^(POST|PUT|PATCH|DELETE) \/api\/v1\/(municipalities|needs|solutions|transfer-cases)/.test(op),
);

describe('change records: every write leaves exactly one, refused writes none', () => {
  let t: TestApp;
  let pilot: Agent;
  let outsider: Agent;
  let client: Agent;
  const ids: Record<'admin' | 'pilot' | 'client', { kind: 'user' | 'client'; id: string }> = {} as never;
  let regionId: string;
  let municipalityId: string;
  let solutionA: string;
  let solutionB: string;
  const exercised = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp();
    regionId = (
      await t.http
        .post('/api/v1/regions')
        .send({ code: 'wandel', name: 'Wandel', stateCode: 'DE-SN' })
        .expect(201)
    ).body.id;
    const elsewhere = (
      await t.http
        .post('/api/v1/regions')
        .send({ code: 'fern', name: 'Fern', stateCode: 'DE-SN' })
        .expect(201)
    ).body.id;
    pilot = await t.userAgent('lotse', [regionId]);
    outsider = await t.userAgent('lotse', [elsewhere]);
    client = await t.clientAgent({
      scopes: ['municipalities:write', 'needs:write', 'needs:read', 'cases:write', 'cases:read'],
      stateCodes: ['DE-SN'],
    });
    for (const [name, agent] of [
      ['admin', t.http],
      ['pilot', pilot],
      ['client', client],
    ] as const) {
      const me = (await agent.get('/api/v1/auth/me').expect(200)).body;
      ids[name] = { kind: me.kind, id: me.id };
    }
    municipalityId = (
      await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '14625501', name: 'Wandelsdorf', kind: 'gemeinde', regionId })
        .expect(201)
    ).body.id;
    solutionA = (
      await t.http
        .post('/api/v1/solutions')
        .send({ slug: 'buergerbus', title: 'Bürgerbus im ländlichen Raum', theme: 'ankommen-teilhabe' })
        .expect(201)
    ).body.id;
    solutionB = (
      await t.http
        .post('/api/v1/solutions')
        .send({ slug: 'rufbus', title: 'Rufbus auf Bestellung', theme: 'ankommen-teilhabe' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const changesOf = (res: Response): Promise<ChangeRow[]> =>
    t.db.query(
      `SELECT entity_type, entity_id, version, action, actor_user_id, actor_client_id
       FROM changes WHERE request_id = $1`,
      [res.headers['x-request-id']],
    );

  const versionOf = async (table: string, id: string): Promise<number | undefined> =>
    (await t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0]?.version;

  /** Exactly one record for the request, naming the caller, the entity, the action and the version the entity now has. */
  async function expectOneChange(
    operation: string,
    res: Response,
    expected: { actor: keyof typeof ids; entity: string; id: string; action: string; version: number },
  ) {
    exercised.add(operation);
    const actor = ids[expected.actor];
    expect(await changesOf(res)).toEqual([
      {
        entity_type: expected.entity,
        entity_id: expected.id,
        version: expected.version,
        action: expected.action,
        actor_user_id: actor.kind === 'user' ? actor.id : null,
        actor_client_id: actor.kind === 'client' ? actor.id : null,
      },
    ]);
  }

  async function expectNoChange(res: Response, table: string, id: string, version: number | undefined) {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await changesOf(res)).toEqual([]);
    expect(await versionOf(table, id)).toBe(version);
  }

  it('municipalities: create, upsert (create and update), update, delete', async () => {
    const created = await client
      .post('/api/v1/municipalities')
      .send({ ags: '14625502', name: 'Neudorf', kind: 'gemeinde' })
      .expect(201);
    await expectOneChange('POST /api/v1/municipalities', created, {
      actor: 'client',
      entity: 'municipality',
      id: created.body.id,
      action: 'created',
      version: 1,
    });
    const duplicate = await client
      .post('/api/v1/municipalities')
      .send({ ags: '14625502', name: 'Doppelt', kind: 'gemeinde' });
    expect(duplicate.status).toBe(409);
    expect(await changesOf(duplicate)).toEqual([]);

    const pushed = await client
      .put('/api/v1/municipalities/by-ags/14625503')
      .send({ name: 'Gepusht', kind: 'gemeinde' })
      .expect(201);
    await expectOneChange('PUT /api/v1/municipalities/by-ags/{ags}', pushed, {
      actor: 'client',
      entity: 'municipality',
      id: pushed.body.id,
      action: 'created',
      version: 1,
    });
    const repushed = await client
      .put('/api/v1/municipalities/by-ags/14625503')
      .send({ name: 'Gepusht (neu)', kind: 'gemeinde' })
      .expect(200);
    await expectOneChange('PUT /api/v1/municipalities/by-ags/{ags}', repushed, {
      actor: 'client',
      entity: 'municipality',
      id: pushed.body.id,
      action: 'updated',
      version: 2,
    });
    const same = await client
      .put('/api/v1/municipalities/by-ags/14625503')
      .send({ name: 'Gepusht (neu)', kind: 'gemeinde' })
      .expect(200);
    expect(await changesOf(same)).toEqual([]);
    expect(await versionOf('municipalities', pushed.body.id)).toBe(2);

    const renamed = await pilot
      .patch(`/api/v1/municipalities/${municipalityId}`)
      .send({ name: 'Wandelsdorf (Ortsteil)' })
      .expect(200);
    await expectOneChange('PATCH /api/v1/municipalities/{id}', renamed, {
      actor: 'pilot',
      entity: 'municipality',
      id: municipalityId,
      action: 'updated',
      version: 2,
    });
    const before = await versionOf('municipalities', municipalityId);
    await expectNoChange(
      await outsider.patch(`/api/v1/municipalities/${municipalityId}`).send({ name: 'Fremd' }),
      'municipalities',
      municipalityId,
      before,
    );
    await expectNoChange(
      await pilot.patch(`/api/v1/municipalities/${municipalityId}`).send({ kind: 'landkreis' }),
      'municipalities',
      municipalityId,
      before,
    );

    const doomed = created.body.id;
    await expectNoChange(
      await outsider.delete(`/api/v1/municipalities/${doomed}`),
      'municipalities',
      doomed,
      1,
    );
    const deleted = await client.delete(`/api/v1/municipalities/${doomed}`).expect(204);
    await expectOneChange('DELETE /api/v1/municipalities/{id}', deleted, {
      actor: 'client',
      entity: 'municipality',
      id: doomed,
      action: 'deleted',
      version: 2,
    });
    expect(await versionOf('municipalities', doomed)).toBeUndefined();
  });

  it('solutions: create, update, archive', async () => {
    const created = await t.http
      .post('/api/v1/solutions')
      .send({ slug: 'dorfladen', title: 'Digitaler Dorfladen', theme: 'ankommen-teilhabe' })
      .expect(201);
    await expectOneChange('POST /api/v1/solutions', created, {
      actor: 'admin',
      entity: 'solution',
      id: created.body.id,
      action: 'created',
      version: 1,
    });
    const taken = await t.http
      .post('/api/v1/solutions')
      .send({ slug: 'dorfladen', title: 'Noch einer', theme: 'ankommen-teilhabe' });
    expect(taken.status).toBe(409);
    expect(await changesOf(taken)).toEqual([]);

    const edited = await t.http
      .patch(`/api/v1/solutions/${created.body.id}`)
      .send({ summary: 'Ein Laden, den das Dorf selbst betreibt.' })
      .expect(200);
    await expectOneChange('PATCH /api/v1/solutions/{id}', edited, {
      actor: 'admin',
      entity: 'solution',
      id: created.body.id,
      action: 'updated',
      version: 2,
    });
    await expectNoChange(
      await t.http.patch(`/api/v1/solutions/${created.body.id}`).send({ slug: 'buergerbus' }),
      'solutions',
      created.body.id,
      2,
    );
    await expectNoChange(
      await pilot.post(`/api/v1/solutions/${created.body.id}/archive`),
      'solutions',
      created.body.id,
      2,
    );
    const archived = await t.http.post(`/api/v1/solutions/${created.body.id}/archive`).expect(200);
    await expectOneChange('POST /api/v1/solutions/{id}/archive', archived, {
      actor: 'admin',
      entity: 'solution',
      id: created.body.id,
      action: 'archived',
      version: 3,
    });
    const again = await t.http.post(`/api/v1/solutions/${created.body.id}/archive`).expect(200);
    expect(await changesOf(again)).toEqual([]);
  });

  it('needs: create, update, close', async () => {
    const created = await client
      .post('/api/v1/needs')
      .send({ municipalityId, title: 'Schülerverkehr am Nachmittag' })
      .expect(201);
    await expectOneChange('POST /api/v1/needs', created, {
      actor: 'client',
      entity: 'need',
      id: created.body.id,
      action: 'created',
      version: 1,
    });
    const unknown = await client
      .post('/api/v1/needs')
      .send({ municipalityId: '00000000-0000-4000-8000-000000000000', title: 'Nirgendwo' });
    expect(unknown.status).toBe(422);
    expect(await changesOf(unknown)).toEqual([]);

    const edited = await pilot
      .patch(`/api/v1/needs/${created.body.id}`)
      .send({ urgency: 'high', topics: ['mobilitaet'] })
      .expect(200);
    await expectOneChange('PATCH /api/v1/needs/{id}', edited, {
      actor: 'pilot',
      entity: 'need',
      id: created.body.id,
      action: 'updated',
      version: 2,
    });
    await expectNoChange(
      await outsider.patch(`/api/v1/needs/${created.body.id}`).send({ urgency: 'low' }),
      'needs',
      created.body.id,
      2,
    );
    const closed = await pilot
      .post(`/api/v1/needs/${created.body.id}/close`)
      .send({ reason: 'Der Kreis übernimmt.' })
      .expect(200);
    await expectOneChange('POST /api/v1/needs/{id}/close', closed, {
      actor: 'pilot',
      entity: 'need',
      id: created.body.id,
      action: 'closed',
      version: 3,
    });
    await expectNoChange(
      await pilot.post(`/api/v1/needs/${created.body.id}/close`).send({ reason: 'Nochmal.' }),
      'needs',
      created.body.id,
      3,
    );
  });

  it('transfer cases: open, candidates, update, transitions, comments', async () => {
    const needId = (
      await t.http
        .post('/api/v1/needs')
        .send({ municipalityId, title: 'Bus am Abend', description: 'Nach 18 Uhr fährt kein Bus mehr.' })
        .expect(201)
    ).body.id;
    const opened = await client.post('/api/v1/transfer-cases').send({ needId }).expect(201);
    const caseId: string = opened.body.id;
    const path = `/api/v1/transfer-cases/${caseId}`;
    const expectCase = (operation: string, res: Response, actor: keyof typeof ids, action: string) =>
      expectOneChange(operation, res, {
        actor,
        entity: 'transfer_case',
        id: caseId,
        action,
        version: res.body.version,
      });
    await expectCase('POST /api/v1/transfer-cases', opened, 'client', 'created');
    expect(opened.body.version).toBe(1);
    const second = await client.post('/api/v1/transfer-cases').send({ needId });
    expect(second.status).toBe(409);
    expect(await changesOf(second)).toEqual([]);

    const added = await pilot
      .post(`${path}/candidates`)
      .send({ solutionId: solutionA, rationale: 'Gleiche Lage.' })
      .expect(201);
    await expectCase('POST /api/v1/transfer-cases/{id}/candidates', added, 'pilot', 'candidate_added');
    await expectNoChange(
      await pilot.post(`${path}/candidates`).send({ solutionId: solutionA, rationale: 'Nochmal.' }),
      'transfer_cases',
      caseId,
      2,
    );

    const suggested = await pilot.post(`${path}/candidates/suggested`).send({ limit: 2 }).expect(200);
    if (suggested.body.version > 2) {
      await expectCase(
        'POST /api/v1/transfer-cases/{id}/candidates/suggested',
        suggested,
        'pilot',
        'candidate_added',
      );
    } else {
      exercised.add('POST /api/v1/transfer-cases/{id}/candidates/suggested');
      expect(await changesOf(suggested)).toEqual([]);
    }
    const version = suggested.body.version;
    const removed = await pilot.delete(`${path}/candidates/${solutionA}`).expect(200);
    expect(removed.body.version).toBe(version + 1);
    await expectCase(
      'DELETE /api/v1/transfer-cases/{id}/candidates/{solutionId}',
      removed,
      'pilot',
      'candidate_removed',
    );
    await expectNoChange(
      await pilot.delete(`${path}/candidates/${solutionA}`),
      'transfer_cases',
      caseId,
      version + 1,
    );
    await pilot.post(`${path}/candidates`).send({ solutionId: solutionB, rationale: 'Passt.' }).expect(201);

    const assigned = await pilot.patch(path).send({ assigneeId: ids.pilot.id }).expect(200);
    await expectCase('PATCH /api/v1/transfer-cases/{id}', assigned, 'pilot', 'updated');
    const stale = assigned.body.version - 1;
    await expectNoChange(
      await pilot.patch(path).set('If-Match', `"${stale}"`).send({ assigneeId: null }),
      'transfer_cases',
      caseId,
      assigned.body.version,
    );

    const moved = await pilot.post(`${path}/transitions`).send({ to: 'recherchiert' }).expect(200);
    await expectCase('POST /api/v1/transfer-cases/{id}/transitions', moved, 'pilot', 'transitioned');
    await expectNoChange(
      await pilot.post(`${path}/transitions`).send({ to: 'umgesetzt' }),
      'transfer_cases',
      caseId,
      moved.body.version,
    );
    await expectNoChange(
      await outsider.post(`${path}/transitions`).send({ to: 'abgebrochen', reason: 'x' }),
      'transfer_cases',
      caseId,
      moved.body.version,
    );

    const commented = await client.post(`${path}/comments`).send({ note: 'Rückruf am Montag.' }).expect(201);
    await expectOneChange('POST /api/v1/transfer-cases/{id}/comments', commented, {
      actor: 'client',
      entity: 'transfer_case',
      id: caseId,
      action: 'commented',
      // A comment is history, not a new version of the case.
      version: moved.body.version,
    });
    expect(await versionOf('transfer_cases', caseId)).toBe(moved.body.version);
    await expectNoChange(
      await client.post(`${path}/comments`).send({ note: ' ' }),
      'transfer_cases',
      caseId,
      moved.body.version,
    );
  });

  it('covered every write route of the four modules', () => {
    expect([...exercised].sort()).toEqual([...WRITE_ROUTES].sort());
  });

  it('keeps concurrent writes to one record apart: each its own version and record, nothing lost', async () => {
    const needId = (
      await t.http.post('/api/v1/needs').send({ municipalityId, title: 'Parallel bearbeitet' }).expect(201)
    ).body.id;
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        pilot.patch(`/api/v1/needs/${needId}`).send({ description: `Fassung ${i}` }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const records: { version: number; request_id: string }[] = await t.db.query(
      `SELECT version, request_id FROM changes WHERE entity_id = $1 AND action = 'updated' ORDER BY seq`,
      [needId],
    );
    expect(records.map((r) => r.version)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(records.map((r) => r.request_id))).toEqual(
      new Set(responses.map((r) => r.headers['x-request-id'])),
    );
    const [stored] = await t.db.query('SELECT version, description FROM needs WHERE id = $1', [needId]);
    expect(stored.version).toBe(9);
    // The last write to commit is what is stored, and it is the one that recorded version 9.
    const last = responses.find((r) => r.headers['x-request-id'] === records[7].request_id);
    expect(stored.description).toBe(last?.body.description);
  });

  it('records one creation and then updates when systems push one AGS concurrently', async () => {
    const ags = '14625509';
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        client
          .put(`/api/v1/municipalities/by-ags/${ags}`)
          .send({ name: `Gleichzeitig ${i}`, kind: 'gemeinde' }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const records: { version: number; action: string }[] = await t.db.query(
      `SELECT c.version, c.action FROM changes c JOIN municipalities m ON m.id = c.entity_id
       WHERE m.ags = $1 ORDER BY c.seq`,
      [ags],
    );
    expect(records).toEqual([
      { version: 1, action: 'created' },
      ...[2, 3, 4, 5, 6].map((version) => ({ version, action: 'updated' })),
    ]);
  });

  // The test app's pool has 5 connections: eight writers queue for one row lock while the holder
  // asks other modules (region, pilot, suggestions); were those asks on a second connection, the
  // holder would wait for a connection the queued writers hold, and this would hang.
  it('serves more concurrent writers of one record than the pool has connections', async () => {
    const needId = (
      await t.http
        .post('/api/v1/needs')
        .send({ municipalityId, title: 'Bus am Wochenende', description: 'Samstags fährt kein Bus.' })
        .expect(201)
    ).body.id;
    const caseId = (await pilot.post('/api/v1/transfer-cases').send({ needId }).expect(201)).body.id;
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () =>
        pilot.patch(`/api/v1/transfer-cases/${caseId}`).send({ assigneeId: ids.pilot.id }),
      ),
      ...Array.from({ length: 4 }, () =>
        pilot.post(`/api/v1/transfer-cases/${caseId}/candidates/suggested`).send({ limit: 1 }),
      ),
      ...Array.from({ length: 8 }, (_, i) =>
        pilot.patch(`/api/v1/municipalities/${municipalityId}`).send({ regionId, population: 100 + i }),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const [{ version }] = await t.db.query('SELECT version FROM transfer_cases WHERE id = $1', [caseId]);
    const [{ records }] = await t.db.query(
      `SELECT count(*)::int AS records FROM changes WHERE entity_id = $1 AND action <> 'created'`,
      [caseId],
    );
    expect(version).toBe(1 + records);
  });

  describe('the check that runs after every e2e file', () => {
    const caller = { kind: 'user' as const, id: 'u1' };
    const write = (overrides: Partial<ObservedWrite> = {}): ObservedWrite => ({
      method: 'PATCH',
      path: '/api/v1/needs/11111111-1111-4111-8111-111111111111',
      status: 200,
      requestId: 'r1',
      caller,
      ...overrides,
    });
    const row = (overrides: Record<string, unknown> = {}) => ({
      seq: '1',
      entity_type: 'need',
      entity_id: '11111111-1111-4111-8111-111111111111',
      version: 2,
      action: 'updated',
      actor_user_id: 'u1',
      actor_client_id: null,
      request_id: 'r1',
      ...overrides,
    });
    const created = row({ seq: '0', version: 1, action: 'created', request_id: null });
    const check = (writes: ObservedWrite[], rows: ReturnType<typeof row>[], version = 2) =>
      checkWrites(writes, {
        byRequest: rows.filter((r) => r.request_id !== null),
        history: rows,
        current: new Map([['11111111-1111-4111-8111-111111111111', version]]),
      });

    it('passes a write that kept the promise', () => {
      expect(check([write()], [created, row()])).toEqual([]);
    });

    it('reports a refused write that left a record', () => {
      expect(check([write({ status: 409 })], [created, row()])).toEqual([
        'PATCH /api/v1/needs/11111111-1111-4111-8111-111111111111 → 409: refused, yet left 1 change record(s)',
      ]);
    });

    it('reports a record naming someone else, another entity, or a skipped version', () => {
      expect(check([write()], [created, row({ actor_user_id: 'u2' })])).toHaveLength(1);
      expect(check([write()], [created, row({ entity_type: 'solution' })])).toHaveLength(1);
      expect(check([write()], [created, row({ version: 3 })], 3)).toHaveLength(1);
    });

    it('lets a case transition record what follows it (its need), only when it was accepted', () => {
      const caseId = '22222222-2222-4222-8222-222222222222';
      const transition = write({ method: 'POST', path: `/api/v1/transfer-cases/${caseId}/transitions` });
      const moved = row({
        seq: '2',
        entity_type: 'transfer_case',
        entity_id: caseId,
        version: 2,
        action: 'transitioned',
      });
      const caseCreated = row({ ...moved, seq: '-1', version: 1, action: 'created', request_id: null });
      const solved = row({ seq: '3', action: 'solved' });
      const rows = [created, caseCreated, moved, solved];
      const checked = (w: ObservedWrite) =>
        checkWrites([w], {
          byRequest: rows.filter((r) => r.request_id !== null),
          history: rows,
          current: new Map([
            ['11111111-1111-4111-8111-111111111111', 2],
            [caseId, 2],
          ]),
        });
      expect(checked(transition)).toEqual([]);
      expect(checked({ ...transition, status: 422 })).toEqual([
        `POST /api/v1/transfer-cases/${caseId}/transitions → 422: refused, yet left 1 record(s) of what follows it`,
        `POST /api/v1/transfer-cases/${caseId}/transitions → 422: refused, yet left 1 change record(s)`,
      ]);
      // Elsewhere a second record is one too many.
      const adoption = row({
        seq: '4',
        entity_type: 'adoption',
        entity_id: caseId,
        version: 1,
        action: 'created',
      });
      expect(
        checkWrites([write()], {
          byRequest: [row(), adoption],
          history: [created, row(), adoption],
          current: new Map([
            ['11111111-1111-4111-8111-111111111111', 2],
            [caseId, 1],
          ]),
        }),
      ).toContain(
        'PATCH /api/v1/needs/11111111-1111-4111-8111-111111111111 → 200: left 2 change records, not one',
      );
    });

    it('reports a version counted up without a record', () => {
      expect(check([write()], [created, row()], 3)).toEqual([
        'need 11111111-1111-4111-8111-111111111111: at version 3, its last change record says 2',
      ]);
    });
  });
});

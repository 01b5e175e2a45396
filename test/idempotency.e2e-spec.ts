import { randomUUID } from 'node:crypto';
import { IdempotencyKeys } from '../src/idempotency/idempotency-keys.js';
import { fingerprintOf } from '../src/idempotency/idempotency-rules.js';
import { aMunicipality } from './support/builders.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

/** Idempotency-Key on POST (IETF draft "The Idempotency-Key HTTP Header Field"). */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let municipalityId: string;
  let client: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    municipalityId = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201)).body.id;
    client = await t.clientAgent({ scopes: ['needs:read', 'needs:write'], stateCodes: ['DE-SN'] });
  });
  afterAll(() => t.close());

  const aNeed = (title = 'Wartezeiten im Bürgerbüro') => ({
    municipalityId,
    title,
    topics: ['buergerservice'],
  });
  const needsTitled = async (title: string) =>
    Number((await t.db.query('SELECT count(*)::int AS n FROM needs WHERE title = $1', [title]))[0].n);

  it('replays the first answer for a retry, without doing the work again', async () => {
    const key = randomUUID();
    const first = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Erster Versuch'))
      .expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Erster Versuch'))
      .expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toMatch(/^application\/json/);
    expect(await needsTitled('Erster Versuch')).toBe(1);
    const [changes] = await t.db.query(`SELECT count(*)::int AS n FROM changes WHERE entity_id = $1`, [
      first.body.id,
    ]);
    expect(changes.n).toBe(1);
  });

  it('takes the key as a Structured Fields string too, the same key either way', async () => {
    const key = randomUUID();
    const first = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', `"${key}"`)
      .send(aNeed('Gequotet'))
      .expect(201);
    const retry = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Gequotet'))
      .expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await needsTitled('Gequotet')).toBe(1);
  });

  it('lets 20 identical requests arriving at once create one need and all get its answer', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.post('/api/v1/needs').set('Idempotency-Key', key).send(aNeed('Zwanzig auf einmal')),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((res) => JSON.stringify(res.body))).size).toBe(1);
    expect(answers.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await needsTitled('Zwanzig auf einmal')).toBe(1);
  });

  it('refuses the same key for another request with 422, writing nothing', async () => {
    const key = randomUUID();
    await client.post('/api/v1/needs').set('Idempotency-Key', key).send(aNeed('Original')).expect(201);
    const before = await countRows(t.db, 'needs');
    const res = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Anderer Inhalt'))
      .expect(422);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({
      type: 'urn:transferstelle:problem:idempotency-key-reused',
      errors: [{ field: 'Idempotency-Key' }],
    });
    // Another path under the same key is another request too.
    await client
      .post(`/api/v1/needs/${randomUUID()}/close`)
      .set('Idempotency-Key', key)
      .send({ reason: 'x' })
      .expect(422);
    expect(await countRows(t.db, 'needs')).toBe(before);
  });

  it('keeps keys per caller: the same key of two callers is two requests', async () => {
    const key = randomUUID();
    const byClient = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Zwei Aufrufer'))
      .expect(201);
    const byAdmin = await t.http
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Zwei Aufrufer'))
      .expect(201);
    expect(byAdmin.body.id).not.toBe(byClient.body.id);
    expect(byAdmin.headers['idempotent-replayed']).toBeUndefined();
    expect(await needsTitled('Zwei Aufrufer')).toBe(2);
  });

  it('frees the key of a request that failed, so the corrected retry is done', async () => {
    const key = randomUUID();
    await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send({ municipalityId, title: '' })
      .expect(400);
    await client.post('/api/v1/needs').set('Idempotency-Key', key).send(aNeed('Nach dem Fehler')).expect(201);
    expect(await needsTitled('Nach dem Fehler')).toBe(1);
  });

  it('takes over a claim whose request died, and an expired key', async () => {
    const me = (await client.get('/api/v1/auth/me').expect(200)).body;
    const abandoned = randomUUID();
    await t.db.query(
      `INSERT INTO idempotency_keys (caller, key, fingerprint, status, created_at, expires_at)
       VALUES ($1, $2, $3, 'in_progress', now() - interval '2 minutes', now() + interval '1 day')`,
      [`client:${me.id}`, abandoned, fingerprintOf('POST', '/api/v1/needs', aNeed('Verwaist'))],
    );
    await client.post('/api/v1/needs').set('Idempotency-Key', abandoned).send(aNeed('Verwaist')).expect(201);
    expect(await needsTitled('Verwaist')).toBe(1);

    const expired = randomUUID();
    await client.post('/api/v1/needs').set('Idempotency-Key', expired).send(aNeed('Abgelaufen')).expect(201);
    await t.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      expired,
    ]);
    const again = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', expired)
      .send(aNeed('Abgelaufen'))
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await needsTitled('Abgelaufen')).toBe(2);
  });

  it('tells a retry the work was done when its answer was lost (instance died after the commit), doing nothing twice', async () => {
    const key = randomUUID();
    const first = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Antwort verloren'))
      .expect(201);
    // The answer is stored once it has been sent; a retry waits for it and replays it, so from
    // here on the row is settled.
    await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Antwort verloren'))
      .expect(201)
      .expect('Idempotent-Replayed', 'true');
    // The write marked the key in its own transaction, naming what it recorded.
    const [row] = await t.db.query('SELECT status, committed_entities FROM idempotency_keys WHERE key = $1', [
      key,
    ]);
    expect(row).toEqual({ status: 'completed', committed_entities: [{ kind: 'need', id: first.body.id }] });
    // As if the instance had died between the commit and storing the answer, a while ago.
    await t.db.query(
      `UPDATE idempotency_keys SET status = 'committed', response_status = NULL, response_headers = NULL,
              response_body = NULL, created_at = now() - interval '2 minutes' WHERE key = $1`,
      [key],
    );
    const retry = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', key)
      .send(aNeed('Antwort verloren'))
      .expect(409);
    expect(retry.body).toMatchObject({
      type: 'urn:transferstelle:problem:idempotency-key-answer-lost',
      detail: expect.stringContaining(`need ${first.body.id}`),
    });
    expect(await needsTitled('Antwort verloren')).toBe(1);
  });

  it('sweeps expired keys', async () => {
    const key = randomUUID();
    await client.post('/api/v1/needs').set('Idempotency-Key', key).send(aNeed('Gefegt')).expect(201);
    await t.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      key,
    ]);
    expect(await t.app.get(IdempotencyKeys).sweep()).toBeGreaterThanOrEqual(1);
    expect(await t.db.query('SELECT key FROM idempotency_keys WHERE key = $1', [key])).toEqual([]);
  });

  it('refuses a malformed key, and a key where the answer shows a secret once, writing nothing', async () => {
    const before = await countRows(t.db, 'needs');
    const bad = await client
      .post('/api/v1/needs')
      .set('Idempotency-Key', 'zwei worte')
      .send(aNeed('Nie'))
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await countRows(t.db, 'needs')).toBe(before);

    const clients = await countRows(t.db, 'api_clients');
    const secret = await t.http
      .post('/api/v1/api-clients')
      .set('Idempotency-Key', randomUUID())
      .send({ name: 'Mit Schlüssel', scopes: ['needs:read'] })
      .expect(400);
    expect(secret.body.errors).toEqual([
      { field: 'Idempotency-Key', message: expect.stringMatching(/shows a secret once/) },
    ]);
    expect(await countRows(t.db, 'api_clients')).toBe(clients);
    expect(
      await t.db.query(
        `SELECT key FROM idempotency_keys WHERE caller LIKE 'user:%' AND response_body LIKE '%key%'`,
      ),
    ).toEqual([]);
  });

  it('is documented on every authenticated POST', async () => {
    const doc = (await t.anon.get('/api/docs-json').expect(200)).body;
    const needs = doc.paths['/needs'].post;
    expect(needs.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
    expect(needs.responses['409'].headers['Retry-After']).toBeDefined();
    expect(doc.paths['/api-clients'].post['x-idempotency-key']).toMatch(/refused/);
    expect(JSON.stringify(doc.paths['/auth/login'].post.parameters ?? [])).not.toMatch(/Idempotency-Key/);
  });
});

describe('Idempotency-Key still in progress', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { IDEMPOTENCY_WAIT_MS: '100' } });
  });
  afterAll(() => t.close());

  it('answers 409 with Retry-After when the first request does not finish in time, writing nothing', async () => {
    const municipalityId = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201))
      .body.id;
    const me = (await t.http.get('/api/v1/auth/me').expect(200)).body;
    const key = randomUUID();
    const body = { municipalityId, title: 'Noch in Arbeit' };
    // Another instance is working on this request right now.
    await t.db.query(
      `INSERT INTO idempotency_keys (caller, key, fingerprint, status, expires_at)
       VALUES ($1, $2, $3, 'in_progress', now() + interval '1 day')`,
      [`user:${me.id}`, key, fingerprintOf('POST', '/api/v1/needs', body)],
    );
    const res = await t.http.post('/api/v1/needs').set('Idempotency-Key', key).send(body).expect(409);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ type: 'urn:transferstelle:problem:idempotency-key-in-progress' });
    expect(await countRows(t.db, 'needs')).toBe(0);
  });
});

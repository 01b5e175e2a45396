import type { INestApplication } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { aMunicipality } from './support/builders.js';
import { holdWriter } from './support/held-writer.js';
import {
  countRows,
  PROBLEM_JSON,
  startInstance,
  startTestApp,
  type Agent,
  type TestApp,
} from './support/test-app.js';
import { eventually, WebhookReceiver, type Received } from './support/webhook-receiver.js';

// Fast retries and rounds, so a test sees four attempts in seconds; the backoff is still pg-boss's.
const FAST = {
  WEBHOOK_DELIVERY: 'true',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_RETRY_DELAY_SECONDS: '1',
  WEBHOOK_DISPATCH_INTERVAL_MS: '100',
  // Generous: a loaded CI machine must not turn a slow answer into a retry (and a second request).
  WEBHOOK_TIMEOUT_MS: '5000',
};

interface Payload {
  type: string;
  timestamp: string;
  data: {
    entityType: string;
    entityId: string;
    action: string;
    externalIds: { system: string; externalId: string }[];
  };
}

/** Verifies a delivery as an integrator would, with the standardwebhooks package; throws if it does not verify. */
function verified(secret: string, received: Received): Payload {
  return new Webhook(secret).verify(received.body, received.headers as Record<string, string>) as Payload;
}

describe('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let saxony: Agent;
  let saxonAgs: string;
  let saxonId: string;
  let bavarianId: string;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await startTestApp({ env: FAST });
    saxonAgs = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201)).body.ags;
    saxonId = (await t.http.get(`/api/v1/municipalities/by-ags/${saxonAgs}`).expect(200)).body.id;
    bavarianId = (
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ ags: '09162000', kind: 'kreisfreie_stadt' }))
        .expect(201)
    ).body.id;
    saxony = await t.clientAgent({
      scopes: ['needs:read', 'needs:write', 'municipalities:read', 'webhooks:manage'],
      stateCodes: ['DE-SN'],
      systems: ['digitallotsen-sn'],
    });
  });
  afterAll(async () => {
    try {
      await t.close();
    } finally {
      await receiver.stop();
    }
  });

  const subscribe = async (agent: Agent, path: string, types = ['need']) => {
    const res = await agent
      .post('/api/v1/webhook-subscriptions')
      .send({ url: receiver.url(path), types })
      .expect(201);
    return res.body as { id: string; secret: string };
  };
  const newNeed = (ags: string, title: string) =>
    t.http.post('/api/v1/needs').send({ municipalityId: ags, title }).expect(201);
  const deliveriesOf = async (agent: Agent, id: string) =>
    (await agent.get(`/api/v1/webhook-subscriptions/${id}/deliveries`).expect(200)).body.items as Array<{
      id: string;
      eventType: string;
      status: string;
      attempts: Array<{ statusCode: number | null; durationMs: number; error: string | null }>;
    }>;

  it('delivers signed changes that standardwebhooks verifies, in the client’s territory only', async () => {
    const subscription = await subscribe(saxony, '/signed');
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const shown = await saxony.get(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(200);
    expect(shown.body).not.toHaveProperty('secret');
    expect(shown.body).toMatchObject({ state: 'receiving', types: ['need'], url: receiver.url('/signed') });

    // Committed first, so it would arrive first if the territory did not hold.
    await newNeed(bavarianId, 'Bedarf in Bayern');
    const pushed = await saxony
      .put('/api/v1/integrations/digitallotsen-sn/needs/sn-4711')
      .send({ municipalityAgs: saxonAgs, title: 'Bedarf in Sachsen' })
      .expect(201);

    const [first] = await receiver.waitFor('/signed', 1);
    const payload = verified(subscription.secret, first);
    expect(payload).toMatchObject({
      type: 'need.created',
      data: {
        entityType: 'need',
        entityId: pushed.body.id,
        action: 'created',
        externalIds: [{ system: 'digitallotsen-sn', externalId: 'sn-4711' }],
      },
    });
    expect(first.headers['webhook-id']).toEqual(expect.any(String));
    expect(first.headers['content-type']).toBe('application/json');
    // The signature covers the body: a changed byte does not verify.
    expect(() => verified(subscription.secret, { ...first, body: `${first.body} ` })).toThrow();
    expect(() =>
      verified(subscription.secret, { ...first, body: first.body.replace('created', 'deleted') }),
    ).toThrow();

    const delivered = await eventually(async () => {
      const items = await deliveriesOf(saxony, subscription.id);
      return items.length === 1 && items[0].status === 'delivered' ? items : undefined;
    });
    expect(delivered[0]).toMatchObject({ id: first.headers['webhook-id'], eventType: 'need.created' });
    expect(delivered[0].attempts).toEqual([
      { at: expect.any(String), statusCode: 200, durationMs: expect.any(Number), error: null },
    ]);
    expect(receiver.at('/signed')).toHaveLength(1);
    await saxony.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(204);
  });

  it('retries a receiver that answers 500 three times, then 200: delivered once, four attempts logged', async () => {
    receiver.script('/flaky', 500, 500, 500);
    const subscription = await subscribe(saxony, '/flaky');
    const need = await newNeed(saxonId, 'Bedarf mit Wiederholungen');

    const requests = await receiver.waitFor('/flaky', 4);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const request of requests)
      expect(verified(subscription.secret, request).data.entityId).toBe(need.body.id);
    // Backoff: each retry waited longer than the one before (1–2 s, 2–4 s, 4–8 s with jitter).
    const delivered = await eventually(async () => {
      const [item] = await deliveriesOf(saxony, subscription.id);
      return item?.status === 'delivered' ? item : undefined;
    });
    expect(delivered.attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [500, 'HTTP 500'],
      [500, 'HTTP 500'],
      [500, 'HTTP 500'],
      [200, null],
    ]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1`,
      [subscription.id],
    );
    expect(n).toBe(1);
    expect(receiver.at('/flaky')).toHaveLength(4);
    const shown = await saxony.get(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(200);
    expect(shown.body.failingSince).toBeNull();
    await saxony.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(204);
  });

  it('pauses a subscription that has failed for the configured time, with the reason; resuming sends what waited', async () => {
    receiver.script('/down', 503);
    const subscription = await subscribe(saxony, '/down');
    // The failing streak began a day ago (instead of waiting one).
    await t.db.query(
      `UPDATE webhook_subscriptions SET failing_since = now() - interval '25 hours' WHERE id = $1`,
      [subscription.id],
    );
    const need = await newNeed(saxonId, 'Bedarf für einen Empfänger, der ausfällt');
    await receiver.waitFor('/down', 1);
    const paused = await eventually(async () => {
      const res = await saxony.get(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(200);
      return res.body.state === 'paused' ? res.body : undefined;
    });
    expect(paused.pausedReason).toMatch(
      /^paused: every delivery has failed since \d{4}-.*; last error: HTTP 503$/,
    );
    expect(paused.active).toBe(true);
    const [waiting] = await deliveriesOf(saxony, subscription.id);
    expect(waiting.status).toBe('pending');

    const resumed = await saxony
      .patch(`/api/v1/webhook-subscriptions/${subscription.id}`)
      .send({ active: true })
      .expect(200);
    expect(resumed.body).toMatchObject({
      state: 'receiving',
      pausedAt: null,
      pausedReason: null,
      failingSince: null,
    });
    const [, second] = await receiver.waitFor('/down', 2);
    expect(verified(subscription.secret, second).data.entityId).toBe(need.body.id);
    await eventually(async () =>
      (await deliveriesOf(saxony, subscription.id))[0].status === 'delivered' ? true : undefined,
    );
    await saxony.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(204);
  });

  it('moves a subscription past changes it may not see, and still delivers one whose transaction committed late', async () => {
    const subscription = await subscribe(saxony, '/late');
    // A writer that recorded its change first and commits last (as in the change feed's test).
    const held = await holdWriter(t.databaseUrl);
    try {
      const heldId = held.entityId;
      // Meanwhile others commit, outside Saxony: the subscription's cursor moves past them to the head.
      await newNeed(bavarianId, 'Bayern, während ein Schreiber offen ist');
      const [{ head }] = await t.db.query('SELECT max(position)::text AS head FROM change_commits');
      await eventually(async () => {
        const [row] = await t.db.query(
          'SELECT after_position::text AS position FROM webhook_subscriptions WHERE id = $1',
          [subscription.id],
        );
        return BigInt(row.position) >= BigInt(head) ? true : undefined;
      });
      await held.commit();

      const [late] = await receiver.waitFor('/late', 1);
      expect(verified(subscription.secret, late).data).toMatchObject({ entityId: heldId, action: 'created' });
      // The Bavarian need never came, the late one exactly once.
      const marker = await newNeed(saxonId, 'Markierung nach dem späten Schreiber');
      const all = await receiver.waitFor('/late', 2);
      expect(all.map((r) => verified(subscription.secret, r).data.entityId)).toEqual([
        heldId,
        marker.body.id,
      ]);
    } finally {
      await held.end();
    }
    await saxony.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(204);
  });

  it('deletes a subscription while its deliveries are being sent and recorded: 204, and its log goes with it', async () => {
    const subscription = await subscribe(saxony, '/busy');
    for (let i = 0; i < 8; i++) await newNeed(saxonId, `Bedarf im Gedränge ${i}`);
    await receiver.waitFor('/busy', 1);
    // Workers are recording attempts right now: the delete must wait its turn, not deadlock (500).
    await saxony.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(204);
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1',
      [subscription.id],
    );
    expect(n).toBe(0);
  });

  it('sends a test ping on request and shows what the receiver answered; a redirect is not followed', async () => {
    const subscription = await subscribe(saxony, '/ping');
    const ok = await saxony.post(`/api/v1/webhook-subscriptions/${subscription.id}/test`).expect(200);
    expect(ok.body).toMatchObject({
      eventType: 'webhook.test',
      status: 'delivered',
      attempts: [{ statusCode: 200, error: null }],
    });
    const [ping] = await receiver.waitFor('/ping', 1);
    expect(verified(subscription.secret, ping)).toMatchObject({
      type: 'webhook.test',
      data: { subscriptionId: subscription.id },
    });

    receiver.script('/ping', { status: 302, headers: { location: receiver.url('/elsewhere') } });
    const moved = await saxony.post(`/api/v1/webhook-subscriptions/${subscription.id}/test`).expect(200);
    expect(moved.body).toMatchObject({
      status: 'failed',
      attempts: [{ statusCode: 302, error: 'redirect not followed' }],
    });

    receiver.script('/ping', { status: 200, hang: true });
    const slow = await saxony.post(`/api/v1/webhook-subscriptions/${subscription.id}/test`).expect(200);
    expect(slow.body).toMatchObject({
      status: 'failed',
      attempts: [{ statusCode: null, error: 'no answer within 5000 ms' }],
    });
    expect(receiver.at('/elsewhere')).toHaveLength(0);

    // Pings do not count towards pausing.
    const shown = await saxony.get(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(200);
    expect(shown.body).toMatchObject({ state: 'receiving', failingSince: null });
    const rotated = await saxony.post(`/api/v1/webhook-subscriptions/${subscription.id}/secret`).expect(200);
    expect(rotated.body.secret).not.toBe(subscription.secret);
    await saxony.post(`/api/v1/webhook-subscriptions/${subscription.id}/test`).expect(200);
    const [, , , again] = await receiver.waitFor('/ping', 4);
    expect(() => verified(subscription.secret, again)).toThrow();
    expect(verified(rotated.body.secret, again).type).toBe('webhook.test');
    await saxony.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(204);
  });

  it('keeps subscriptions to their client and to what it may read', async () => {
    const subscription = await subscribe(saxony, '/own');
    const other = await t.clientAgent({ scopes: ['needs:read', 'webhooks:manage'], stateCodes: ['DE-BY'] });
    await other.get(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(404);
    await other.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(404);
    expect((await other.get('/api/v1/webhook-subscriptions').expect(200)).body.items).toEqual([]);
    const mine = await saxony.get('/api/v1/webhook-subscriptions').expect(200);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([subscription.id]);

    const before = await countRows(t.db, 'webhook_subscriptions');
    const unreadable = await other
      .post('/api/v1/webhook-subscriptions')
      .send({ url: receiver.url('/x'), types: ['transfer_case'] })
      .expect(422);
    expect(unreadable.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(unreadable.body.errors).toEqual([
      { field: 'types', message: expect.stringContaining('transfer_case') },
    ]);
    const admin = await t.http
      .post('/api/v1/webhook-subscriptions')
      .send({ url: receiver.url('/x') })
      .expect(422);
    expect(admin.body.errors).toEqual([{ field: 'clientId', message: expect.any(String) }]);
    const unknownField = await saxony
      .post('/api/v1/webhook-subscriptions')
      .send({ url: receiver.url('/x'), secret: 'mine' })
      .expect(400);
    expect(unknownField.body.errors[0].field).toBe('secret');
    await saxony
      .post('/api/v1/webhook-subscriptions')
      .set('Idempotency-Key', 'k-1')
      .send({ url: receiver.url('/x') })
      .expect(400);
    expect(await countRows(t.db, 'webhook_subscriptions')).toBe(before);
    await saxony.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(204);
  });
});

describe('webhook targets (SSRF)', () => {
  let t: TestApp;
  let client: Agent;

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
    client = await t.clientAgent({ scopes: ['needs:read', 'webhooks:manage'], stateCodes: ['DE-SN'] });
  });
  afterAll(() => t.close());

  it.each([
    ['http://example.org/hook', 'url must use https (plain http only where private targets are allowed)'],
    ['https://127.0.0.1/hook', 'url must not point to a loopback, private or reserved address'],
    ['https://10.1.2.3/hook', 'url must not point to a loopback, private or reserved address'],
    [
      'https://169.254.169.254/latest/meta-data',
      'url must not point to a loopback, private or reserved address',
    ],
    ['https://[::1]/hook', 'url must not point to a loopback, private or reserved address'],
    ['https://[::ffff:192.168.0.1]/hook', 'url must not point to a loopback, private or reserved address'],
    ['https://localhost/hook', 'url must not point to this machine'],
  ])('refuses %s with 422 naming url, and stores nothing', async (url, message) => {
    const res = await client.post('/api/v1/webhook-subscriptions').send({ url }).expect(422);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body.errors).toEqual([{ field: 'url', message }]);
    expect(await countRows(t.db, 'webhook_subscriptions')).toBe(0);
  });

  it('accepts a public https URL', async () => {
    await client
      .post('/api/v1/webhook-subscriptions')
      .send({ url: 'https://hooks.example.org/ts' })
      .expect(201);
  });
});

describe('webhooks across instances', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let client: Agent;
  let ags: string;
  const instances: INestApplication[] = [];

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    // This instance serves the API only; the ones started below deliver.
    t = await startTestApp({ env: { ...FAST, WEBHOOK_DELIVERY: 'false' } });
    ags = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201)).body.id;
    client = await t.clientAgent({ scopes: ['needs:read', 'webhooks:manage'], stateCodes: ['DE-SN'] });
  });
  afterAll(async () => {
    try {
      for (const app of instances) await app.close();
      await t.close();
    } finally {
      await receiver.stop();
    }
  });

  const deliverer = async () => {
    const app = await startInstance(t.databaseUrl, FAST);
    instances.push(app);
    return app;
  };
  const subscribe = async (path: string) =>
    (
      await client
        .post('/api/v1/webhook-subscriptions')
        .send({ url: receiver.url(path), types: ['need'] })
        .expect(201)
    ).body as { id: string; secret: string };

  it('delivers a retry after the instance that began it was restarted', async () => {
    receiver.script('/restart', 500);
    const subscription = await subscribe('/restart');
    const first = await deliverer();
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: ags, title: 'Über den Neustart' })
      .expect(201);
    await receiver.waitFor('/restart', 1);
    await first.close();
    instances.splice(instances.indexOf(first), 1);

    await deliverer();
    const [failed, delivered] = await receiver.waitFor('/restart', 2);
    expect(delivered.headers['webhook-id']).toBe(failed.headers['webhook-id']);
    expect(
      new Webhook(subscription.secret).verify(delivered.body, delivered.headers as Record<string, string>),
    ).toMatchObject({
      data: { entityId: need.body.id },
    });
    const [row] = await eventually(async () => {
      const rows: { status: string; attempts: number }[] = await t.db.query(
        `SELECT status, attempts FROM webhook_deliveries WHERE subscription_id = $1`,
        [subscription.id],
      );
      return rows[0]?.status === 'delivered' ? rows : undefined;
    });
    expect(row).toEqual({ status: 'delivered', attempts: 2 });
    expect(receiver.at('/restart')).toHaveLength(2);
    await client.delete(`/api/v1/webhook-subscriptions/${subscription.id}`).expect(204);
  });

  it('delivers each change once when two instances deliver', async () => {
    const subscription = await subscribe('/twice');
    while (instances.length < 2) await deliverer();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        (
          await t.http
            .post('/api/v1/needs')
            .send({ municipalityId: ags, title: `Bedarf ${i}` })
            .expect(201)
        ).body.id,
      );
    }
    const received = await receiver.waitFor('/twice', 12);
    // A marker committed after the rest: once it is in, any duplicate of the others would have been made too.
    const marker = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: ags, title: 'Markierung' })
      .expect(201);
    await eventually(async () =>
      receiver.at('/twice').some((r) => r.body.includes(marker.body.id)) ? true : undefined,
    );
    await eventually(async () => {
      const [{ pending }] = await t.db.query(
        `SELECT count(*) FILTER (WHERE status <> 'delivered')::int AS pending FROM webhook_deliveries WHERE subscription_id = $1`,
        [subscription.id],
      );
      return pending === 0 ? true : undefined;
    });
    const all = receiver.at('/twice');
    const entityIds = all.map((r) => (JSON.parse(r.body) as Payload).data.entityId);
    expect(entityIds.sort()).toEqual([...ids, marker.body.id].sort());
    expect(new Set(all.map((r) => r.headers['webhook-id'])).size).toBe(13);
    expect(received.length).toBeGreaterThanOrEqual(12);
    const [{ n, attempts }] = await t.db.query(
      `SELECT count(*)::int AS n, sum(attempts)::int AS attempts FROM webhook_deliveries WHERE subscription_id = $1`,
      [subscription.id],
    );
    expect({ n, attempts }).toEqual({ n: 13, attempts: 13 });
  });
});

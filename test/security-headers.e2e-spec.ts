import { PROBLEM_JSON, startTestApp, type TestApp } from './support/test-app.js';

const DESK = 'https://desk.example.de';

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { CORS_ORIGINS: `${DESK},http://localhost:5173`, HSTS_MAX_AGE_SECONDS: '31536000' },
    });
  });
  afterAll(() => t.close());

  const expectApiHeaders = (headers: Record<string, string>) => {
    expect(headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-powered-by']).toBeUndefined();
  };

  it('an authenticated answer: CSP that allows nothing, nosniff, HSTS, no-store', async () => {
    const res = await t.http.get('/api/v1/states').expect(200);
    expectApiHeaders(res.headers);
  });

  it('an error answer carries the same', async () => {
    const res = await t.anon.get('/api/v1/states').expect(401);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expectApiHeaders(res.headers);
    const notFound = await t.http.get('/api/v1/nothing-here').expect(404);
    expectApiHeaders(notFound.headers);
  });

  it('Swagger UI renders under its own CSP: its scripts and styles from this origin, nothing inline but styles', async () => {
    const page = await t.anon.get('/api/docs/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Every script of the page is a file, served here with a script type; no inline script runs.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
      expect(src).toBeDefined();
      const asset = await t.anon.get(new URL(src!, 'http://x/api/docs/').pathname).expect(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
    }
    // The page fetches the document from this origin, as connect-src allows.
    const init = await t.anon.get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"validatorUrl": null');
    await t.anon.get('/api/docs-json').expect(200);
  });

  it('answers a CORS preflight from an allowed origin with what the desk needs', async () => {
    const res = await t.anon
      .options('/api/v1/needs')
      .set('Origin', DESK)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(DESK);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/i);
    expect(res.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/i);
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers.vary).toMatch(/Origin/);

    const call = await t.http.get('/api/v1/states').set('Origin', DESK).expect(200);
    expect(call.headers['access-control-allow-origin']).toBe(DESK);
    expect(call.headers['access-control-expose-headers']).toMatch(/ETag/);
    expect(call.headers['access-control-expose-headers']).toMatch(/RateLimit/);
  });

  it('gives an origin not on the list no CORS permission', async () => {
    const res = await t.anon
      .options('/api/v1/needs')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const call = await t.http.get('/api/v1/states').set('Origin', 'https://evil.example').expect(200);
    expect(call.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no HSTS unless configured (TLS ends in front of the app)', async () => {
    const plain = await startTestApp();
    try {
      const res = await plain.http.get('/api/v1/states').expect(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    } finally {
      await plain.close();
    }
  });
});

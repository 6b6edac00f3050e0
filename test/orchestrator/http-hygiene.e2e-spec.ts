import { ManualClock } from '@flotilla/core';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app-harness';

const ORIGIN = 'https://ops.example.com';

describe('HTTP hygiene', () => {
  describe('headers, 405 and CORS off (default config)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('sends helmet security headers and no X-Powered-By, on answers and errors alike', async () => {
      for (const res of [
        await request(t.http).get('/health/live').expect(200),
        await request(t.http).get('/no/such/route').expect(404),
      ]) {
        expect(res.headers['x-powered-by']).toBeUndefined();
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['strict-transport-security']).toContain('max-age=');
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).not.toContain('upgrade-insecure-requests');
      }
    });

    it('keeps Swagger UI working under the CSP: no inline script, every asset loads', async () => {
      const page = await request(t.http).get('/docs/').expect(200);
      const html = page.text;
      expect(html).toContain('swagger-ui');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const assets = [...html.matchAll(/(?:src|href)=["']([^"']+\.(?:js|css))["']/g)].map(
        (m) => m[1],
      );
      expect(assets.length).toBeGreaterThanOrEqual(3);
      for (const asset of assets) {
        expect(asset).not.toMatch(/^https?:/); // same origin, allowed by script-src 'self'
        const res = await request(t.http).get(new URL(asset, 'http://x/docs/').pathname);
        expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      }
      await request(t.http).get('/docs-json').expect(200);
    });

    it('answers a known path under the wrong method with 405, Allow and the JSON error', async () => {
      const res = await request(t.http)
        .post('/engines/status')
        .set('X-Request-Id', 'wrong-method-1')
        .expect(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.body).toEqual({
        statusCode: 405,
        error: 'Method Not Allowed',
        message: expect.stringContaining('GET, HEAD') as string,
        requestId: 'wrong-method-1',
      });
      const get = await request(t.http).get('/engines/start/BTCUSDT').expect(405);
      expect(get.headers.allow).toBe('POST');
      const put = await request(t.http).delete('/engines/BTCUSDT/config').expect(405);
      expect(put.headers.allow).toBe('PUT');
      await request(t.http).delete('/health/live').expect(405);
    });

    it('leaves unknown paths and right methods alone', async () => {
      await request(t.http).post('/engines/nothing/here').expect(404);
      await request(t.http).get('/engines/status').expect(200);
      await request(t.http).head('/engines/status').expect(200);
      await request(t.http).post('/engines/stop/BTCUSDT').expect(401);
    });

    it('sends no CORS headers unless origins are configured', async () => {
      const simple = await request(t.http).get('/engines/status').set('Origin', ORIGIN);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(t.http)
        .options('/engines/start/BTCUSDT')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    });
  });

  describe('failed authentications and CORS on', () => {
    let t: TestApp;
    const clock = new ManualClock();
    beforeAll(async () => {
      t = await startTestApp({
        clock,
        overrides: {
          corsOrigins: [ORIGIN],
          rateLimit: { authFailuresPerMinute: 3, mutationsPerMinute: 0, readsPerMinute: 0 },
        },
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('refuses a client after 3 failures, even with the right token, until the minute passes', async () => {
      const wrong = { Authorization: `Bearer ${t.token}x` };
      for (let i = 0; i < 3; i++)
        await request(t.http).post('/engines/stop/BTCUSDT').set(wrong).expect(401);
      clock.advance(30_000);
      const refused = await request(t.http)
        .get('/trading/signals')
        .set(t.auth())
        .set('X-Request-Id', 'auth-limited')
        .expect(429);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.body).toMatchObject({ statusCode: 429, requestId: 'auth-limited' });
      // Routes without a token are untouched.
      await request(t.http).get('/engines/status').expect(200);
      clock.advance(30_000);
      await request(t.http).get('/trading/signals').set(t.auth()).expect(200);
    });

    it('counts only failures: the right token never uses up the budget', async () => {
      for (let i = 0; i < 20; i++)
        await request(t.http).get('/trading/signals').set(t.auth()).expect(200);
    });

    it('allows the configured origins only', async () => {
      const ok = await request(t.http).get('/engines/status').set('Origin', ORIGIN).expect(200);
      expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(ok.headers['access-control-expose-headers']).toContain('X-Request-Id');
      const other = await request(t.http)
        .get('/engines/status')
        .set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(t.http)
        .options('/engines/start/BTCUSDT')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization')
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    });
  });

  describe('read and mutation limits', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        overrides: {
          rateLimit: { authFailuresPerMinute: 0, mutationsPerMinute: 4, readsPerMinute: 5 },
        },
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('never limits health probes or metrics', async () => {
      for (let i = 0; i < 30; i++) {
        await request(t.http).get('/health/live').expect(200);
        await request(t.http).get('/metrics').expect(200);
      }
    });

    it('refuses the 6th read in a minute with 429, Retry-After and the JSON error', async () => {
      for (let i = 0; i < 5; i++) await request(t.http).get('/engines/status').expect(200);
      const res = await request(t.http)
        .get('/data/pairs')
        .set('X-Request-Id', 'read-6')
        .expect(429);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.body).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        requestId: 'read-6',
        message: expect.stringContaining('reads') as string,
      });
    });

    it('counts mutations apart from reads', async () => {
      for (let i = 0; i < 4; i++)
        await request(t.http).post('/engines/stop/BTCUSDT').set(t.auth()).expect(404);
      const res = await request(t.http).post('/engines/stop/BTCUSDT').set(t.auth()).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.body).toMatchObject({ statusCode: 429 });
      await request(t.http).get('/health/ready');
      await request(t.http).get('/metrics').expect(200);
    });
  });
});

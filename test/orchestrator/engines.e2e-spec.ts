import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SYMBOL_RULE } from '@flotilla/core';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Error bodies are { statusCode, error, code?, message, requestId } and never carry a stack. */
function expectErrorBody(res: request.Response, statusCode: number): string {
  expect(res.status).toBe(statusCode);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const { code } = res.body as { code?: unknown };
  expect(res.body).toEqual({
    statusCode,
    error: expect.any(String) as string,
    ...(code === undefined ? {} : { code: expect.stringMatching(/^[A-Z_]+$/) as string }),
    message: expect.any(String) as string,
    requestId: String(res.headers['x-request-id']),
  });
  expect(res.text).not.toMatch(/stack|\s at /);
  return (res.body as { message: string }).message;
}

/** Straight from DATA_DIR/engine-registry.json ({ version, engines: { SYMBOL: record } }). */
async function registryOverrides(t: TestApp, symbol: string): Promise<unknown> {
  const text = await readFile(join(t.dataDir, 'engine-registry.json'), 'utf8');
  const doc = JSON.parse(text) as { engines: Record<string, { configOverrides: unknown }> };
  return doc.engines[symbol]?.configOverrides;
}

describe('orchestrator /engines (real app, real simulator)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('start → status → stop → restart, with the documented codes and bodies', async () => {
    const started = await request(t.http).post('/engines/start/BTCUSDT').set(t.auth());
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      ok: true,
      symbol: 'BTCUSDT',
      status: 'running',
      engine: { symbol: 'BTCUSDT', status: 'running', desiredStatus: 'running' },
    });

    const status = await request(t.http).get('/engines/status/BTCUSDT');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ symbol: 'BTCUSDT', status: 'running', restartCount: 0 });

    const fleet = await request(t.http).get('/engines/status');
    expect(fleet.status).toBe(200);
    expect(fleet.body).toMatchObject({ total: 1, running: 1, crashed: 0, stopped: 0, failed: 0 });

    const stopped = await request(t.http).post('/engines/stop/BTCUSDT').set(t.auth());
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({
      ok: true,
      status: 'stopped',
      engine: { status: 'stopped', desiredStatus: 'stopped' },
    });
    expect((await t.status('BTCUSDT')).status).toBe('stopped');

    const restarted = await request(t.http).post('/engines/restart/BTCUSDT').set(t.auth());
    expect(restarted.status).toBe(200);
    expect(restarted.body).toMatchObject({
      ok: true,
      status: 'running',
      engine: { status: 'running', desiredStatus: 'running' },
    });
  });

  it('409 when starting an engine that is already running', async () => {
    await request(t.http).post('/engines/start/ETHUSDT').set(t.auth()).expect(201);
    const again = await request(t.http).post('/engines/start/ETHUSDT').set(t.auth());
    expect(expectErrorBody(again, 409)).toMatch(/ETHUSDT.*running/);
  });

  it('normalises BTC-USDT and btcusdt to BTCUSDT', async () => {
    const dashed = await request(t.http).post('/engines/stop/BTC-USDT').set(t.auth());
    expect(dashed.status).toBe(200);
    expect(dashed.body).toMatchObject({ symbol: 'BTCUSDT' });
    const lower = await request(t.http).post('/engines/start/btcusdt').set(t.auth());
    expect(lower.status).toBe(201);
    expect(lower.body).toMatchObject({ symbol: 'BTCUSDT', status: 'running' });
    const status = await request(t.http).get('/engines/status/btc_usdt');
    expect(status.body).toMatchObject({ symbol: 'BTCUSDT', status: 'running' });
  });

  it.each([
    ['a path traversal', encodeURIComponent('../x')],
    ['300 characters', 'A'.repeat(300)],
    ['unicode', encodeURIComponent('BTC€USDT')],
    ['an emoji', encodeURIComponent('🚀USDT')],
  ])('400 naming the rule for %s', async (_what, symbol) => {
    for (const command of ['start', 'stop', 'restart']) {
      const res = await request(t.http).post(`/engines/${command}/${symbol}`).set(t.auth());
      expect(expectErrorBody(res, 400)).toContain(SYMBOL_RULE);
    }
    const status = await request(t.http).get(`/engines/status/${symbol}`);
    expect(expectErrorBody(status, 400)).toContain(SYMBOL_RULE);
    const config = await request(t.http)
      .put(`/engines/${symbol}/config`)
      .set(t.auth())
      .send({ cooldownMs: 1000 });
    expect(expectErrorBody(config, 400)).toContain(SYMBOL_RULE);
  });

  it('401 with a JSON error for a missing or wrong token, and nothing happens', async () => {
    const missing = await request(t.http).post('/engines/start/SOLUSDT');
    expect(expectErrorBody(missing, 401)).toMatch(/missing bearer token/);
    expect(missing.body).toMatchObject({ error: 'Unauthorized' });
    const wrong = await request(t.http)
      .post('/engines/start/SOLUSDT')
      .set('Authorization', `Bearer ${'x'.repeat(32)}`);
    expect(expectErrorBody(wrong, 401)).toMatch(/invalid bearer token/);
    const notBearer = await request(t.http)
      .post('/engines/start/SOLUSDT')
      .set('Authorization', `Basic ${t.token}`);
    expectErrorBody(notBearer, 401);
    expect(wrong.text).not.toContain(t.token);
    // The scheme name is case-insensitive (RFC 9110); the token is not.
    const lower = await request(t.http)
      .get('/trading/signals')
      .set('Authorization', `bearer ${t.token}`);
    expect(lower.status).toBe(200);
    const upperToken = await request(t.http)
      .get('/trading/signals')
      .set('Authorization', `Bearer ${t.token.toUpperCase()}`);
    expectErrorBody(upperToken, 401);
    expectErrorBody(await request(t.http).get('/engines/status/SOLUSDT'), 404);
  });

  it('404 for unknown engines and for well-formed symbols the venue does not list', async () => {
    expect(expectErrorBody(await request(t.http).get('/engines/status/XRPUSDT'), 404)).toMatch(
      /no engine for XRPUSDT/,
    );
    const unlisted = await request(t.http).post('/engines/start/FOOUSDT').set(t.auth());
    expect(expectErrorBody(unlisted, 404)).toMatch(/FOOUSDT is not listed/);
    expectErrorBody(await request(t.http).post('/engines/stop/XRPUSDT').set(t.auth()), 404);
    expectErrorBody(await request(t.http).post('/engines/restart/XRPUSDT').set(t.auth()), 404);
    expectErrorBody(await request(t.http).get('/engines/status/FOOUSDT'), 404);
  });

  describe('PUT /engines/{symbol}/config', () => {
    it('200 with valid overrides, persisted in the registry', async () => {
      const res = await request(t.http)
        .put('/engines/BTCUSDT/config')
        .set(t.auth())
        .send({ buyThreshold: '0.8', sellThreshold: '0.2', depthLevels: 5 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        symbol: 'BTCUSDT',
        overrides: { buyThreshold: '0.8', sellThreshold: '0.2', depthLevels: 5 },
        appliesOn: 'next start',
      });
      expect(await registryOverrides(t, 'BTCUSDT')).toEqual({
        buyThreshold: '0.8',
        sellThreshold: '0.2',
        depthLevels: 5,
      });
    });

    it.each([
      ['an out-of-range threshold', { buyThreshold: '2' }, 'buyThreshold'],
      ['a number where a decimal string is due', { buyThreshold: 0.9 }, 'buyThreshold'],
      ['an unknown key', { buyThreshold: '0.9', bogusKey: 1 }, 'bogusKey'],
      ['sell above buy', { sellThreshold: '0.85' }, 'sellThreshold'],
      ['a non-integer depth', { depthLevels: 2.5 }, 'depthLevels'],
    ])('400 naming the key for %s, and nothing changes', async (_what, body, key) => {
      const res = await request(t.http).put('/engines/BTCUSDT/config').set(t.auth()).send(body);
      expect(expectErrorBody(res, 400)).toContain(key);
      expect(await registryOverrides(t, 'BTCUSDT')).toEqual({
        buyThreshold: '0.8',
        sellThreshold: '0.2',
        depthLevels: 5,
      });
    });

    it('400 for a body that is not an object, 404 for an unlisted symbol, 401 without a token', async () => {
      const array = await request(t.http)
        .put('/engines/BTCUSDT/config')
        .set(t.auth())
        .send([{ buyThreshold: '0.9' }]);
      expectErrorBody(array, 400);
      const malformed = await request(t.http)
        .put('/engines/BTCUSDT/config')
        .set({ ...t.auth(), 'Content-Type': 'application/json' })
        .send('{"buyThreshold": ');
      expectErrorBody(malformed, 400);
      const unlisted = await request(t.http)
        .put('/engines/FOOUSDT/config')
        .set(t.auth())
        .send({ buyThreshold: '0.9' });
      expectErrorBody(unlisted, 404);
      expectErrorBody(
        await request(t.http).put('/engines/BTCUSDT/config').send({ buyThreshold: '0.9' }),
        401,
      );
      expect(await registryOverrides(t, 'BTCUSDT')).toMatchObject({ buyThreshold: '0.8' });
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a well-formed id, also in error bodies', async () => {
      const ok = await request(t.http).get('/engines/status').set('X-Request-Id', 'ops-check.42_a');
      expect(ok.headers['x-request-id']).toBe('ops-check.42_a');
      const err = await request(t.http)
        .get('/engines/status/XRPUSDT')
        .set('X-Request-Id', 'trace-404');
      expect(err.headers['x-request-id']).toBe('trace-404');
      expect(err.body).toMatchObject({ requestId: 'trace-404' });
    });

    it('generates one when none is given', async () => {
      const a = await request(t.http).get('/engines/status');
      const b = await request(t.http).get('/engines/status');
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(b.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it.each([
      ['spaces and quotes', 'a "quoted" id'],
      ['too long', 'x'.repeat(129)],
      ['a header-injection attempt', 'abc%0d%0aSet-Cookie:x=1'],
    ])('replaces a malformed id (%s) with a fresh one', async (_what, given) => {
      const res = await request(t.http).get('/engines/status/XRPUSDT').set('X-Request-Id', given);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body).toMatchObject({ requestId: String(res.headers['x-request-id']) });
      expect(res.text).not.toContain(given);
    });
  });

  describe('malformed requests get a JSON 4xx, never a 500', () => {
    it('a body that is not JSON is a 400', async () => {
      const res = await request(t.http)
        .put('/engines/BTCUSDT/config')
        .set(t.auth())
        .set('Content-Type', 'application/json')
        .send('{"depthLevels": ');
      expectErrorBody(res, 400);
    });

    it('a body over the parser limit is a 413', async () => {
      const res = await request(t.http)
        .put('/engines/BTCUSDT/config')
        .set(t.auth())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ depthLevels: 10, pad: 'x'.repeat(200_000) }));
      expect(expectErrorBody(res, 413)).toMatch(/too large/i);
    });

    it.each([
      ['not a number', 'abc'],
      ['zero', '0'],
      ['above 200', '201'],
    ])('orderbook depth %s is a 400 naming depth', async (_what, depth) => {
      const res = await request(t.http).get(`/data/orderbook/BTCUSDT?depth=${depth}`);
      expect(expectErrorBody(res, 400)).toContain('depth');
    });

    it('an unknown route is a JSON 404', async () => {
      expectErrorBody(await request(t.http).get('/engines/everything'), 404);
    });
  });
});

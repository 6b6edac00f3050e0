import request from 'supertest';
import { startTestApp, waitForStatus, type TestApp } from '../support/app-harness';

interface Operation {
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { description?: string }>;
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operations(doc: OpenApi): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((method) => ({
      method,
      path,
      op: item[method],
    })),
  );
}

/** The routes Express actually serves (Nest registers one layer per handler). */
function servedRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as {
    router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
    _router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  const stack = (express.router ?? express._router)?.stack ?? [];
  return stack
    .filter((layer) => layer.route !== undefined)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map(
        (m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
      ),
    )
    .filter((r) => !/ \/docs/.test(r));
}

const concrete = (path: string) => path.replace('{symbol}', 'BTCUSDT');

/** Reads that need the token: the trading views, and an engine's own log lines. */
const needsToken = (path: string) =>
  path.startsWith('/trading/') || path === '/engines/{symbol}/logs';

describe('OpenAPI document, probes and metrics (real app, real simulator)', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await startTestApp({ faultInjection: true });
    doc = (await request(t.http).get('/docs-json').expect(200)).body as OpenApi;
  });

  afterAll(async () => {
    await t.close();
  });

  it('/docs-json lists every route the app serves, and nothing else', () => {
    const documented = operations(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(documented.sort()).toEqual(servedRoutes(t).sort());
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /engines/status',
        'POST /engines/start/{symbol}',
        'PUT /engines/{symbol}/config',
        'GET /data/orderbook/{symbol}',
        'GET /trading/signals',
        'GET /health/ready',
        'GET /health/deps',
        'GET /metrics',
      ]),
    );
  });

  it('every mutating route and every trading view is 401 without a token, as documented', async () => {
    const protectedOps = operations(doc).filter((o) => o.method !== 'get' || needsToken(o.path));
    expect(protectedOps.length).toBeGreaterThanOrEqual(6);
    for (const { method, path, op } of protectedOps) {
      const res = await request(t.http)[method as 'post'](concrete(path)).send({});
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(op.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
      expect(op.responses['401']).toBeDefined();
    }
  });

  it('open GET routes answer without a token and do not claim to need one', async () => {
    const open = operations(doc).filter((o) => o.method === 'get' && !needsToken(o.path));
    for (const { path, op } of open) {
      const res = await request(t.http).get(concrete(path));
      expect({ path, status: res.status }).not.toEqual({ path, status: 401 });
      expect(op.security).toBeUndefined();
    }
  });

  it('every operation documents its responses', () => {
    for (const { method, path, op } of operations(doc)) {
      const codes = Object.keys(op.responses);
      const where = `${method} ${path}`;
      expect({ where, success: codes.some((c) => /^2\d\d$/.test(c)) }).toEqual({
        where,
        success: true,
      });
      for (const [code, r] of Object.entries(op.responses)) {
        expect({ where, code, described: typeof r.description === 'string' }).toEqual({
          where,
          code,
          described: true,
        });
      }
    }
  });

  it('every route with a {symbol} documents 400 (malformed) and 404 (unknown)', () => {
    const withSymbol = operations(doc).filter(({ op }) =>
      op.parameters?.some((p) => p.name === 'symbol' && p.in === 'path'),
    );
    expect(withSymbol.length).toBeGreaterThanOrEqual(8);
    for (const { method, path, op } of withSymbol) {
      const where = `${method} ${path}`;
      const codes = Object.keys(op.responses).filter((c) => c === '400' || c === '404');
      expect({ where, codes }).toEqual({ where, codes: ['400', '404'] });
    }
  });

  it('/health/live is 200 without auth', async () => {
    const res = await request(t.http).get('/health/live').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { eventLoop: { status: 'up' } } });
  });

  it('/health/ready is 200 once resumed, with registry, venue and market data up in its body', async () => {
    const res = await request(t.http).get('/health/ready').expect(200);
    expect(res.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { fleet: { status: 'up', phase: 'ready' } },
      error: {},
      degraded: [],
      dependencies: {
        registry: { status: 'up', store: expect.stringMatching(/^json /) as string },
        venue: { status: 'up', lastError: null },
        market_data: { status: 'up' },
      },
    });
  });

  it('/health/deps is 200 with the cached state of each dependency', async () => {
    const res = await request(t.http).get('/health/deps').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', degraded: [] });
    const deps = (res.body as { dependencies: Record<string, Record<string, unknown>> })
      .dependencies;
    expect(Object.keys(deps).sort()).toEqual(['market_data', 'registry', 'venue']);
    for (const state of Object.values(deps)) {
      expect(state).toMatchObject({
        status: 'up',
        since: expect.any(String) as string,
        checkedAt: expect.any(String) as string,
        latencyMs: expect.any(Number) as number,
      });
    }
  });

  it('/metrics is Prometheus text with the fleet, latency, restart, feed, http and event-loop series', async () => {
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await waitForStatus(t, 'BTCUSDT', (s) => s.eventsProcessed > 0, 3000);
    const res = await request(t.http).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    for (const name of [
      'flotilla_engines',
      'flotilla_tick_to_signal_seconds',
      'flotilla_signal_to_ack_seconds',
      'flotilla_engine_restarts_total',
      'flotilla_feed_reconnects_total',
      'flotilla_http_requests_total',
      'nodejs_eventloop_lag_seconds',
      'flotilla_dependency_up',
    ]) {
      expect({ name, typed: res.text.includes(`# TYPE ${name} `) }).toEqual({ name, typed: true });
    }
    expect(res.text).toMatch(/^flotilla_engines\{state="running"\} 1$/m);
    expect(res.text).toMatch(/^flotilla_dependency_up\{dependency="venue"\} 1$/m);
    expect(res.text).toMatch(
      /^flotilla_http_requests_total\{method="POST",route="\/engines\/start\/:symbol",status="201"\} 1$/m,
    );
  });

  it('/data/pairs lists BTCUSDT with decimals as strings', async () => {
    const res = await request(t.http).get('/data/pairs').expect(200);
    const btc = (res.body as Array<Record<string, unknown>>).find((p) => p.symbol === 'BTCUSDT');
    expect(btc).toMatchObject({ base: 'BTC', quote: 'USDT' });
    for (const key of ['tickSize', 'qtyStep', 'minOrderQty', 'minNotional']) {
      expect(btc?.[key]).toEqual(expect.stringMatching(/^\d+(\.\d+)?$/));
    }
  });

  it('/trading/signals needs auth and validates its filters', async () => {
    await request(t.http).get('/trading/signals').expect(401);
    const ok = await request(t.http).get('/trading/signals?limit=5').set(t.auth()).expect(200);
    expect(Array.isArray(ok.body)).toBe(true);
    for (const [query, words] of [
      ['limit=0', /limit must be at least 1/],
      ['limit=abc', /limit must be an integer/],
      ['limit=1001', /limit must be at most 1000/],
      ['since=yesterday', /since must be an ISO-8601 time/],
      ['symbol=..%2Fx', /a symbol is/],
      ['bogus=1', /bogus/],
    ] as const) {
      const res = await request(t.http).get(`/trading/signals?${query}`).set(t.auth());
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body).toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(words) as string,
      });
    }
  });
});

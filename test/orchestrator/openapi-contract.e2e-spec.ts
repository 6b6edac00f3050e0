import request from 'supertest';
import { startTestApp, waitFor, waitForStatus, type TestApp } from '../support/app-harness';
import { contractMismatches, type CapturedResponse } from '../support/openapi-contract';

interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<
    string,
    {
      description: string;
      headers?: Record<string, unknown>;
      content?: Record<string, { example?: { statusCode?: number; message?: string } }>;
    }
  >;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties: Record<string, Record<string, unknown>> }>;
    securitySchemes: Record<string, Record<string, unknown>>;
  };
}

const ops = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ where: `${method} ${path}`, path, method, op })),
  );

describe('the API as documented: operationIds, schemas, headers, query parameters', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await startTestApp({ faultInjection: true });
    doc = (await request(t.http).get('/docs-json').expect(200)).body as OpenApi;
  });

  afterAll(async () => {
    await t.close();
  });

  it('operationIds read well in generated clients, and are unique', () => {
    const ids = Object.fromEntries(ops(doc).map((o) => [o.where, o.op.operationId]));
    expect(ids).toMatchObject({
      'get /engines/status': 'getFleetStatus',
      'get /engines/status/{symbol}': 'getEngineStatus',
      'post /engines/start/{symbol}': 'startEngine',
      'post /engines/stop/{symbol}': 'stopEngine',
      'post /engines/restart/{symbol}': 'restartEngine',
      'put /engines/{symbol}/config': 'putEngineConfig',
      'post /engines/{symbol}/faults': 'injectFault',
      'get /data/orderbook/{symbol}': 'getOrderBook',
    });
    const all = Object.values(ids);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it('the bearer token is opaque (no JWT format) and Swagger UI keeps it across reloads', async () => {
    const scheme = doc.components.securitySchemes.bearer;
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(scheme.bearerFormat).toBeUndefined();
    expect(String(scheme.description)).toMatch(/opaque/);
    const init = await request(t.http).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });

  it('schemas say what is served: book levels as [price, size] strings, integers, date-times', () => {
    const { OrderBookDto, EngineStatusDto } = doc.components.schemas;
    expect(OrderBookDto.properties.bids).toMatchObject({
      type: 'array',
      items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
    });
    expect(OrderBookDto.properties.updateId.type).toBe('integer');
    for (const key of ['uptimeSeconds', 'heartbeatAgeMs', 'eventsProcessed', 'restartCount'])
      expect({ key, type: EngineStatusDto.properties[key].type }).toEqual({ key, type: 'integer' });
    for (const key of ['startedAt', 'lastHeartbeat', 'nextRestartAt'])
      expect({ key, format: EngineStatusDto.properties[key].format }).toEqual({
        key,
        format: 'date-time',
      });
  });

  it('every response declares X-Request-Id, fleet status its ETag, and every error its own example', () => {
    for (const { where, path, op } of ops(doc)) {
      for (const [code, r] of Object.entries(op.responses)) {
        expect({ where, code, id: r.headers?.['X-Request-Id'] !== undefined }).toEqual({
          where,
          code,
          id: true,
        });
        if (Number(code) < 400 || path.startsWith('/health')) continue;
        const example = r.content?.['application/json']?.example;
        expect({ where, code, status: example?.statusCode }).toEqual({
          where,
          code,
          status: Number(code),
        });
        expect(r.description).not.toBe('');
      }
    }
    const fleet = doc.paths['/engines/status'].get.responses;
    expect(fleet['200'].headers?.ETag).toBeDefined();
    expect(fleet['304'].headers?.ETag).toBeDefined();
  });

  it('a query parameter a route does not take is a 400 naming it, on every route', async () => {
    for (const { where, path, method } of ops(doc)) {
      const url = path.replace('{symbol}', 'BTCUSDT');
      const res = await request(t.http)
        [method as 'get'](`${url}?stauts=failed`)
        .set(t.auth())
        .send({ type: 'error' });
      expect({ where, status: res.status }).toEqual({ where, status: 400 });
      expect({ where, message: (res.body as { message: string }).message }).toEqual({
        where,
        message: expect.stringContaining('stauts') as string,
      });
    }
  });

  it('GET /engines/status?status= filters by engine state; totals stay fleet-wide; a bad state is a 400', async () => {
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await request(t.http).post('/engines/start/ETHUSDT').set(t.auth()).expect(201);
    await request(t.http).post('/engines/stop/ETHUSDT').set(t.auth()).expect(200);
    await waitForStatus(t, 'BTCUSDT', (s) => s.status === 'running', 5000);
    const stopped = await request(t.http).get('/engines/status?status=stopped').expect(200);
    const body = stopped.body as { total: number; engines: Array<{ symbol: string }> };
    expect(body.engines.map((e) => e.symbol)).toEqual(['ETHUSDT']);
    expect(body.total).toBe(2);
    const failed = await request(t.http).get('/engines/status?status=failed').expect(200);
    expect((failed.body as { engines: unknown[] }).engines).toEqual([]);
    const all = await request(t.http).get('/engines/status').expect(200);
    expect((all.body as { engines: unknown[] }).engines).toHaveLength(2);
    const bad = await request(t.http).get('/engines/status?status=exploded').expect(400);
    expect((bad.body as { message: string }).message).toMatch(/status must be one of .*failed/);
  });

  it('the order book is served as documented (checked against /docs-json when the app closes)', async () => {
    await request(t.http).post('/engines/start/SOLUSDT').set(t.auth()).expect(201);
    const book = await waitFor(
      async () => {
        const res = await request(t.http).get('/data/orderbook/SOLUSDT?depth=3');
        const levels = (res.body as { bids?: unknown[] }).bids;
        return res.status === 200 && levels && levels.length > 0 ? res : undefined;
      },
      5000,
      'SOLUSDT book',
    );
    expect((book.body as { bids: unknown[][] }).bids[0]).toEqual([
      expect.stringMatching(/^\d+(\.\d+)?$/),
      expect.stringMatching(/^\d+(\.\d+)?$/),
    ]);
  });

  it('the contract check itself fails on a wrong body, a missing header and an undocumented status', async () => {
    const headers = { 'x-request-id': 'r1', 'content-type': 'application/json' };
    const base = { method: 'get', query: {}, headers };
    const book = { symbol: 'BTCUSDT', updateId: 7, bids: [['1', '2']], asks: [] };
    const good: CapturedResponse = {
      ...base,
      path: '/data/orderbook/BTCUSDT',
      status: 200,
      body: book,
    };
    expect(await contractMismatches(doc, [good])).toEqual([]);
    const mismatches = await contractMismatches(doc, [
      { ...good, body: { ...book, bids: [{ price: '1', size: '2' }] } },
      { ...good, body: { ...book, updateId: 7.5 } },
      { ...good, headers: { 'content-type': 'application/json' } },
      { ...good, status: 418 },
    ]);
    expect(mismatches).toEqual([
      expect.stringMatching(/^GET \/data\/orderbook\/\{symbol\} 200: \/bids\/0 must be array/),
      expect.stringMatching(/^GET \/data\/orderbook\/\{symbol\} 200: \/updateId must be integer/),
      expect.stringMatching(/^GET \/data\/orderbook\/\{symbol\} 200: .*x-request-id/),
      'GET /data/orderbook/{symbol} 418: status 418 is not documented for this route',
    ]);
  });
});

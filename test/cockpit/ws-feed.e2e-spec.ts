import Decimal from 'decimal.js';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app-harness';
import { COCKPIT_WS_OPTIONS } from '../../apps/orchestrator/src/cockpit/ws/ws-options';
import { drillSignal, QUIET_STRATEGY, startEngine } from '../trading/trading-support';
import { authedClient, listenWs, type ServerFrame, type WsClient } from './ws-client';

const HEARTBEAT_MS = 300;
const TICK_MS = 200;

const isEvent = (topic: string, kind: string) => (f: ServerFrame) =>
  f.type === 'event' && f.topic === topic && f.kind === kind;
const diffFor =
  (symbol: string, accept: (e: Record<string, unknown>) => boolean) => (f: ServerFrame) =>
    isEvent('fleet', 'diff')(f) &&
    ((f.data as { engines: Record<string, unknown>[] }).engines ?? []).some(
      (e) => e.symbol === symbol && accept(e),
    );

describe('WS /ws subscriptions: snapshots, fleet diffs, engine ticks, bus events (real app, real simulator)', () => {
  let t: TestApp;
  let url: string;
  const clients: WsClient[] = [];
  const client = async () => {
    const c = await authedClient(url, t.token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestApp({
      faultInjection: true,
      overrides: { engineDefaults: { ...QUIET_STRATEGY, stopLossPct: '1', takeProfitPct: '2' } },
      overrideProviders: [
        { provide: COCKPIT_WS_OPTIONS, useValue: { heartbeatMs: HEARTBEAT_MS, tickMs: TICK_MS } },
      ],
    });
    url = await listenWs(t);
    await startEngine(t, 'BTCUSDT');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await t?.close();
  });

  it('fleet: the subscribed set, a snapshot listing the engines, then a diff for each state change made over HTTP', async () => {
    const c = await client();
    c.send({ op: 'subscribe', topics: ['fleet'] });
    expect(await c.frame((f) => f.type === 'subscribed')).toEqual({
      type: 'subscribed',
      topics: ['fleet'],
    });
    const snapshot = await c.frame((f) => f.type === 'snapshot' && f.topic === 'fleet');
    const fleet = snapshot.data as {
      total: number;
      engines: Array<{ symbol: string; status: string }>;
    };
    expect(fleet.total).toBe(fleet.engines.length);
    expect(fleet.engines).toContainEqual(
      expect.objectContaining({ symbol: 'BTCUSDT', status: 'running' }),
    );

    await request(t.http).post('/engines/start/ETHUSDT').set(t.auth()).expect(201);
    const added = await c.frame(diffFor('ETHUSDT', (e) => e.status === 'running'));
    const eth = (added.data as { engines: Record<string, unknown>[] }).engines.find(
      (e) => e.symbol === 'ETHUSDT',
    );
    expect(eth).not.toHaveProperty('uptimeSeconds');
    expect(eth).not.toHaveProperty('heartbeatAgeMs');

    const from = c.frames.length;
    await request(t.http).post('/engines/stop/ETHUSDT').set(t.auth()).expect(200);
    const stopped = await c.frame(
      diffFor('ETHUSDT', (e) => e.status === 'stopped'),
      2_000,
      from,
    );
    expect(stopped).toMatchObject({
      type: 'event',
      topic: 'fleet',
      kind: 'diff',
      data: { removed: [] },
    });
  });

  it('bad JSON, an unknown op or topic, a malformed symbol and an engine the fleet lacks are errors; the connection stays', async () => {
    const c = await client();
    c.send({ op: 'subscribe', topics: ['signals'] });
    await c.frame((f) => f.type === 'snapshot' && f.topic === 'signals');
    const cases: Array<[unknown, string, RegExp]> = [
      ['{"op": "subscribe", ', 'BAD_REQUEST', /not valid JSON/],
      [{ op: 'shout' }, 'BAD_REQUEST', /unknown op "shout"/],
      [{ op: 'subscribe', topics: ['weather'] }, 'BAD_REQUEST', /unknown topic "weather"/],
      [{ op: 'subscribe', topics: ['fleet', 'engine:BTC$USDT'] }, 'BAD_REQUEST', /BTC\$USDT/],
      [{ op: 'subscribe', topics: [] }, 'BAD_REQUEST', /non-empty array/],
      [{ op: 'subscribe', topics: ['fleet', 'engine:xrp-usdt'] }, 'NOT_FOUND', /XRPUSDT/],
    ];
    for (const [message, code, text] of cases) {
      const from = c.frames.length;
      c.send(message);
      const error = await c.frame((f) => f.type === 'error', 2_000, from);
      expect({ message, code: error.code }).toEqual({ message, code });
      expect(String(error.message)).toMatch(text);
    }
    // Nothing changed: still only signals, and the connection answers.
    const from = c.frames.length;
    c.send({ op: 'unsubscribe', topics: ['fleet'] });
    expect(await c.frame((f) => f.type === 'subscribed', 2_000, from)).toEqual({
      type: 'subscribed',
      topics: ['signals'],
    });
    c.send({ op: 'ping' });
    await c.frame((f) => f.type === 'pong', 2_000, from);
  });

  it('engine:S (normalised from btc-usdt): a snapshot with status, signals, fills and book, then ticks with the mid', async () => {
    const c = await client();
    c.send({ op: 'subscribe', topics: ['engine:btc-usdt'] });
    expect(await c.frame((f) => f.type === 'subscribed')).toMatchObject({
      topics: ['engine:BTCUSDT'],
    });
    const snapshot = await c.frame((f) => f.type === 'snapshot');
    const data = snapshot.data as {
      status: { symbol: string };
      signals: unknown[];
      fills: unknown[];
      book: { bids: [string, string][]; asks: [string, string][] } | null;
    };
    expect(snapshot.topic).toBe('engine:BTCUSDT');
    expect(data.status.symbol).toBe('BTCUSDT');
    expect(Array.isArray(data.signals) && Array.isArray(data.fills)).toBe(true);
    expect(data.book?.bids.length).toBeGreaterThan(0);
    expect(data.book?.bids[0]).toEqual([
      expect.stringMatching(/^\d+(\.\d+)?$/),
      expect.any(String),
    ]);
    const tick = await c.frame(isEvent('engine:BTCUSDT', 'tick'), 3_000);
    expect(tick.data).toEqual({
      mid: expect.stringMatching(/^\d+(\.\d+)?$/) as unknown,
      unrealizedPnl: expect.any(String) as unknown,
      realizedPnl: expect.any(String) as unknown,
      book: { bids: expect.any(Array) as unknown, asks: expect.any(Array) as unknown },
      serverTime: expect.any(String) as unknown,
    });
    // The tick's book: top 10 per side, in price order, read at the same instant as its mid.
    const { mid, book } = tick.data as { mid: string; book: NonNullable<typeof data.book> };
    const prices = (levels: [string, string][]) => levels.map(([p]) => new Decimal(p));
    const bids = prices(book.bids);
    const asks = prices(book.asks);
    expect(bids.length).toBeGreaterThan(0);
    expect(asks.length).toBeGreaterThan(0);
    expect(Math.max(bids.length, asks.length)).toBeLessThanOrEqual(10);
    expect(bids.every((p, i) => i === 0 || p.lt(bids[i - 1]))).toBe(true);
    expect(asks.every((p, i) => i === 0 || p.gt(asks[i - 1]))).toBe(true);
    expect(bids[0].lt(asks[0])).toBe(true);
    expect(bids[0].add(asks[0]).div(2).eq(mid)).toBe(true);
  });

  it('a drill signal reaches signals and engine:S, its fill reaches fills, and a later subscriber finds both in its snapshot', async () => {
    const c = await client();
    c.send({ op: 'subscribe', topics: ['signals', 'fills', 'orders', 'engine:BTCUSDT'] });
    await c.frame((f) => f.type === 'snapshot' && f.topic === 'engine:BTCUSDT');
    const signal = await drillSignal(t, 'BTCUSDT', 'buy');
    const onSignals = await c.frame(isEvent('signals', 'signal'));
    expect(onSignals.data).toMatchObject({ id: signal.id, symbol: 'BTCUSDT', side: 'buy' });
    await c.frame(
      (f) => isEvent('engine:BTCUSDT', 'signal')(f) && (f.data as { id: string }).id === signal.id,
    );
    const fill = await c.frame(isEvent('fills', 'fill'), 10_000);
    expect(fill.data).toMatchObject({ symbol: 'BTCUSDT', action: 'fill', traceId: signal.id });
    await c.frame(isEvent('orders', 'order'));
    await c.frame(isEvent('engine:BTCUSDT', 'fill'));

    const later = await client();
    later.send({ op: 'subscribe', topics: ['signals', 'fills', 'engine:BTCUSDT'] });
    const snapshots = await Promise.all(
      ['signals', 'fills', 'engine:BTCUSDT'].map((topic) =>
        later.frame((f) => f.type === 'snapshot' && f.topic === topic),
      ),
    );
    const [signals, fills, engine] = snapshots.map((s) => s.data as Record<string, unknown[]>);
    expect(signals.items).toContainEqual(expect.objectContaining({ id: signal.id }));
    expect(fills.items).toContainEqual(expect.objectContaining({ traceId: signal.id }));
    expect(engine.signals).toContainEqual(expect.objectContaining({ id: signal.id }));
    expect(engine.fills).toContainEqual(expect.objectContaining({ traceId: signal.id }));
  });

  it('heartbeats arrive every heartbeatMs while the client answers pings; shutdown closes with 1001', async () => {
    const c = await client();
    await c.frame((f) => f.type === 'heartbeat', HEARTBEAT_MS * 3);
    const from = c.frames.length;
    await c.frame((f) => f.type === 'heartbeat', HEARTBEAT_MS * 3, from);
    // Many heartbeats later (each with a ping the ws client answered), still open.
    const later = c.frames.length;
    await c.frame((f) => f.type === 'heartbeat', HEARTBEAT_MS * 3, later);
    await c.frame((f) => f.type === 'heartbeat', HEARTBEAT_MS * 3, c.frames.length);
    await t.closeApp();
    expect((await c.closed).code).toBe(1001);
  });
});

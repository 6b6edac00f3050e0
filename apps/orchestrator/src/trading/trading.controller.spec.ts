import { Decimal, DomainError } from '@flotilla/core';
import { VenueError } from '@flotilla/engine';
import request from 'supertest';
import {
  captureResponses,
  contractMismatches,
  type CapturedResponse,
} from '../../../../test/support/openapi-contract';
import type { ExecutionStatsJson } from './execution-stats';
import type { PositionsJson } from './trading-desk.service';
import type { AuditEntryJson, OrderJson } from './trading-json';
import {
  FakeBalanceVenue,
  FakeExecutorView,
  T0,
  flatStatus,
  longStatus,
  order,
  stats,
} from './testing/fakes';
import { json, startDeskApp, type DeskApp, type ErrorBody } from './testing/desk-app';

/** Every response of this file, checked against the OpenAPI document the app publishes. */
const responses: CapturedResponse[] = [];
let published: object | undefined;
afterAll(async () => {
  if (published === undefined) throw new Error('no app was started');
  const mismatches = await contractMismatches(published, responses);
  if (mismatches.length > 0)
    throw new Error(`responses break /docs-json:\n${mismatches.join('\n')}`);
});

describe('TradingController (views over HTTP)', () => {
  let t: DeskApp;
  const get = (path: string) => request(t.http).get(path).set(t.auth);

  beforeAll(async () => {
    t = await startDeskApp({ middleware: [captureResponses(responses)] });
    published = t.document;
    t.executions.register(
      'BTCUSDT',
      new FakeExecutorView(
        'BTCUSDT',
        longStatus(
          '0.0015',
          '64000.5',
          { unrealized: '1.2', realized: '-0.35' },
          {
            trailing: { active: false, bestPrice: null, lastMoveAtMs: null },
            ageStage: 'break-even',
            exitOrder: { clientOrderId: 'flt-BTCUSDT-x-aged', price: new Decimal('64000.5') },
          },
        ),
        [
          order({ symbol: 'BTCUSDT', updatedAtMs: T0 + 1000 }),
          order({
            symbol: 'BTCUSDT',
            clientOrderId: 'fl-BTCUSDT-x-s',
            leg: 'stop',
            side: 'sell',
            state: 'accepted',
            type: 'market',
            triggerPrice: new Decimal('63360.5'),
            reduceOnly: true,
            filledQty: new Decimal(0),
            updatedAtMs: T0 + 2000,
          }),
        ],
        stats({
          signals: 5,
          entriesSubmitted: 4,
          entriesFilled: 3,
          signalToAckMs: [1, 2, 3, 4],
          slippageBps: [0.5, 1.5],
        }),
      ),
    );
    t.executions.register(
      'ETHUSDT',
      new FakeExecutorView(
        'ETHUSDT',
        flatStatus('2.5'),
        [
          order({
            symbol: 'ETHUSDT',
            state: 'rejected',
            reason: 'insufficient margin',
            updatedAtMs: T0 + 1500,
          }),
        ],
        stats({
          signals: 2,
          entriesSubmitted: 2,
          entriesFilled: 0,
          entriesRejected: 2,
          signalToAckMs: [100],
        }),
      ),
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it('lists non-flat positions with totals over every engine, decimals as strings', async () => {
    const res = await get('/trading/positions').expect(200);
    expect(res.body).toEqual({
      positions: [
        {
          symbol: 'BTCUSDT',
          state: 'open',
          side: 'long',
          qty: '0.0015',
          entryPrice: '64000.5',
          stopPrice: '63360.495',
          stopConfirmed: true,
          takeProfitPrice: '65280.51',
          openedAt: '2026-11-25T07:00:00.000Z',
          trailing: { active: false, bestPrice: null, lastMoveAt: null },
          ageStage: 'break-even',
          exitOrder: { clientOrderId: 'flt-BTCUSDT-x-aged', price: '64000.5' },
          unrealizedPnl: '1.2',
          realizedPnl: '-0.35',
          tradeCount: 1,
          reconcile: 'done',
        },
      ],
      totals: { engines: 2, openPositions: 1, unrealizedPnl: '1.2', realizedPnl: '2.15' },
    });
  });

  it('filters positions by a normalised symbol; an unregistered one is an empty list', async () => {
    const eth = await get('/trading/positions?symbol=eth-usdt').expect(200);
    expect(eth.body).toEqual({
      positions: [],
      totals: { engines: 1, openPositions: 0, unrealizedPnl: '0', realizedPnl: '2.5' },
    });
    const none = await get('/trading/positions?symbol=XRPUSDT').expect(200);
    expect(json<PositionsJson>(none).totals.engines).toBe(0);
  });

  it('lists orders newest change first, filtered by symbol, status (open included), since and limit', async () => {
    const all = await get('/trading/orders').expect(200);
    expect(json<OrderJson[]>(all).map((o) => o.clientOrderId)).toEqual([
      'fl-BTCUSDT-x-s',
      'fl-ETHUSDT-x-e',
      'fl-BTCUSDT-x-e',
    ]);
    expect(json<OrderJson[]>(all)[1]).toMatchObject({
      state: 'rejected',
      reason: 'insufficient margin',
      qty: '0.0015',
      avgPrice: '64000.5',
      price: null,
      updatedAt: '2026-11-25T07:00:01.500Z',
    });
    const open = await get('/trading/orders?status=open').expect(200);
    expect(json<OrderJson[]>(open).map((o) => o.state)).toEqual(['accepted']);
    const filled = await get('/trading/orders?symbol=btcusdt&status=filled').expect(200);
    expect(filled.body).toHaveLength(1);
    const since = await get('/trading/orders?since=2026-11-25T07:00:01.500Z').expect(200);
    expect(since.body).toHaveLength(2);
    const limited = await get('/trading/orders?limit=1').expect(200);
    expect(limited.body).toHaveLength(1);
  });

  it.each([
    ['/trading/orders?status=done', 'status must be one of open, new, submitted'],
    ['/trading/orders?limit=0', 'limit must be at least 1'],
    ['/trading/orders?limit=1001', 'limit must be at most 1000'],
    ['/trading/orders?since=yesterday', 'since must be an ISO-8601 time'],
    ['/trading/orders?symbol=../x', 'invalid symbol'],
    ['/trading/orders?stauts=open', 'property stauts should not exist'],
    ['/trading/positions?symbol=%E2%82%BF', 'invalid symbol'],
    ['/trading/positions?foo=1', 'property foo should not exist'],
    ['/trading/execution-stats?symbol=' + 'A'.repeat(300), 'invalid symbol'],
    ['/trading/balance?x=1', 'unknown query parameter x: it takes none'],
    ['/trading/risk-status?x=1', 'unknown query parameter x'],
    ['/trading/audit?action=order.exploded', 'action must be one of order.submitted'],
    ['/trading/audit?traceId=a%20b', 'traceId must be 1-128 letters'],
    ['/trading/audit?since=2026-13-01', 'since must be an ISO-8601 time'],
  ])('answers 400 naming the rule: %s', async (path, message) => {
    const res = await get(path).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(json<ErrorBody>(res).message).toContain(message);
  });

  it.each([
    '/trading/positions',
    '/trading/orders',
    '/trading/balance',
    '/trading/risk-status',
    '/trading/execution-stats',
    '/trading/audit',
  ])('answers 401 without the token or with a wrong one: %s', async (path) => {
    await request(t.http).get(path).expect(401);
    const res = await request(t.http).get(path).set('Authorization', 'Bearer wrong-token-xxxxxxxx');
    expect(res.status).toBe(401);
    expect(json<ErrorBody>(res).message).toBe('invalid bearer token');
  });

  it('reads the balance from the venue, and answers 503 naming a venue failure', async () => {
    expect((await get('/trading/balance').expect(200)).body).toEqual({
      currency: 'USDT',
      total: '10000.25',
      free: '9900.15',
      used: '100.1',
    });
    t.venue.answer = new VenueError('retryable', 'request timed out after 10000 ms');
    const res = await get('/trading/balance').expect(503);
    expect(res.body).toMatchObject({
      code: 'VENUE_UNAVAILABLE',
      message:
        'the venue did not answer the balance request (retryable): request timed out after 10000 ms',
    });
    t.venue.answer = new DomainError('INVALID_CONFIG', 'VENUE=live needs EXCHANGE_API_KEY');
    const config = await get('/trading/balance').expect(503);
    expect(json<ErrorBody>(config).message).toBe(
      'the venue account is not usable: VENUE=live needs EXCHANGE_API_KEY',
    );
    t.venue.answer = new Error('bybit GET https://api.bybit.com/v5/market/instruments ECONNRESET');
    const down = await get('/trading/balance').expect(503);
    expect(json<ErrorBody>(down).message).toBe(
      'the venue could not be reached to read the balance (the log has the detail)',
    );
    t.venue.answer = FakeBalanceVenue.DEFAULT;
  });

  it('shows the risk status with limits, usage, kill switch and why entries are blocked', async () => {
    const res = await get('/trading/risk-status').expect(200);
    expect(res.body).toMatchObject({
      limits: { maxOpenPositions: 5, maxTotalExposure: '10000', minOrderNotional: '5' },
      exposure: '100.2',
      dailyRealizedPnl: '0',
      killSwitch: { engaged: false, at: null, by: null },
      entriesBlocked: null,
      refusals: { 'max-open-positions': 2, 'kill-switch': 0 },
    });
  });

  it('aggregates execution stats: fill ratio, counts and percentiles over every engine', async () => {
    const res = await get('/trading/execution-stats').expect(200);
    expect(res.body).toEqual({
      engines: 2,
      signals: 7,
      entriesSubmitted: 6,
      entriesFilled: 3,
      entriesRejected: 2,
      riskRefusals: 0,
      fillRatio: '0.5',
      slippageBps: { p50: 0.5, p99: 1.5, max: 1.5, samples: 2 },
      signalToAckMs: { p50: 3, p99: 100, max: 100, samples: 5 },
    });
    const btc = await get('/trading/execution-stats?symbol=BTC-USDT').expect(200);
    expect(btc.body).toMatchObject({ engines: 1, fillRatio: '0.75' });
    expect(json<ExecutionStatsJson>(btc).signalToAckMs).toEqual({
      p50: 2,
      p99: 4,
      max: 4,
      samples: 4,
    });
    const none = await get('/trading/execution-stats?symbol=XRPUSDT').expect(200);
    expect(none.body).toMatchObject({ engines: 0, fillRatio: null });
    expect(json<ExecutionStatsJson>(none).slippageBps).toEqual({
      p50: null,
      p99: null,
      max: null,
      samples: 0,
    });
  });

  it('reads the audit trail with its filters, newest first', async () => {
    t.audit.append({
      atMs: T0,
      symbol: 'BTCUSDT',
      action: 'order.submitted',
      traceId: 'BTCUSDT-1',
      actor: 'engine:BTCUSDT',
      requestId: null,
      details: { clientOrderId: 'fl-BTCUSDT-x-e', qty: '0.0015' },
    });
    t.audit.append({
      atMs: T0 + 5,
      symbol: 'BTCUSDT',
      action: 'fill',
      traceId: 'BTCUSDT-1',
      actor: 'engine:BTCUSDT',
      requestId: null,
      details: { price: '64000.5', fee: '0.0528' },
    });
    const res = await get(
      '/trading/audit?symbol=btcusdt&traceId=BTCUSDT-1&since=2026-11-25T07:00:00Z&limit=10',
    ).expect(200);
    expect(json<AuditEntryJson[]>(res).map((e) => e.action)).toEqual(['fill', 'order.submitted']);
    expect(json<AuditEntryJson[]>(res)[0]).toEqual({
      seq: 2,
      at: '2026-11-25T07:00:00.005Z',
      symbol: 'BTCUSDT',
      action: 'fill',
      traceId: 'BTCUSDT-1',
      actor: 'engine:BTCUSDT',
      requestId: null,
      details: { price: '64000.5', fee: '0.0528' },
    });
    expect(t.audit.queries.at(-1)).toEqual({
      symbol: 'BTCUSDT',
      action: undefined,
      since: T0,
      traceId: 'BTCUSDT-1',
      limit: 10,
    });
    await get('/trading/audit?action=fill').expect(200);
    expect(t.audit.queries.at(-1)).toMatchObject({ action: 'fill', limit: 100 });
  });
});

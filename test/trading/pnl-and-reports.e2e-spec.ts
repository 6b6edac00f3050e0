import { Decimal } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY, startVenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { startTestApp, waitForStatus, type TestApp } from '../support/app-harness';
import { adminExecutions, realizedPnlFromExecutions } from '../support/venue-ledger';
import { metricValue, tradingGet } from './controls-support';
import {
  auditOf,
  drillSignal,
  pnlFromAuditFills,
  protectedPosition,
  QUIET_STRATEGY,
  shock,
  startEngine,
  venuePositions,
} from './trading-support';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

/** Each round: the side of the entry and how it ends (a shock through its TP or SL, or a flatten). */
const ROUNDS: { side: 'buy' | 'sell'; exit: number | 'flatten' }[] = [
  { side: 'buy', exit: 3 }, // take profit
  { side: 'buy', exit: -2 }, // stop loss
  { side: 'sell', exit: -3 }, // take profit of a short
  { side: 'sell', exit: 2 }, // stop loss of a short
  { side: 'buy', exit: 'flatten' },
];

describe('the independent PnL check and the trading reports after several round trips (real app, real sockets)', () => {
  let t: TestApp;
  let balanceBefore: Decimal;

  beforeAll(async () => {
    // Rounds fire entries faster than Bybit's 10 order/create a second, and the port sheds entries
    // inside its 30 % protective reserve (budget-short): the venue's limits are scaled up here, the
    // budget has its own tests.
    const sim = await startVenueSim({ port: 0, rateHz: 20, seed: 42, rateLimitScale: 10 });
    t = await startTestApp({
      sim,
      faultInjection: true,
      overrides: { engineDefaults: { ...QUIET_STRATEGY, stopLossPct: '1', takeProfitPct: '2' } },
    });
    balanceBefore = new Decimal((await tradingGet<{ total: string }>(t, 'balance')).total);
    for (const s of SYMBOLS) await startEngine(t, s);
  });

  afterAll(async () => {
    await t?.close();
  });

  /** One round on every engine at once: enter, confirm the stop, exit as the round says. */
  const round = async (n: number) => {
    const { side, exit } = ROUNDS[n];
    await Promise.all(
      SYMBOLS.map(async (symbol) => {
        await drillSignal(t, symbol, side);
        await protectedPosition(t, symbol);
      }),
    );
    if (exit === 'flatten') await checkOpenMetrics();
    await Promise.all(
      SYMBOLS.map(async (symbol) => {
        if (exit === 'flatten') {
          await request(t.http).post(`/engines/${symbol}/flatten`).set(t.auth()).expect(200);
        } else {
          await shock(t.sim, symbol, exit);
        }
        await waitForStatus(
          t,
          symbol,
          (s) => s.position === null && s.tradeCount === n + 1,
          10_000,
          `${symbol} round ${n + 1} closed`,
        );
      }),
    );
  };

  /** While every engine holds a position: the metrics show them open and covered by stops. */
  const checkOpenMetrics = async () => {
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    expect(metricValue(text, 'flotilla_positions_open')).toBe(SYMBOLS.length);
    expect(metricValue(text, 'flotilla_stop_coverage_ratio')).toBe(1);
    expect(metricValue(text, 'flotilla_exposure_usdt', { kind: 'open' })).toBeGreaterThan(0);
    expect(metricValue(text, 'flotilla_kill_switch_engaged')).toBe(0);
  };

  it('every engine’s realised PnL: audit trail == venue executions == /trading/positions == engine status', async () => {
    for (let n = 0; n < ROUNDS.length; n++) await round(n);
    expect(await venuePositions(t.sim)).toEqual([]);

    let fleet = new Decimal(0);
    for (const symbol of SYMBOLS) {
      const status = await t.status(symbol);
      expect(status.tradeCount).toBe(ROUNDS.length);
      const fills = await adminExecutions(t.sim.restUrl, DEFAULT_ACCOUNT_KEY, symbol);
      const venue = realizedPnlFromExecutions(fills).get(symbol);
      expect(venue?.position.isZero()).toBe(true);
      const audit = pnlFromAuditFills(await auditOf(t, `symbol=${symbol}&action=fill&limit=1000`));
      const positions = await tradingGet<{ totals: { realizedPnl: string } }>(
        t,
        `positions?symbol=${symbol}`,
      );
      expect({
        symbol,
        audit: audit.toFixed(),
        positions: positions.totals.realizedPnl,
        status: status.realizedPnl,
      }).toEqual({
        symbol,
        audit: venue?.net.toFixed(),
        positions: venue?.net.toFixed(),
        status: venue?.net.toFixed(),
      });
      // Not a trivial zero: fees were paid on every fill.
      expect(venue?.fees.gt(0)).toBe(true);
      fleet = fleet.add(venue?.net ?? 0);
    }
    const totals = await tradingGet<{ totals: { realizedPnl: string; openPositions: number } }>(
      t,
      'positions',
    );
    expect(totals.totals).toMatchObject({ realizedPnl: fleet.toFixed(), openPositions: 0 });

    // Flat everywhere: the wallet moved by exactly the realised PnL net of fees.
    const balance = await tradingGet<{ currency: string; total: string }>(t, 'balance');
    expect(balance.currency).toBe('USDT');
    expect(new Decimal(balance.total).sub(balanceBefore).toFixed()).toBe(fleet.toFixed());
  });

  it('/trading/orders, /risk-status and /execution-stats describe those trades', async () => {
    const entries = SYMBOLS.length * ROUNDS.length;
    const orders = await tradingGet<
      { symbol: string; leg: string; state: string; reduceOnly: boolean; avgPrice: string }[]
    >(t, 'orders?symbol=BTCUSDT');
    const btcEntries = orders.filter((o) => o.leg === 'entry');
    expect(btcEntries).toHaveLength(ROUNDS.length);
    for (const o of btcEntries) {
      expect(o).toMatchObject({ symbol: 'BTCUSDT', state: 'filled', reduceOnly: false });
      expect(new Decimal(o.avgPrice).gt(0)).toBe(true);
    }
    const closes = orders.filter((o) => o.leg === 'close');
    expect(closes).toHaveLength(1); // the flatten; the other rounds ended at the venue's TP or SL
    expect(closes[0]).toMatchObject({ state: 'filled', reduceOnly: true });
    const open = await tradingGet<unknown[]>(t, 'orders?status=open');
    expect(open).toEqual([]);

    const risk = await tradingGet<{
      openPositions: number;
      reservedPositions: number;
      exposure: string;
      reservedExposure: string;
      dailyRealizedPnl: string;
      entriesBlocked: string | null;
    }>(t, 'risk-status');
    const fleet = await tradingGet<{ totals: { realizedPnl: string } }>(t, 'positions');
    expect(risk).toMatchObject({
      openPositions: 0,
      reservedPositions: 0,
      exposure: '0',
      reservedExposure: '0',
      dailyRealizedPnl: fleet.totals.realizedPnl,
      entriesBlocked: null,
    });

    const stats = await tradingGet<{
      engines: number;
      signals: number;
      entriesSubmitted: number;
      entriesFilled: number;
      riskRefusals: number;
      fillRatio: string | null;
      signalToAckMs: { p50: number | null; p99: number | null; samples: number };
      slippageBps: { samples: number };
    }>(t, 'execution-stats');
    expect(stats).toMatchObject({
      engines: SYMBOLS.length,
      signals: entries,
      entriesSubmitted: entries,
      entriesFilled: entries,
      riskRefusals: 0,
      fillRatio: '1',
    });
    expect(stats.signalToAckMs.samples).toBe(entries);
    expect(stats.signalToAckMs.p50).toBeGreaterThan(0);
    expect(stats.signalToAckMs.p99).toBeGreaterThanOrEqual(stats.signalToAckMs.p50 ?? 0);
    expect(stats.slippageBps.samples).toBe(entries);
  });

  it('GET /metrics shows the trading series with the fleet’s values once flat', async () => {
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    const fleet = await tradingGet<{ totals: { realizedPnl: string } }>(t, 'positions');
    expect(metricValue(text, 'flotilla_positions_open')).toBe(0);
    expect(metricValue(text, 'flotilla_stop_coverage_ratio')).toBe(1);
    expect(metricValue(text, 'flotilla_pnl_usdt', { kind: 'realized' })).toBeCloseTo(
      Number(fleet.totals.realizedPnl),
      6,
    );
    expect(metricValue(text, 'flotilla_exposure_usdt', { kind: 'open' })).toBe(0);
    expect(metricValue(text, 'flotilla_risk_refusals', { reason: 'max-open-positions' })).toBe(0);
    expect(text).toMatch(/^# TYPE flotilla_orders_live gauge$/m);
  });
});

import { Decimal } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY } from '@flotilla/venue-sim';
import request from 'supertest';
import { ENGINE_MANAGER } from '../../apps/orchestrator/src/runtime/tokens';
import { startTestApp, waitFor, type TestApp } from '../support/app-harness';
import { adminExecutions, adminOrders } from '../support/venue-ledger';
import { placeOrphanOrder } from './orphan-order';
import {
  auditOf,
  drillSignal,
  flat,
  protectedPosition,
  QUIET_STRATEGY,
  shock,
  startEngine,
  venuePositions,
} from './trading-support';

jest.setTimeout(90_000);

/** The fleet-wide jobs issue 11 adds to EngineManager (sweeps branch), driven here directly. */
interface CareJobs {
  maintain(job: 'guard' | 'zombies'): unknown;
}

/** A stop far from the price: the target (8 %) is never reached by the shocks below. */
const CARE_STRATEGY = { ...QUIET_STRATEGY, stopLossPct: '1', takeProfitPct: '8' };

/** The stop standing on the venue for symbol's position (position-level, else a conditional). */
async function venueStop(t: TestApp, symbol: string): Promise<Decimal | null> {
  const row = (await venuePositions(t.sim)).find((p) => p.symbol === symbol);
  if (!row) return null;
  if (row.stopLoss !== null) return new Decimal(row.stopLoss);
  return row.stopOrders.length > 0 ? Decimal.max(...row.stopOrders) : null;
}

/**
 * Issue 11 on the simulator, in-process: a stop that trails the price up and then takes the
 * position out at the trailed price; a stop removed behind the engine's back restored by the guard;
 * an order placed on the venue directly cancelled by the zombie sweep.
 */
describe('position care on the simulator (real app, real sockets)', () => {
  let t: TestApp;
  const jobs = () => t.app.get<CareJobs>(ENGINE_MANAGER);

  beforeAll(async () => {
    t = await startTestApp({ faultInjection: true, overrides: { engineDefaults: CARE_STRATEGY } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a long trails up (+2 %, then +2 % more) and is stopped out at the trailed price', async () => {
    const symbol = 'BTCUSDT';
    await startEngine(t, symbol);
    await drillSignal(t, symbol, 'buy');
    const opened = await protectedPosition(t, symbol);
    const entry = new Decimal(opened.position?.entryPrice ?? 'NaN');
    const initialStop = new Decimal(opened.position?.stopPrice ?? 'NaN');
    expect(initialStop.lt(entry)).toBe(true);

    await shock(t.sim, symbol, 2); // +2 % ≥ the 1.5 % activation: trailing starts
    const first = await waitFor(
      async () => {
        const stop = await venueStop(t, symbol);
        return stop?.gt(entry) ? stop : null;
      },
      15_000,
      'the stop trailed above the entry',
    );
    // 0.5 % behind the best price: about entry × 1.02 × 0.995, a tick or a few of noise aside.
    expect(first.div(entry).toNumber()).toBeGreaterThan(1.01);
    expect(first.div(entry).toNumber()).toBeLessThan(1.02);

    await shock(t.sim, symbol, 2); // a further ≥ 1 % move bypasses the 60 s rate limit
    const second = await waitFor(
      async () => {
        const stop = await venueStop(t, symbol);
        return stop?.gt(first.mul('1.01')) ? stop : null;
      },
      15_000,
      'the stop trailed up again within the rate limit (bypass)',
    );
    const status = await t.status(symbol);
    expect(new Decimal(status.position?.stopPrice ?? 'NaN').eq(second)).toBe(true);

    await shock(t.sim, symbol, -1.5); // through the trailed stop
    await flat(t, symbol, 15_000);
    const closing = (await adminOrders(t.sim.restUrl, DEFAULT_ACCOUNT_KEY))
      .map((o) => o as typeof o & { triggerPrice: string; symbol: string })
      .filter((o) => o.symbol === symbol && o.reduceOnly && o.orderStatus === 'Filled')
      .at(-1);
    expect(closing).toBeDefined();
    expect(new Decimal(closing?.triggerPrice ?? '0').eq(second)).toBe(true);
    const fills = await adminExecutions(t.sim.restUrl, DEFAULT_ACCOUNT_KEY, symbol);
    const exit = fills.at(-1);
    expect(exit?.side).toBe('sell');
    // Filled at the market the shock left, at or below the trigger; the trail locked a profit.
    expect(exit?.price.lte(second)).toBe(true);
    expect(exit?.price.gt(entry)).toBe(true);
    expect(exit?.execPnl.gt(0)).toBe(true);
    const moves = await auditOf(t, `symbol=${symbol}&action=stop.moved&limit=50`);
    expect(moves.length).toBeGreaterThanOrEqual(2);
  });

  it('a stop removed behind the engine’s back is restored by the guard', async () => {
    const symbol = 'ETHUSDT';
    await startEngine(t, symbol);
    await drillSignal(t, symbol, 'buy');
    const opened = await protectedPosition(t, symbol);
    const entry = new Decimal(opened.position?.entryPrice ?? 'NaN');

    await request(t.sim.restUrl)
      .delete(`/__admin/accounts/${DEFAULT_ACCOUNT_KEY}/positions/${symbol}/stop`)
      .expect(200);
    await jobs().maintain('guard');

    const restored = await waitFor(
      async () => {
        const row = (await venuePositions(t.sim)).find((p) => p.symbol === symbol);
        return row?.protected ? row : null;
      },
      15_000,
      `${symbol} protected again on the venue`,
    );
    expect(restored.size).toBe(opened.position?.qty);
    const stop = await venueStop(t, symbol);
    // Below the entry, and no further than the guard's −3 % emergency stop.
    expect(stop?.lt(entry)).toBe(true);
    expect(stop?.gte(entry.mul('0.97').sub('0.5'))).toBe(true);
    const findings = await auditOf(t, `symbol=${symbol}&action=guard.finding&limit=10`);
    expect(findings.length).toBeGreaterThanOrEqual(1);
    const status = await t.status(symbol);
    expect(status.position?.stopConfirmed).toBe(true);
  });

  it('an order placed on the venue directly is cancelled by the zombie sweep', async () => {
    const symbol = 'SOLUSDT';
    await startEngine(t, symbol);
    const mid = new Decimal(t.sim.book(symbol, 1).bids[0][0]);
    const price = mid.mul('0.9').toDecimalPlaces(2).toFixed();
    const orphan = 'orphan-by-hand-1';
    await placeOrphanOrder(t.sim.restUrl, {
      symbol,
      side: 'buy',
      qty: '1',
      price,
      clientOrderId: orphan,
    });
    const live = async () =>
      (await adminOrders(t.sim.restUrl, DEFAULT_ACCOUNT_KEY)).find((o) => o.orderLinkId === orphan);
    expect((await live())?.orderStatus).toBe('New');

    await jobs().maintain('zombies');

    const gone = await waitFor(
      async () => {
        const o = await live();
        return o && o.orderStatus !== 'New' ? o : null;
      },
      15_000,
      'the orphan order cancelled',
    );
    expect(gone.orderStatus).toBe('Cancelled');
    const cancels = await auditOf(t, `symbol=${symbol}&action=zombie.cancelled&limit=10`);
    expect(cancels.some((e) => JSON.stringify(e.details).includes(orphan))).toBe(true);
    expect(await venuePositions(t.sim)).not.toContainEqual(expect.objectContaining({ symbol }));
  });
});

import { Decimal } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY } from '@flotilla/venue-sim';
import { FleetJobs } from '../../apps/orchestrator/src/execution/fleet-jobs';
import type { VenueEventRouter } from '../../apps/orchestrator/src/execution/venue-event-router';
import { VENUE_EVENTS } from '../../apps/orchestrator/src/runtime/tokens';
import { startTestApp, type TestApp } from '../support/app-harness';
import { waitFor } from '../support/wait-for';
import {
  auditOf,
  drillSignal,
  protectedPosition,
  QUIET_STRATEGY,
  startEngine,
  venuePositions,
} from './trading-support';

const SYMBOL = 'BTCUSDT';

/** The order's status in the sim's own book (any status, by link id). */
function simOrderStatus(t: TestApp, linkId: string): string | undefined {
  const found = t.sim.exchange.openOrders(DEFAULT_ACCOUNT_KEY, {
    symbol: SYMBOL,
    orderLinkId: linkId,
  });
  return found[0]?.orderStatus;
}

/** The engine's audit trail has not grown for 500 ms: reads started by earlier events are done. */
async function settled(t: TestApp): Promise<void> {
  let last = -1;
  let sinceMs = performance.now();
  await waitFor(
    async () => {
      const n = (await auditOf(t, `symbol=${SYMBOL}&limit=1000`)).length;
      if (n !== last) [last, sinceMs] = [n, performance.now()];
      return performance.now() - sinceMs >= 500;
    },
    10_000,
    'a quiet audit trail',
  );
}

describe('position care on the embedded simulator: the guard and the zombie sweep (real app, real sockets)', () => {
  let t: TestApp;
  let jobs: FleetJobs;

  beforeAll(async () => {
    t = await startTestApp({
      faultInjection: true,
      overrides: { engineDefaults: { ...QUIET_STRATEGY, stopLossPct: '1', takeProfitPct: '2' } },
    });
    jobs = t.app.get(FleetJobs);
    await startEngine(t, SYMBOL);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a stop removed behind the engine (stream down) is found by the guard and an emergency stop 3 % away is put back', async () => {
    const signal = await drillSignal(t, SYMBOL, 'buy');
    const open = await protectedPosition(t, SYMBOL);
    const entry = new Decimal(open.position?.entryPrice ?? '0');
    const router = t.app.get<VenueEventRouter>(VENUE_EVENTS);
    router.stop(); // the engine hears nothing of what follows
    await settled(t);
    t.sim.exchange.tradingStop(DEFAULT_ACCOUNT_KEY, {
      category: 'linear',
      symbol: SYMBOL,
      tpslMode: 'Full',
      positionIdx: 0,
      stopLoss: '0',
    });
    expect((await venuePositions(t.sim))[0]).toMatchObject({ protected: false });

    expect(jobs.guardSweep()).toBe(1);
    const restored = await waitFor(
      async () => {
        const p = (await venuePositions(t.sim)).find((v) => v.symbol === SYMBOL);
        return p?.protected ? p : null;
      },
      10_000,
      'the stop restored on the venue',
    );
    expect(restored.stopOrders).toHaveLength(1);
    const trail = await auditOf(t, `symbol=${SYMBOL}&traceId=${signal.id}`);
    const finding = trail.find((e) => e.action === 'guard.finding');
    if (!finding) throw new Error(JSON.stringify(trail.map((e) => [e.action, e.details])));
    expect(finding?.details).toMatchObject({ action: 'emergency-stop' });
    const stopPrice = new Decimal(String(finding?.details.emergencyStopPrice));
    expect(stopPrice.toFixed()).toBe(entry.mul('0.97').toFixed());
    expect(trail.some((e) => e.action === 'guard.emergency-stop')).toBe(true);
    router.start();
  });

  it('an orphan order placed on the venue directly is cancelled by the zombie sweep', async () => {
    const ack = t.sim.exchange.placeOrder(DEFAULT_ACCOUNT_KEY, {
      category: 'linear',
      symbol: SYMBOL,
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.01',
      price: '1000',
      orderLinkId: 'manual-orphan-1',
    });
    expect(ack.orderLinkId).toBe('manual-orphan-1');
    // The engine's first sweep is due 60 s after its reconciliation; the job ticks until then.
    let lastTickMs = 0;
    const cancelled = await waitFor(
      async () => {
        if (performance.now() - lastTickMs < 1_000) return null; // one job tick a second
        lastTickMs = performance.now();
        jobs.zombieTick();
        const trail = await auditOf(t, `symbol=${SYMBOL}&action=zombie.cancelled`);
        return trail.find((e) => e.details.clientOrderId === 'manual-orphan-1') ?? null;
      },
      90_000,
      'the orphan cancelled',
    );
    expect(cancelled.details).toMatchObject({ reason: 'not ours', tries: 1 });
    expect(simOrderStatus(t, 'manual-orphan-1')).toBe('Cancelled');
  }, 120_000);
});

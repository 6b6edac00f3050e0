import { Decimal } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY, type VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import type { EngineStatus } from '../../apps/orchestrator/src/supervisor';
import { startTestApp, type TestApp } from '../support/app-harness';
import { waitFor } from '../support/wait-for';

/** The strategy never fires on its own: only drill signals trade (each test decides when). */
export const QUIET_STRATEGY = {
  buyThreshold: '0.9999',
  sellThreshold: '0.0001',
  minClusterVolume: '1000000000000',
};

/**
 * The real app on an in-process simulator, drills enabled, only drill signals trading (stop 1 %,
 * target 2 %), with symbol's engine started and reconciled.
 */
export async function startTradingApp(symbol: string): Promise<TestApp> {
  const t = await startTestApp({
    faultInjection: true,
    overrides: { engineDefaults: { ...QUIET_STRATEGY, stopLossPct: '1', takeProfitPct: '2' } },
  });
  await startEngine(t, symbol);
  return t;
}

export async function startEngine(t: TestApp, symbol: string): Promise<void> {
  await request(t.http).post(`/engines/start/${symbol}`).set(t.auth()).expect(201);
  await reconciled(t, symbol);
}

export function reconciled(t: TestApp, symbol: string, timeoutMs = 15_000): Promise<EngineStatus> {
  return waitFor(
    async () => {
      const s = await t.status(symbol);
      return s.status === 'running' && s.reconcile?.state === 'done' ? s : null;
    },
    timeoutMs,
    `${symbol} reconciled`,
  );
}

export async function drillSignal(t: TestApp, symbol: string, side: 'buy' | 'sell') {
  const res = await request(t.http)
    .post(`/engines/${symbol}/signals`)
    .set(t.auth())
    .send({ side })
    .expect(201);
  return res.body as { id: string; mid: string };
}

/** Waits until the engine holds a position whose stop was read back from the venue. */
export function protectedPosition(t: TestApp, symbol: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const s = await t.status(symbol);
      return s.position?.stopConfirmed ? s : null;
    },
    timeoutMs,
    `${symbol} position with a confirmed stop`,
  );
}

export function flat(t: TestApp, symbol: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const s = await t.status(symbol);
      return s.position === null && s.tradeCount > 0 ? s : null;
    },
    timeoutMs,
    `${symbol} flat after a round trip`,
  );
}

export interface VenueProtection {
  symbol: string;
  side: string;
  size: string;
  stopLoss: string | null;
  stopOrders: string[];
  protected: boolean;
}

/** The venue's own view: every open position and the stop standing for it. */
export async function venuePositions(sim: VenueSim): Promise<VenueProtection[]> {
  const res = await request(sim.restUrl)
    .get(`/__admin/accounts/${DEFAULT_ACCOUNT_KEY}/protection`)
    .expect(200);
  return (res.body as { positions: VenueProtection[] }).positions;
}

export async function shock(sim: VenueSim, symbol: string, pct: number): Promise<void> {
  await request(sim.restUrl).post(`/__admin/markets/${symbol}/shock`).send({ pct }).expect(200);
}

export async function auditOf(t: TestApp, query: string) {
  const res = await request(t.http).get(`/trading/audit?${query}`).set(t.auth()).expect(200);
  return res.body as AuditJson[];
}

export interface AuditJson {
  action: string;
  symbol: string | null;
  traceId: string | null;
  actor: string;
  requestId: string | null;
  details: Record<string, string | number | boolean | null>;
}

/** Realised PnL net of fees recomputed from the audit trail's fill entries alone (average cost, 8 dp). */
export function pnlFromAuditFills(fills: readonly AuditJson[]): Decimal {
  let qty = new Decimal(0);
  let avg = new Decimal(0);
  let pnl = new Decimal(0);
  for (const f of [...fills].reverse()) {
    const dir = f.details.side === 'buy' ? 1 : -1;
    const q = new Decimal(String(f.details.qty));
    const price = new Decimal(String(f.details.price));
    pnl = pnl.sub(new Decimal(String(f.details.fee)));
    if (qty.isZero() || qty.s === dir) {
      avg = avg.mul(qty.abs()).add(price.mul(q)).div(qty.abs().add(q));
      qty = qty.add(q.mul(dir));
    } else {
      const closed = Decimal.min(qty.abs(), q);
      pnl = pnl.add(
        price.sub(avg).mul(closed).mul(qty.s).toDecimalPlaces(8, Decimal.ROUND_HALF_UP),
      );
      qty = qty.add(closed.mul(dir));
      const rest = q.sub(closed);
      if (rest.gt(0)) {
        qty = rest.mul(dir);
        avg = price;
      }
    }
  }
  return pnl;
}

import { Decimal } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY } from '@flotilla/venue-sim';
import request from 'supertest';
import { type TestApp } from '../support/app-harness';
import { adminExecutions, realizedPnlFromExecutions } from '../support/venue-ledger';
import {
  auditOf,
  drillSignal,
  flat,
  pnlFromAuditFills,
  protectedPosition,
  shock,
  venuePositions,
  startTradingApp,
} from './trading-support';

const SYMBOL = 'BTCUSDT';

describe('trading on the embedded simulator: a signal becomes a protected position (real app, real sockets)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTradingApp(SYMBOL);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a buy signal opens a position with its stop standing on the venue; a rise closes it at the take profit', async () => {
    const signal = await drillSignal(t, SYMBOL, 'buy');
    const open = await protectedPosition(t, SYMBOL);
    expect(open.position).toMatchObject({ side: 'long', state: 'open', stopConfirmed: true });
    const stop = new Decimal(open.position?.stopPrice ?? '0');
    expect(stop.lt(new Decimal(signal.mid))).toBe(true);

    const onVenue = (await venuePositions(t.sim)).find((p) => p.symbol === SYMBOL);
    expect(onVenue).toMatchObject({ side: 'long', protected: true });
    expect(onVenue?.stopLoss).not.toBeNull();

    const positions = await request(t.http).get('/trading/positions').set(t.auth()).expect(200);
    expect((positions.body as { positions: unknown[] }).positions).toHaveLength(1);

    await shock(t.sim, SYMBOL, 3);
    const closed = await flat(t, SYMBOL);
    expect(closed.tradeCount).toBe(1);
    expect(new Decimal(closed.realizedPnl).gt(0)).toBe(true);
    expect(await venuePositions(t.sim)).toEqual([]);

    const trail = await auditOf(t, `symbol=${SYMBOL}&traceId=${signal.id}`);
    const actions = trail.map((e) => e.action).reverse();
    for (const expected of [
      'order.submitted',
      'order.accepted',
      'fill',
      'position.opened',
      'stop.confirmed',
    ]) {
      expect(actions).toContain(expected);
    }
  });

  it('a fall closes the next position at its stop loss, and the realised PnL equals the venue executions and the audit trail', async () => {
    await drillSignal(t, SYMBOL, 'buy');
    await protectedPosition(t, SYMBOL);
    await shock(t.sim, SYMBOL, -2);
    const closed = await waitForTrades(t, 2);
    expect(closed.position).toBeNull();

    const fills = await adminExecutions(t.sim.restUrl, DEFAULT_ACCOUNT_KEY, SYMBOL);
    const fromVenue = realizedPnlFromExecutions(fills).get(SYMBOL)?.net;
    const fromAudit = pnlFromAuditFills(
      await auditOf(t, `symbol=${SYMBOL}&action=fill&limit=1000`),
    );
    expect(closed.realizedPnl).toBe(fromVenue?.toFixed());
    expect(fromAudit.toFixed()).toBe(closed.realizedPnl);
    const positions = await request(t.http)
      .get(`/trading/positions?symbol=${SYMBOL}`)
      .set(t.auth())
      .expect(200);
    expect((positions.body as { totals: { realizedPnl: string } }).totals.realizedPnl).toBe(
      closed.realizedPnl,
    );
  });
});

async function waitForTrades(t: TestApp, n: number) {
  const { waitFor } = await import('../support/wait-for');
  return waitFor(
    async () => {
      const s = await t.status(SYMBOL);
      return s.tradeCount >= n && s.position === null ? s : null;
    },
    10_000,
    `${n} round trips`,
  );
}

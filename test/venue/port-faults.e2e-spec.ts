import { dec, Decimal } from '@flotilla/core';
import type { PlaceOrderRequest, PlaceResult } from '@flotilla/engine';
import { clientOrderId, noVenueMetrics, type BreakerState } from '@flotilla/venue';
import { waitFor } from '../support/wait-for';
import {
  allHeld,
  bestBid,
  clearPrivateFaults,
  fault,
  startPortHarness,
  type PortHarness,
} from './port-harness';

/** 200 in the suite; `npm run drill:orders` runs the 1,000. */
const PLACEMENTS = Number(process.env.FLOTILLA_PORT_PLACEMENTS ?? 200);

/** Runs jobs with at most `width` in flight. */
async function inBatches<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < jobs.length; i += width) {
    out.push(...(await Promise.all(jobs.slice(i, i + width).map((job) => job()))));
  }
  return out;
}

describe('VenuePort under the simulator’s faults', () => {
  let h: PortHarness;
  const states: BreakerState[] = [];

  beforeAll(async () => {
    h = await startPortHarness({
      // short durations so the test sees a whole open → half-open → closed cycle quickly
      guard: {
        halfOpenAfterMs: 300,
        protectiveRetry: { maxAttempts: 40, initialDelayMs: 20, maxDelayMs: 100 },
      },
      metrics: { ...noVenueMetrics, breaker: (s) => states.push(s) },
    });
  }, 30_000);

  afterEach(async () => {
    await clearPrivateFaults(h.sim);
  });

  afterAll(async () => {
    await h.close();
  });

  const resting = (signalId: string, symbol = 'BTCUSDT'): PlaceOrderRequest => {
    const price = bestBid(h.sim, symbol).mul('0.8');
    const { qtyStep, minOrderQty } = h.instrument(symbol);
    const qty = Decimal.max(minOrderQty, dec('6').div(price).div(qtyStep).ceil().mul(qtyStep));
    return {
      symbol,
      signalId,
      leg: 'entry',
      side: 'buy',
      type: 'limit',
      // just above the minimum notional, whatever the symbol's price
      qty,
      price,
    };
  };

  it(`${PLACEMENTS} placements with timeout-after-accept on 30 %: no duplicate on the venue, every order known`, async () => {
    await fault(h.sim, { type: 'timeout-after-accept', share: 0.3 });
    // Bybit allows 500 open orders per symbol: spread them over the venue's symbols.
    const symbols = h.sim.symbols().slice(0, 3);
    const legs = Array.from({ length: PLACEMENTS }, (_, i) => ({
      signal: `taa-${i}`,
      symbol: symbols[i % symbols.length],
    }));
    const results = await inBatches(
      legs.map(
        ({ signal, symbol }) =>
          () =>
            h.venue.place(resting(signal, symbol)),
      ),
      20,
    );
    expect(results.every((r) => r.kind === 'placed')).toBe(true);
    const recovered = results.filter((r) => r.kind === 'placed' && r.alreadyPlaced).length;
    expect(recovered).toBeGreaterThan(PLACEMENTS / 10); // the fault really hit, and lookups resolved it

    const held = await allHeld(h.sim);
    const counts = new Map<string, number>();
    for (const o of held) counts.set(o.orderLinkId, (counts.get(o.orderLinkId) ?? 0) + 1);
    const expected = legs.map(({ signal, symbol }) => clientOrderId(symbol, signal, 'entry'));
    expect(expected.filter((id) => counts.get(id) !== 1)).toEqual([]);
    const known = new Set(results.map((r: PlaceResult) => r.clientOrderId));
    expect(expected.every((id) => known.has(id))).toBe(true);
    for (const symbol of symbols) await h.venue.cancelAll(symbol);
  }, 120_000);

  it.each([
    ['server-error', { type: 'server-error', count: 7 }],
    ['rate-limit', { type: 'rate-limit', count: 7 }],
  ])(
    'a %s storm loses no protective call; the breaker opens, refuses entries and closes',
    async (name, storm) => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const placed = await h.venue.place(resting(`${name}-${i}`));
        ids.push(placed.clientOrderId);
      }
      states.length = 0;
      await fault(h.sim, storm);
      const cancels = Promise.all(ids.map((id) => h.venue.cancel('BTCUSDT', id)));
      await waitFor(() => states.includes('open'), 5000, 'the breaker to open');
      await expect(h.venue.place(resting(`${name}-entry`))).resolves.toMatchObject({
        kind: 'not-sent',
        reason: 'breaker-open',
      });
      await cancels;
      const held = await allHeld(h.sim);
      const statusOf = new Map(held.map((o) => [o.orderLinkId, o.orderStatus]));
      expect(ids.map((id) => statusOf.get(id))).toEqual(ids.map(() => 'Cancelled'));
      expect(states[0]).toBe('open');
      expect(states).toContain('half-open');
      expect(states.at(-1)).toBe('closed');
    },
    30_000,
  );
});

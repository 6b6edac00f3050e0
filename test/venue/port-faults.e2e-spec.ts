import { dec } from '@flotilla/core';
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

  const resting = (signalId: string): PlaceOrderRequest => ({
    symbol: 'BTCUSDT',
    signalId,
    leg: 'entry',
    side: 'buy',
    type: 'limit',
    qty: dec('0.001'),
    price: bestBid(h.sim, 'BTCUSDT').mul('0.8'),
  });

  it('200 placements with timeout-after-accept on 30 %: no duplicate on the venue, every order known', async () => {
    await fault(h.sim, { type: 'timeout-after-accept', share: 0.3 });
    const ids = Array.from({ length: 200 }, (_, i) => `taa-${i}`);
    const results = await inBatches(
      ids.map((signal) => () => h.venue.place(resting(signal))),
      20,
    );
    expect(results.every((r) => r.kind === 'placed')).toBe(true);
    const recovered = results.filter((r) => r.kind === 'placed' && r.alreadyPlaced).length;
    expect(recovered).toBeGreaterThan(20); // the fault really hit, and lookups resolved it

    const held = await allHeld(h.sim);
    const counts = new Map<string, number>();
    for (const o of held) counts.set(o.orderLinkId, (counts.get(o.orderLinkId) ?? 0) + 1);
    const expected = ids.map((s) => clientOrderId('BTCUSDT', s, 'entry'));
    expect(expected.filter((id) => counts.get(id) !== 1)).toEqual([]);
    const known = new Set(results.map((r: PlaceResult) => r.clientOrderId));
    expect(expected.every((id) => known.has(id))).toBe(true);
    await h.venue.cancelAll('BTCUSDT');
  }, 60_000);

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

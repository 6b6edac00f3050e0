import type { VenueFill } from '@flotilla/engine';
import { DEFAULT_ACCOUNT } from '@flotilla/venue-sim';
import request from 'supertest';
import { startPortHarness, type PortHarness } from './port-harness';

interface AdminFill {
  execId: string;
  symbol: string;
  orderLinkId: string;
  execFee: string;
}

/** More fills than one execution/list page holds (100), so the read must follow the cursor. */
const ROUND_TRIPS = 55;

describe('VenuePort.executions against the simulator over real sockets', () => {
  let h: PortHarness;
  let fills: VenueFill[];

  const adminFills = async (symbol: string): Promise<AdminFill[]> => {
    const res = await request(h.sim.restUrl)
      .get(`/__admin/accounts/${DEFAULT_ACCOUNT.key}/executions`)
      .query({ symbol })
      .expect(200);
    return (res.body as { executions: AdminFill[] }).executions;
  };

  beforeAll(async () => {
    h = await startPortHarness();
    const qty = h.instrument('ETHUSDT').minOrderQty;
    for (let i = 0; i < ROUND_TRIPS; i++) {
      for (const [leg, side] of [
        ['entry', 'buy'],
        ['close', 'sell'],
      ] as const) {
        await h.venue.place({
          symbol: 'ETHUSDT',
          signalId: `exec-${i}`,
          leg,
          side,
          type: 'market',
          qty,
          reduceOnly: leg === 'close',
        });
      }
    }
    await h.venue.place({
      symbol: 'BTCUSDT',
      signalId: 'exec-other',
      leg: 'entry',
      side: 'buy',
      type: 'market',
      qty: h.instrument('BTCUSDT').minOrderQty,
    });
    fills = await h.venue.executions('ETHUSDT');
  }, 60_000);

  afterAll(async () => {
    await h.close();
  });

  it("returns every fill of the symbol across pages, oldest first, as the venue's own list", async () => {
    const venue = await adminFills('ETHUSDT');
    expect(venue.length).toBeGreaterThanOrEqual(2 * ROUND_TRIPS);
    expect(venue.length).toBeGreaterThan(100);
    expect(fills.map((f) => f.fillId)).toEqual(venue.map((f) => f.execId));
    expect(fills.map((f) => f.clientOrderId)).toEqual(venue.map((f) => f.orderLinkId));
    expect(fills.map((f) => f.fee.toFixed())).toEqual(venue.map((f) => f.execFee));
    expect(new Set(fills.map((f) => f.symbol))).toEqual(new Set(['ETHUSDT']));
    expect(fills.every((f, i) => i === 0 || f.at >= fills[i - 1].at)).toBe(true);
    expect(fills[0].side).toBe('buy');
    expect(fills[0].fee.gt(0)).toBe(true);
  });

  it('keeps only the fills at or after sinceMs', async () => {
    const cut = fills[Math.floor(fills.length / 2)].at;
    const later = await h.venue.executions('ETHUSDT', cut);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((f) => f.at >= cut)).toBe(true);
    expect(later.map((f) => f.fillId)).toEqual(
      fills.filter((f) => f.at >= cut).map((f) => f.fillId),
    );
    expect(await h.venue.executions('ETHUSDT', fills[fills.length - 1].at + 1)).toEqual([]);
  });

  it('reads the other symbol on its own', async () => {
    const btc = await h.venue.executions('BTCUSDT');
    expect(btc.length).toBeGreaterThan(0);
    expect(btc.every((f) => f.symbol === 'BTCUSDT' && f.clientOrderId !== '')).toBe(true);
  });
});

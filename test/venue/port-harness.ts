import { dec, SystemClock, silentLogger, type Decimal, type Instrument } from '@flotilla/core';
import { loadBybitInstruments } from '@flotilla/market-data';
import {
  connectBybitVenue,
  type BybitVenue,
  type VenueGuardOptions,
  type VenueMetrics,
} from '@flotilla/venue';
import { DEFAULT_ACCOUNT, startVenueSim, type VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';

export interface PortHarness {
  sim: VenueSim;
  venue: BybitVenue;
  instrument(symbol: string): Instrument;
  close(): Promise<void>;
}

/** The simulator in-process over real sockets, and the port over real ccxt against it. */
export async function startPortHarness(
  options: {
    timeoutMs?: number;
    guard?: VenueGuardOptions;
    rateLimitScale?: number;
    metrics?: VenueMetrics;
  } = {},
): Promise<PortHarness> {
  const sim = await startVenueSim({
    rateHz: 0,
    seed: 42,
    rateLimitScale: options.rateLimitScale ?? 100,
  });
  for (let i = 0; i < 20; i++) sim.tick();
  const instruments = await loadBybitInstruments({ restUrl: sim.restUrl }, silentLogger);
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
  const venue = await connectBybitVenue({
    restUrl: sim.restUrl,
    apiKey: DEFAULT_ACCOUNT.key,
    secret: DEFAULT_ACCOUNT.secret,
    timeoutMs: options.timeoutMs ?? 2000,
    enableRateLimit: false,
    instrumentOf: (s) => bySymbol.get(s),
    clock: new SystemClock(),
    guard: options.guard,
    metrics: options.metrics,
  });
  return {
    sim,
    venue,
    instrument: (symbol) => {
      const found = bySymbol.get(symbol);
      if (!found) throw new Error(`no instrument ${symbol}`);
      return found;
    },
    close: async () => {
      await venue.close();
      await sim.close();
    },
  };
}

/** How many orders the venue holds under this orderLinkId, from its own admin read. */
export async function heldOrders(sim: VenueSim, orderLinkId: string): Promise<number> {
  const res = await request(sim.restUrl)
    .get(`/__admin/accounts/${DEFAULT_ACCOUNT.key}/orders`)
    .query({ orderLinkId })
    .expect(200);
  return (res.body as { count: number }).count;
}

export async function allHeld(
  sim: VenueSim,
): Promise<Array<{ orderLinkId: string; orderStatus: string }>> {
  const res = await request(sim.restUrl)
    .get(`/__admin/accounts/${DEFAULT_ACCOUNT.key}/orders`)
    .expect(200);
  return (res.body as { orders: Array<{ orderLinkId: string; orderStatus: string }> }).orders;
}

export async function fault(sim: VenueSim, body: object): Promise<void> {
  await request(sim.restUrl).post('/__admin/faults').send(body).expect(200);
}

export async function clearPrivateFaults(sim: VenueSim): Promise<void> {
  await request(sim.restUrl).delete('/__admin/faults/private').expect(200);
}

/** The best bid of the simulator's own book. */
export function bestBid(sim: VenueSim, symbol: string): Decimal {
  return dec(String(sim.book(symbol, 1).bids[0][0]));
}

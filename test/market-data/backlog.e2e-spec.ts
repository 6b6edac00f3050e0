import type { TradeEvent } from '@flotilla/core';
import type { MarketDataListener } from '@flotilla/engine';
import type { MarketDataHub } from '@flotilla/market-data';
import { startVenueSim, type VenueSim } from '@flotilla/venue-sim';
import { bookMatches, hubFor, subscribedAndSynced } from './support/hub-fixture';
import { waitFor } from './support/wait-for';

interface TradeLog {
  listener: MarketDataListener;
  events: number;
  ids: string[];
}

/** Trade ids per symbol, in the order delivered (order across symbols may differ). */
function bySymbol(ids: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const id of ids) {
    const [symbol, tradeId] = id.split('/');
    (out[symbol] ??= []).push(tradeId);
  }
  return out;
}

function tradeLog(): TradeLog {
  const log: TradeLog = {
    events: 0,
    ids: [],
    listener: {
      onBook: () => undefined,
      onTicker: () => undefined,
      onTrade: (e: TradeEvent) => {
        log.events++;
        for (const t of e.trades) log.ids.push(`${e.symbol}/${t.id}`);
      },
    },
  };
  return log;
}

/**
 * A market backlog over real sockets: the simulator writes 200 updates of 40 symbols at once, so
 * the hubs read thousands of frames in a few reads. A hub with a 1 ms budget per turn parses most
 * of them a turn later, in slices, with each symbol's events conflated; a hub without a budget
 * parses each as it arrives. Both must end with the venue's books and the same trades in the
 * same order.
 */
describe('MarketDataHub draining a backlog in budgeted slices (simulated exchange)', () => {
  let sim: VenueSim;
  let sliced: MarketDataHub;
  let inline: MarketDataHub;

  beforeEach(async () => {
    sim = await startVenueSim({ port: 0, seed: 11, synthetic: 40, rateHz: 0 });
  });

  afterEach(async () => {
    await sliced.close();
    await inline.close();
    await sim.close();
  });

  it('parses a backlog in slices and conflates its events, with the same books and trades as parsing it at once', async () => {
    // A small queue bound: the backlog also pauses and resumes the socket (TCP backpressure).
    sliced = hubFor(sim, { ingest: { budgetMs: 1, maxQueuedFrames: 500 } });
    inline = hubFor(sim, { ingest: { budgetMs: 0 } });
    const symbols = sim.symbols().slice(0, 40);
    const slicedTrades = tradeLog();
    const inlineTrades = tradeLog();
    await subscribedAndSynced(sliced, sim, symbols, slicedTrades.listener);
    await subscribedAndSynced(inline, sim, symbols, inlineTrades.listener);
    const before = sliced.ingestion();
    const messagesBefore = sliced.stats().messages;
    for (let i = 0; i < 200; i++) sim.tick();
    const settled = (hub: MarketDataHub): boolean => symbols.every((s) => bookMatches(hub, sim, s));
    await waitFor(() => settled(sliced) && settled(inline), 'books to match the sim', 30_000);
    await waitFor(() => slicedTrades.ids.length === inlineTrades.ids.length, 'all trades', 5000);

    // With MARKET_INGESTION=workers the figures come back with the worker's next health report.
    await waitFor(() => sliced.ingestion().conflatedEvents > 0, 'the ingestion figures', 3000);
    const after = sliced.ingestion();
    const stats = sliced.stats();
    expect(stats.messages - messagesBefore).toBeGreaterThan(40 * 200);
    expect(after.queuedFrames - before.queuedFrames).toBeGreaterThan(0);
    expect(after.slices - before.slices).toBeGreaterThan(1);
    expect(after.conflatedEvents).toBeGreaterThan(0);
    // A worker thread drains its socket at its own pace, so only the one-thread hub surely pauses.
    const paused = process.env.MARKET_INGESTION === 'workers' || after.pauses > 0;
    expect(paused).toBe(true);
    expect(after.worstBursts[0].frames).toBeGreaterThan(100);
    expect(stats).toMatchObject({ gaps: 0, resyncs: 0, malformed: 0, reconnects: 0 });
    expect(inline.ingestion()).toMatchObject({ queuedFrames: 0, slices: 0, conflatedEvents: 0 });
    // Every trade once, in venue order per symbol, in fewer events.
    expect(bySymbol(slicedTrades.ids)).toEqual(bySymbol(inlineTrades.ids));
    expect(new Set(slicedTrades.ids).size).toBe(slicedTrades.ids.length);
    expect(slicedTrades.events).toBeLessThan(inlineTrades.events);
  });
});

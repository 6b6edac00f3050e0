import type { BookEvent, TickerEvent, TradeEvent } from '@flotilla/core';
import type { MarketDataListener } from '@flotilla/engine';
import {
  MarketDataHub,
  WorkerMarketDataHub,
  type MarketDataHubOptions,
} from '@flotilla/market-data';
import type { VenueSim } from '@flotilla/venue-sim';
import { waitFor } from './wait-for';

export interface Recorder extends MarketDataListener {
  books: BookEvent[];
  trades: TradeEvent[];
  tickers: TickerEvent[];
}

/** Keeps the last few events of each kind (bounded, like everything else). */
export function recorder(keep = 100): Recorder {
  const r: Recorder = {
    books: [],
    trades: [],
    tickers: [],
    onBook: (e) => push(r.books, e),
    onTrade: (e) => push(r.trades, e),
    onTicker: (e) => push(r.tickers, e),
  };
  function push<T>(list: T[], e: T): void {
    list.push(e);
    if (list.length > keep) list.shift();
  }
  return r;
}

/** The hub under test: one thread, or with MARKET_INGESTION=workers its worker_threads variant. */
export function hubFor(sim: VenueSim, opts: Partial<MarketDataHubOptions> = {}): MarketDataHub {
  if (process.env.MARKET_INGESTION === 'workers') {
    const { clock: _c, random: _r, createSocket: _s, ...rest } = opts;
    return new WorkerMarketDataHub({
      restUrl: sim.restUrl,
      wsPublicUrl: sim.wsPublicUrl,
      backoff: { initialMs: 20, maxMs: 200 },
      workers: 1,
      ...rest,
    });
  }
  return new MarketDataHub({
    restUrl: sim.restUrl,
    wsPublicUrl: sim.wsPublicUrl,
    backoff: { initialMs: 20, maxMs: 200 },
    ...opts,
  });
}

/** True when the hub's book is at the sim's update id with identical levels. */
export function bookMatches(hub: MarketDataHub, sim: VenueSim, symbol: string): boolean {
  const mine = hub.book(symbol);
  const theirs = sim.book(symbol, 50);
  if (!mine || !mine.synced || mine.updateId !== theirs.u) return false;
  return (
    JSON.stringify(mine.rawLevels('bid')) === JSON.stringify(theirs.bids) &&
    JSON.stringify(mine.rawLevels('ask')) === JSON.stringify(theirs.asks)
  );
}

/** Ticks the sim and waits until every symbol's hub book equals the sim's. */
export async function tickAndSettle(
  hub: MarketDataHub,
  sim: VenueSim,
  symbols: string[],
  ticks: number,
): Promise<void> {
  for (let i = 0; i < ticks; i++) sim.tick();
  await waitFor(
    () => symbols.every((s) => bookMatches(hub, sim, s)),
    `books of ${symbols.join(',')} to match the sim`,
  );
}

export async function subscribedAndSynced(
  hub: MarketDataHub,
  sim: VenueSim,
  symbols: string[],
  listener: MarketDataListener,
): Promise<void> {
  for (const s of symbols) hub.subscribe(s, listener);
  await waitFor(() => symbols.every((s) => bookMatches(hub, sim, s)), 'initial snapshots');
}

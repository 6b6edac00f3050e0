import {
  dec,
  type BookEvent,
  type FeedHealth,
  type Instrument,
  type TickerEvent,
  type TradeEvent,
} from '@flotilla/core';
import type { MarketDataListener, MarketDataPort, MarketDataSubscription } from '../ports';

/** In-memory MarketDataPort for unit tests: push events by hand, see who is subscribed. */
export class FakeMarketData implements MarketDataPort {
  readonly listeners = new Map<string, Set<MarketDataListener>>();
  subscribeCalls = 0;
  failSubscribe: Error | null = null;

  constructor(readonly listed: readonly string[] = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) {}

  subscribe(symbol: string, listener: MarketDataListener): MarketDataSubscription {
    this.subscribeCalls++;
    if (this.failSubscribe) throw this.failSubscribe;
    const set = this.listeners.get(symbol) ?? new Set();
    set.add(listener);
    this.listeners.set(symbol, set);
    return { unsubscribe: () => set.delete(listener) };
  }

  subscribers(symbol: string): number {
    return this.listeners.get(symbol)?.size ?? 0;
  }

  feedHealth(): FeedHealth {
    return { connected: true, lastMessageAt: null, reconnects: 0, gaps: 0, malformed: 0 };
  }

  instrument(symbol: string): Instrument | undefined {
    if (!this.listed.includes(symbol)) return undefined;
    const one = dec('0.01');
    return {
      symbol,
      base: symbol.replace(/USDT$/, ''),
      quote: 'USDT',
      tickSize: one,
      qtyStep: one,
      minOrderQty: one,
      minNotional: dec('5'),
    };
  }

  book(e: BookEvent): void {
    this.listeners.get(e.symbol)?.forEach((l) => l.onBook(e));
  }

  trade(e: TradeEvent): void {
    this.listeners.get(e.symbol)?.forEach((l) => l.onTrade(e));
  }

  ticker(e: TickerEvent): void {
    this.listeners.get(e.symbol)?.forEach((l) => l.onTicker(e));
  }
}

/** Lets queued setImmediate/microtask work run; not a sleep, no wall time passes on the clock. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

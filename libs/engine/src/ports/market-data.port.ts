import type { BookEvent, FeedHealth, Instrument, TickerEvent, TradeEvent } from '@flotilla/core';

export interface MarketDataListener {
  onBook(event: BookEvent): void;
  onTrade(event: TradeEvent): void;
  onTicker(event: TickerEvent): void;
}

export interface MarketDataSubscription {
  /** Idempotent. */
  unsubscribe(): void;
}

/** What an engine needs from market data; libs/market-data implements it. */
export interface MarketDataPort {
  subscribe(symbol: string, listener: MarketDataListener): MarketDataSubscription;
  feedHealth(symbol: string): FeedHealth;
  /** undefined when the venue does not list the symbol. */
  instrument(symbol: string): Instrument | undefined;
}

import type { FeedHealth, StructuredLogger } from '@flotilla/core';
import type { BybitConnection } from './bybit-connection';
import { TickerState } from './events';
import { ListenerSet } from './fan-out';
import { LocalOrderBook } from './local-order-book';

/** Everything the hub keeps for one subscribed symbol. */
export class SymbolFeed {
  readonly book: LocalOrderBook;
  readonly ticker = new TickerState();
  readonly listeners: ListenerSet;
  readonly bookTopic: string;
  readonly tradeTopic: string;
  readonly tickerTopic: string;
  lastMessageAt: number | null = null;
  /** Monotonic time of the last message, subscription or resubscription: what staleness is measured from. */
  lastActivityMono: number;
  /** Monotonic time a book resync was last requested, or null when none is outstanding. */
  resyncRequestedMono: number | null = null;
  reconnects = 0;
  gaps = 0;
  malformed = 0;
  staleResubscribes = 0;

  constructor(
    readonly symbol: string,
    readonly conn: BybitConnection,
    bookDepth: number,
    logger: StructuredLogger,
    nowMono: number,
    nowMs: () => number,
  ) {
    this.book = new LocalOrderBook(symbol, bookDepth);
    this.listeners = new ListenerSet(symbol, logger, nowMs);
    this.bookTopic = `orderbook.50.${symbol}`;
    this.tradeTopic = `publicTrade.${symbol}`;
    this.tickerTopic = `tickers.${symbol}`;
    this.lastActivityMono = nowMono;
  }

  get topics(): string[] {
    return [this.bookTopic, this.tradeTopic, this.tickerTopic];
  }

  health(): FeedHealth {
    return {
      connected: this.conn.connected,
      lastMessageAt: this.lastMessageAt,
      reconnects: this.reconnects,
      gaps: this.gaps,
      malformed: this.malformed,
    };
  }
}

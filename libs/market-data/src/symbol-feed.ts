import type { BackoffOptions, Clock, FeedHealth, StructuredLogger } from '@flotilla/core';
import type { BybitConnection } from './bybit-connection';
import { TickerState } from './events';
import { ListenerSet } from './fan-out';
import { LocalOrderBook } from './local-order-book';
import { ResyncLimiter } from './resync-limiter';

/** FeedHealth plus the hub's own per-symbol counters. */
export interface SymbolHealth extends FeedHealth {
  /** Book resyncs sent (unsubscribe + subscribe of the book topic). */
  readonly resyncs: number;
  /** Resyncs that waited for the per-symbol spacing. */
  readonly resyncsDeferred: number;
  readonly staleResubscribes: number;
}

export interface SymbolFeedDeps {
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  readonly bookDepth: number;
  /** Spacing of book resyncs (see ResyncLimiter). */
  readonly resync: BackoffOptions;
  /** A synced book lost its sync (see MarketDataHubOptions.bookLost). */
  readonly bookLost?: (symbol: string) => void;
}

/** Everything the hub keeps for one subscribed symbol. */
export class SymbolFeed {
  readonly book: LocalOrderBook;
  readonly ticker = new TickerState();
  readonly listeners: ListenerSet;
  readonly resyncLimiter: ResyncLimiter;
  readonly bookTopic: string;
  readonly tradeTopic: string;
  readonly tickerTopic: string;
  lastMessageAt: number | null = null;
  /** Monotonic time of the last message, subscription or resubscription: what staleness is measured from. */
  lastActivityMono: number;
  /** Monotonic time a book resync was last sent, or null when none is outstanding. */
  resyncRequestedMono: number | null = null;
  reconnects = 0;
  gaps = 0;
  malformed = 0;
  staleResubscribes = 0;

  constructor(
    readonly symbol: string,
    readonly conn: BybitConnection,
    deps: SymbolFeedDeps,
  ) {
    const { clock } = deps;
    this.book = new LocalOrderBook(symbol, deps.bookDepth, deps.bookLost);
    this.listeners = new ListenerSet(symbol, deps.logger, () => clock.now());
    this.resyncLimiter = new ResyncLimiter(clock, deps.resync);
    this.bookTopic = `orderbook.50.${symbol}`;
    this.tradeTopic = `publicTrade.${symbol}`;
    this.tickerTopic = `tickers.${symbol}`;
    this.lastActivityMono = clock.monotonicMs();
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

  symbolHealth(): SymbolHealth {
    return {
      ...this.health(),
      resyncs: this.resyncLimiter.sent,
      resyncsDeferred: this.resyncLimiter.deferred,
      staleResubscribes: this.staleResubscribes,
    };
  }

  /** The feed is gone: no deferred resync may fire for it. */
  close(): void {
    this.resyncLimiter.cancel();
  }
}

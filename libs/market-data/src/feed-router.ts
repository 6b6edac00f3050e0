import type { Clock, StructuredLogger } from '@flotilla/core';
import type { BybitConnection, DataFrame } from './bybit-connection';
import { asBookData, asTicker, asTrades } from './bybit-frames';
import { tradeEvent } from './events';
import type { HubCounters } from './hub-stats';
import type { Arrival, SliceHooks } from './ingest-gate';
import type { IngestProbe } from './ingest-probe';
import { SliceConflation } from './slice-conflation';
import type { RawLevels } from './local-order-book';
import type { SymbolFeed } from './symbol-feed';

/** Sees every applied book update (snapshot or delta) before any conflation; see MarketDataHubOptions. */
export type BookTap = (
  symbol: string,
  snapshot: boolean,
  bids: RawLevels,
  asks: RawLevels,
  updateId: number,
  exchangeTs: number,
  receivedAtMono: number,
) => void;

enum TopicKind {
  Book,
  Trade,
  Ticker,
}

interface Route {
  feed: SymbolFeed;
  kind: TopicKind;
}

/**
 * Routes data frames to their symbol: applies book snapshots/deltas (sequence and crossed checks,
 * resync by resubscribing the book topic, spaced per symbol), merges tickers, and fans events out.
 */
export class FeedRouter implements SliceHooks {
  private readonly routes = new Map<string, Route>();
  private readonly conflation: SliceConflation;
  private inSlice = false;

  constructor(
    private readonly clock: Clock,
    private readonly counters: HubCounters,
    private readonly logger: StructuredLogger,
    private readonly probe: IngestProbe,
    private readonly bookTap?: BookTap,
  ) {
    this.conflation = new SliceConflation(probe);
  }

  /** A slice of backlog begins: until end(), each symbol's events merge into its latest. */
  begin(): void {
    this.inSlice = true;
  }

  end(): void {
    this.inSlice = false;
    this.conflation.flush();
  }

  add(feed: SymbolFeed): void {
    this.routes.set(feed.bookTopic, { feed, kind: TopicKind.Book });
    this.routes.set(feed.tradeTopic, { feed, kind: TopicKind.Trade });
    this.routes.set(feed.tickerTopic, { feed, kind: TopicKind.Ticker });
  }

  remove(feed: SymbolFeed): void {
    for (const t of feed.topics) this.routes.delete(t);
  }

  /** The feed a topic belongs to, if any (for attributing subscribe failures). */
  feedOf(topic: string): SymbolFeed | undefined {
    return this.routes.get(topic)?.feed;
  }

  onData(frame: DataFrame, conn: BybitConnection, arrival: Arrival): void {
    const c = this.counters;
    c.messages++;
    this.probe.dataFrame(arrival.burst, conn.id, frame.ts, arrival.wall);
    const route = this.routes.get(frame.topic);
    if (route === undefined) {
      c.unrouted++;
      return;
    }
    const feed = route.feed;
    // Stamped on arrival: a frame that waited in the queue counts its wait in tick-to-signal.
    const receivedAtMono = arrival.mono;
    feed.lastMessageAt = arrival.wall;
    if (receivedAtMono > feed.lastActivityMono) feed.lastActivityMono = receivedAtMono;
    switch (route.kind) {
      case TopicKind.Book:
        this.onBook(feed, frame, receivedAtMono);
        return;
      case TopicKind.Trade: {
        const trades = asTrades(frame.data);
        if (trades === undefined) return this.malformed(feed, frame.topic);
        c.trades++;
        if (this.inSlice) this.conflation.trades(feed, trades, receivedAtMono);
        else feed.listeners.trade(tradeEvent(feed.symbol, trades, receivedAtMono));
        return;
      }
      case TopicKind.Ticker: {
        const ticker = asTicker(frame.data);
        if (ticker === undefined) return this.malformed(feed, frame.topic);
        c.tickers++;
        // A delta of sizes and 24 h figures only: the merged ticker is unchanged, no event.
        if (!feed.ticker.merge(ticker, frame.type === 'snapshot')) return;
        if (this.inSlice) this.conflation.ticker(feed, frame.ts, receivedAtMono);
        else feed.listeners.ticker(feed.ticker.event(feed.symbol, frame.ts, receivedAtMono));
        return;
      }
    }
  }

  /**
   * Drops the book and asks the venue for a fresh snapshot by resubscribing the symbol's book
   * topic, at once or, when the symbol resynced too recently, once its ResyncLimiter allows.
   */
  resync(feed: SymbolFeed, reason: string): void {
    feed.book.invalidate();
    const updateId = feed.book.updateId;
    const outcome = feed.resyncLimiter.request(() => {
      this.counters.resyncs++;
      feed.resyncRequestedMono = this.clock.monotonicMs();
      feed.conn.resubscribe([feed.bookTopic]);
      this.logger.info('order book resync', { symbol: feed.symbol, reason, updateId });
    });
    if (outcome !== 'deferred') return;
    this.counters.resyncsDeferred++;
    this.logger.warn('order book resync deferred; the symbol resynced too recently', {
      symbol: feed.symbol,
      reason,
      waitMs: feed.resyncLimiter.waitMs(),
    });
  }

  /** A frame the connection could not parse; counted against its symbol when it named a topic. */
  malformedFrame(conn: BybitConnection, reason: string, topic: string | undefined): void {
    this.counters.malformed++;
    const feed = topic === undefined ? undefined : this.routes.get(topic)?.feed;
    if (feed !== undefined) feed.malformed++;
    this.logger.debug('malformed market-data frame dropped', {
      conn: conn.id,
      symbol: feed?.symbol,
      reason,
    });
  }

  private onBook(feed: SymbolFeed, frame: DataFrame, receivedAtMono: number): void {
    const data = asBookData(frame.data);
    if (data === undefined) return this.malformed(feed, frame.topic);
    const book = feed.book;
    const wasSynced = book.synced;
    const result =
      frame.type === 'snapshot'
        ? book.applySnapshot(data.b, data.a, data.u)
        : book.applyDelta(data.b, data.a, data.u);
    switch (result) {
      case 'applied':
        if (!wasSynced) feed.resyncLimiter.markSynced(receivedAtMono);
        feed.resyncRequestedMono = null;
        this.counters.bookUpdates++;
        this.bookTap?.(
          feed.symbol,
          frame.type === 'snapshot',
          data.b,
          data.a,
          data.u,
          frame.ts,
          receivedAtMono,
        );
        if (this.inSlice) return this.conflation.book(feed, frame.ts, receivedAtMono);
        feed.listeners.book({
          kind: 'book',
          symbol: feed.symbol,
          book,
          exchangeTs: frame.ts,
          receivedAtMono,
        });
        return;
      case 'unsynced':
        return;
      case 'gap':
        this.counters.gaps++;
        feed.gaps++;
        feed.conn.gaps++;
        this.resync(feed, 'gap');
        return;
      case 'crossed':
        this.counters.crossed++;
        this.resync(feed, 'crossed');
        return;
    }
  }

  private malformed(feed: SymbolFeed, topic: string): void {
    this.counters.malformed++;
    feed.malformed++;
    feed.conn.malformed++;
    this.logger.debug('malformed market-data frame dropped', { symbol: feed.symbol, topic });
  }
}

import type { RawTrade } from './bybit-frames';
import { tradeEvent } from './events';
import type { IngestProbe } from './ingest-probe';
import type { SymbolFeed } from './symbol-feed';

interface Pending {
  /** Venue ts and arrival of the latest applied book update, if any. */
  bookTs: number | null;
  bookMono: number;
  tickerTs: number | null;
  tickerMono: number;
  trades: RawTrade[] | null;
  tradeMono: number;
}

/**
 * While the hub drains a backlog, one symbol's events of a slice merge into one of each kind:
 * the book event of its latest update (the book is a live view anyway), the ticker of its merged
 * state, and all its trades in one event in venue order. Nothing is lost; engines do less work.
 */
export class SliceConflation {
  private readonly pending = new Map<SymbolFeed, Pending>();

  constructor(private readonly probe: IngestProbe) {}

  book(feed: SymbolFeed, ts: number, mono: number): void {
    const p = this.entry(feed);
    if (p.bookTs !== null) this.probe.conflated(1);
    p.bookTs = ts;
    p.bookMono = mono;
  }

  ticker(feed: SymbolFeed, ts: number, mono: number): void {
    const p = this.entry(feed);
    if (p.tickerTs !== null) this.probe.conflated(1);
    p.tickerTs = ts;
    p.tickerMono = mono;
  }

  trades(feed: SymbolFeed, trades: readonly RawTrade[], mono: number): void {
    const p = this.entry(feed);
    if (p.trades === null) p.trades = [...trades];
    else {
      this.probe.conflated(1);
      for (const t of trades) p.trades.push(t);
    }
    p.tradeMono = mono;
  }

  /** Delivers the merged events; a book that lost its sync meanwhile is not delivered. */
  flush(): void {
    for (const [feed, p] of this.pending) {
      if (p.bookTs !== null && feed.book.synced) {
        feed.listeners.book({
          kind: 'book',
          symbol: feed.symbol,
          book: feed.book,
          exchangeTs: p.bookTs,
          receivedAtMono: p.bookMono,
        });
      }
      if (p.tickerTs !== null)
        feed.listeners.ticker(feed.ticker.event(feed.symbol, p.tickerTs, p.tickerMono));
      if (p.trades !== null) feed.listeners.trade(tradeEvent(feed.symbol, p.trades, p.tradeMono));
    }
    this.pending.clear();
  }

  private entry(feed: SymbolFeed): Pending {
    let p = this.pending.get(feed);
    if (p === undefined) {
      p = {
        bookTs: null,
        bookMono: 0,
        tickerTs: null,
        tickerMono: 0,
        trades: null,
        tradeMono: 0,
      };
      this.pending.set(feed, p);
    }
    return p;
  }
}

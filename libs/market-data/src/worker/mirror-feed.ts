import type { StructuredLogger } from '@flotilla/core';
import type { RawTrade } from '../bybit-frames';
import { TickerState, tradeEvent } from '../events';
import { ListenerSet } from '../fan-out';
import { LocalOrderBook, type RawLevels } from '../local-order-book';
import type { SymbolHealth } from '../symbol-feed';
import type { WireEvent } from './protocol';

function pairs(flat: readonly string[]): RawLevels {
  const out = new Array<[string, string]>(flat.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = [flat[2 * i], flat[2 * i + 1]];
  return out;
}

function trades(flat: ReadonlyArray<string | number>): RawTrade[] {
  const out = new Array<RawTrade>(flat.length / 5);
  for (let i = 0, j = 0; i < out.length; i++, j += 5) {
    out[i] = {
      i: flat[j] as string,
      p: flat[j + 1] as string,
      v: flat[j + 2] as string,
      S: flat[j + 3] as 'Buy' | 'Sell',
      T: flat[j + 4] as number,
    };
  }
  return out;
}

/**
 * A subscribed symbol on the main thread in workers mode: a mirror of the worker's book (its top
 * levels), the merged ticker and the listeners. Events carry the worker's arrival stamp.
 */
export class MirrorFeed {
  readonly book: LocalOrderBook;
  readonly ticker = new TickerState();
  readonly listeners: ListenerSet;
  lastMessageAt: number | null = null;
  /** The worker's figures for the symbol, as of its last change. */
  health: SymbolHealth | undefined;

  constructor(
    readonly symbol: string,
    readonly shard: number,
    depth: number,
    logger: StructuredLogger,
  ) {
    this.book = new LocalOrderBook(symbol, depth);
    this.listeners = new ListenerSet(symbol, logger, () => Date.now());
  }

  /**
   * One event from the worker; `origin` converts its arrival stamp to this thread's monotonic ms;
   * `levels` holds the levels of its batch's 'n' events.
   * Returns false when a book update did not apply (the mirror needs the whole book again).
   */
  apply(e: WireEvent, origin: number, levels: Float64Array | null = null): boolean {
    switch (e[0]) {
      case 'n': {
        const [, , u, ts, at, snapshot, offset, bids, asks] = e;
        if (levels === null) return false;
        this.lastMessageAt = Math.round(at);
        const result = this.book.applyScaled(snapshot === 1, levels, offset, bids, asks, u);
        return result === 'applied' && this.bookApplied(ts, at - origin);
      }
      case 'b': {
        const [, , u, ts, at, snapshot, bids, asks] = e;
        this.lastMessageAt = Math.round(at);
        const result =
          snapshot === 1
            ? this.book.applySnapshot(pairs(bids), pairs(asks), u)
            : this.book.applyDelta(pairs(bids), pairs(asks), u);
        return result === 'applied' && this.bookApplied(ts, at - origin);
      }
      case 't': {
        const [, , at, flat] = e;
        this.lastMessageAt = Math.round(at);
        this.listeners.trade(tradeEvent(this.symbol, trades(flat), at - origin));
        return true;
      }
      case 'k': {
        const [, , ts, at, last, bid1, ask1, mark] = e;
        this.lastMessageAt = Math.round(at);
        this.ticker.merge(
          {
            lastPrice: last ?? undefined,
            bid1Price: bid1 ?? undefined,
            ask1Price: ask1 ?? undefined,
            markPrice: mark ?? undefined,
          },
          true,
        );
        this.listeners.ticker(this.ticker.event(this.symbol, ts, at - origin));
        return true;
      }
      case 'u':
        this.book.invalidate();
        return true;
      case 'h':
        this.health = e[2];
        return true;
    }
  }

  private bookApplied(exchangeTs: number, receivedAtMono: number): true {
    this.listeners.book({
      kind: 'book',
      symbol: this.symbol,
      book: this.book,
      exchangeTs,
      receivedAtMono,
    });
    return true;
  }
}

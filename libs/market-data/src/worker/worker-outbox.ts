import type { RawTicker, RawTrade } from '../bybit-frames';
import type { MainThreadMarketDataHub } from '../market-data.hub';
import type { WireEvent } from './protocol';

/**
 * A worker's events for the main thread, in the order the hub emitted them, sent as one batch
 * per turn. A book event carries the book's top levels as they stood when it was emitted (the
 * same view a main-thread listener reads); a symbol whose book lost its sync since it was last
 * sent goes as 'u' (unsynced) at the batch's start.
 */
export class WorkerOutbox {
  private batch: WireEvent[] = [];
  /** Symbols whose book the main thread holds as synced. */
  private readonly mirrored = new Set<string>();
  private readonly watched = new Set<string>();
  /** Symbols with events in this batch, and the health last sent per symbol (as a signature). */
  private readonly touched = new Set<string>();
  private readonly sentHealth = new Map<string, string>();
  private scheduled = false;
  private readonly origin = performance.timeOrigin;

  constructor(
    private readonly hub: MainThreadMarketDataHub,
    private readonly depth: number,
    private readonly send: (events: WireEvent[]) => void,
    /** Runs the batch's send after the turn; default setImmediate. */
    private readonly schedule: (fn: () => void) => void = (fn) => void setImmediate(fn),
  ) {}

  watch(symbol: string): void {
    this.watched.add(symbol);
  }

  unwatch(symbol: string): void {
    this.watched.delete(symbol);
    this.mirrored.delete(symbol);
    this.sentHealth.delete(symbol);
  }

  book(symbol: string, ts: number, mono: number): void {
    const book = this.hub.book(symbol);
    if (book === undefined || !this.watched.has(symbol)) return;
    this.mirrored.add(symbol);
    this.push([
      'b',
      symbol,
      book.updateId,
      ts,
      this.origin + mono,
      book.flatLevels('bid', this.depth),
      book.flatLevels('ask', this.depth),
    ]);
  }

  ticker(symbol: string, r: RawTicker, ts: number, mono: number): void {
    if (!this.watched.has(symbol)) return;
    this.push([
      'k',
      symbol,
      ts,
      this.origin + mono,
      r.lastPrice ?? null,
      r.bid1Price ?? null,
      r.ask1Price ?? null,
      r.markPrice ?? null,
    ]);
  }

  trades(symbol: string, trades: readonly RawTrade[], mono: number): void {
    if (!this.watched.has(symbol)) return;
    const flat: Array<string | number> = [];
    for (const t of trades) flat.push(t.i, t.p, t.v, t.S, t.T);
    this.push(['t', symbol, this.origin + mono, flat]);
  }

  /** A send even without events, so a book that lost its sync in a quiet feed is announced. */
  poll(): void {
    if (this.scheduled || this.mirrored.size === 0) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  private push(e: WireEvent): void {
    this.batch.push(e);
    this.touched.add(e[1]);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const lost: WireEvent[] = [];
    for (const s of this.mirrored) {
      if (this.hub.book(s)?.synced !== true) {
        this.mirrored.delete(s);
        lost.push(['u', s]);
      }
    }
    for (const s of this.touched) {
      const h = this.hub.symbolHealth(s);
      if (h === undefined) continue;
      const sig = `${h.connected}|${h.reconnects}|${h.gaps}|${h.malformed}|${h.resyncs}|${h.resyncsDeferred}|${h.staleResubscribes}`;
      if (this.sentHealth.get(s) === sig) continue;
      this.sentHealth.set(s, sig);
      lost.push(['h', s, h]);
    }
    this.touched.clear();
    const out = lost.length > 0 ? [...lost, ...this.batch] : this.batch;
    this.batch = [];
    if (out.length > 0) this.send(out);
  }
}

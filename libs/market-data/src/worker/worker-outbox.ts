import type { RawTicker, RawTrade } from '../bybit-frames';
import type { RawLevels } from '../local-order-book';
import type { MainThreadMarketDataHub } from '../market-data.hub';
import type { WireEvent } from './protocol';
import { appendScaled } from './scaled-wire';

function flat(levels: RawLevels): string[] {
  const out = new Array<string>(levels.length * 2);
  for (let i = 0; i < levels.length; i++) {
    out[2 * i] = levels[i][0];
    out[2 * i + 1] = levels[i][1];
  }
  return out;
}

/**
 * A worker's events for the main thread, in the order the hub emitted them, sent as one batch
 * per turn, or sooner once the batch's first event has waited `maxBatchAgeMs`: a read of a few
 * hundred frames takes the worker several ms, and the first frame's event should not wait for the
 * last one's. Every applied book update goes as the venue sent it (the main thread applies it to
 * its mirror, so the mirror equals the worker's book), its levels read into numbers ('n', see
 * scaled-wire.ts); a symbol whose book lost its sync goes as 'u' (unsynced) in its place in the
 * order (the hub's bookLost calls lost()); a symbol with events in the batch whose health changed
 * since last sent goes as 'h' at the batch's start.
 */
export class WorkerOutbox {
  private batch: WireEvent[] = [];
  /** The 'n' events' levels of this batch. */
  private levels: number[] = [];
  /** Symbols whose book the main thread holds as synced. */
  private readonly mirrored = new Set<string>();
  private readonly watched = new Set<string>();
  /** Symbols with events in this batch, and the health last sent per symbol (as a signature). */
  private readonly touched = new Set<string>();
  private readonly sentHealth = new Map<string, string>();
  private scheduled = false;
  /** When the batch's first event was pushed (`now()` ms). */
  private batchStartMs = 0;
  private readonly origin = performance.timeOrigin;

  constructor(
    private readonly hub: MainThreadMarketDataHub,
    private readonly send: (events: WireEvent[], levels: Float64Array | null) => void,
    /** Runs the batch's send after the turn; default setImmediate. */
    private readonly schedule: (fn: () => void) => void = (fn) => void setImmediate(fn),
    /** The clock a batch's age is read on, in ms; default performance.now. */
    private readonly now: () => number = () => performance.now(),
    /** A batch whose first event is this old is sent at the next event, mid-turn (default 1 ms). */
    private readonly maxBatchAgeMs = 1,
  ) {}

  watch(symbol: string): void {
    this.watched.add(symbol);
  }

  unwatch(symbol: string): void {
    this.watched.delete(symbol);
    this.mirrored.delete(symbol);
    this.sentHealth.delete(symbol);
  }

  /** An applied book update, as the venue sent it. */
  book(
    symbol: string,
    snapshot: boolean,
    bids: RawLevels,
    asks: RawLevels,
    updateId: number,
    ts: number,
    mono: number,
  ): void {
    if (!this.watched.has(symbol)) return;
    this.mirrored.add(symbol);
    const at = this.origin + mono;
    const offset = this.levels.length;
    if (appendScaled(this.levels, bids) && appendScaled(this.levels, asks)) {
      const kind = snapshot ? 1 : 0;
      return this.push(['n', symbol, updateId, ts, at, kind, offset, bids.length, asks.length]);
    }
    this.levels.length = offset;
    this.push(['b', symbol, updateId, ts, at, snapshot ? 1 : 0, flat(bids), flat(asks)]);
  }

  /** The symbol's book lost its sync: the mirror drops it, in order with the updates around it. */
  lost(symbol: string): void {
    if (this.mirrored.delete(symbol)) this.push(['u', symbol]);
  }

  /** The whole book as a snapshot (the main thread's mirror asked for it). */
  snapshotOf(symbol: string, nowMono: number): void {
    const book = this.hub.book(symbol);
    if (book === undefined || !book.synced || !this.watched.has(symbol)) return;
    this.book(
      symbol,
      true,
      book.rawLevels('bid'),
      book.rawLevels('ask'),
      book.updateId,
      Date.now(),
      nowMono,
    );
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

  private push(e: WireEvent): void {
    const now = this.now();
    if (this.batch.length === 0) this.batchStartMs = now;
    this.batch.push(e);
    this.touched.add(e[1]);
    if (now - this.batchStartMs >= this.maxBatchAgeMs) return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const health = this.changedHealth();
    const out = health.length > 0 ? [...health, ...this.batch] : this.batch;
    const levels = this.levels.length > 0 ? Float64Array.from(this.levels) : null;
    this.batch = [];
    this.levels = [];
    if (out.length > 0) this.send(out, levels);
  }

  /** 'h' for the batch's symbols whose health changed since last sent. */
  private changedHealth(): WireEvent[] {
    const out: WireEvent[] = [];
    for (const s of this.touched) {
      const h = this.hub.symbolHealth(s);
      if (h === undefined) continue;
      const sig = `${h.connected}|${h.reconnects}|${h.gaps}|${h.malformed}|${h.resyncs}|${h.resyncsDeferred}|${h.staleResubscribes}`;
      if (this.sentHealth.get(s) === sig) continue;
      this.sentHealth.set(s, sig);
      out.push(['h', s, h]);
    }
    this.touched.clear();
    return out;
  }
}

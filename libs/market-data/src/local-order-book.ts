import type { BookLevel, Decimal, OrderBookView, ScaledDecimal } from '@flotilla/core';
import { BookSide } from './book-side';

/** Raw venue levels: [price, size] as strings. */
export type RawLevels = ReadonlyArray<readonly [string, string]>;

/**
 * - applied: the book changed.
 * - unsynced: a delta arrived before any snapshot (or after a gap); ignored until the next snapshot.
 * - gap: the delta's update id is not previous + 1; the book is now unsynced and needs a snapshot.
 * - crossed: after applying, best bid >= best ask; the book is now unsynced and needs a snapshot.
 */
export type ApplyResult = 'applied' | 'unsynced' | 'gap' | 'crossed';

/**
 * A local order book fed by a snapshot then deltas with strictly consecutive update ids.
 * Any doubt (gap, out-of-order, crossed) clears it: better no book than a wrong one.
 * The object itself is the OrderBookView handed to listeners, so it is a live view.
 */
export class LocalOrderBook implements OrderBookView {
  private readonly bidSide = new BookSide(true);
  private readonly askSide = new BookSide(false);
  private lastUpdateId = 0;
  private isSynced = false;

  constructor(
    readonly symbol: string,
    private readonly maxDepth = 50,
    /** Called when a synced book loses its sync (gap, crossed, or invalidate()). */
    private readonly onLost?: (symbol: string) => void,
  ) {}

  get updateId(): number {
    return this.lastUpdateId;
  }

  /** True between a snapshot and the next gap/crossed book. */
  get synced(): boolean {
    return this.isSynced;
  }

  applySnapshot(bids: RawLevels, asks: RawLevels, updateId: number): ApplyResult {
    this.bidSide.clear();
    this.askSide.clear();
    for (let i = 0; i < bids.length; i++) this.bidSide.set(bids[i][0], bids[i][1]);
    for (let i = 0; i < asks.length; i++) this.askSide.set(asks[i][0], asks[i][1]);
    this.lastUpdateId = updateId;
    this.isSynced = true;
    return this.finish();
  }

  applyDelta(bids: RawLevels, asks: RawLevels, updateId: number): ApplyResult {
    const refused = this.refuseDelta(updateId);
    if (refused !== undefined) return refused;
    for (let i = 0; i < bids.length; i++) this.bidSide.set(bids[i][0], bids[i][1]);
    for (let i = 0; i < asks.length; i++) this.askSide.set(asks[i][0], asks[i][1]);
    this.lastUpdateId = updateId;
    return this.finish();
  }

  /**
   * A snapshot or delta read into numbers by another thread: the same result as
   * applySnapshot/applyDelta with the texts, without reading a text. From data[offset], `bids`
   * then `asks` levels, each as four numbers: the price, its count of decimals, the size, its count
   * of decimals (as plainScale gives them, never -1).
   */
  applyScaled(
    snapshot: boolean,
    data: ArrayLike<number>,
    offset: number,
    bids: number,
    asks: number,
    updateId: number,
  ): ApplyResult {
    if (snapshot) {
      this.bidSide.clear();
      this.askSide.clear();
    } else {
      const refused = this.refuseDelta(updateId);
      if (refused !== undefined) return refused;
    }
    let i = offset;
    for (let n = 0; n < bids; n++, i += 4)
      this.bidSide.setScaled(data[i], data[i + 1], data[i + 2], data[i + 3]);
    for (let n = 0; n < asks; n++, i += 4)
      this.askSide.setScaled(data[i], data[i + 1], data[i + 2], data[i + 3]);
    this.lastUpdateId = updateId;
    this.isSynced = true;
    return this.finish();
  }

  /** Forget everything until the next snapshot. */
  invalidate(): void {
    const wasSynced = this.isSynced;
    this.isSynced = false;
    this.bidSide.clear();
    this.askSide.clear();
    if (wasSynced) this.onLost?.(this.symbol);
  }

  bids(depth: number): BookLevel[] {
    return this.bidSide.levels(depth);
  }

  asks(depth: number): BookLevel[] {
    return this.askSide.levels(depth);
  }

  bestBid(): BookLevel | undefined {
    return this.bidSide.best();
  }

  bestAsk(): BookLevel | undefined {
    return this.askSide.best();
  }

  quoteVolume(side: 'bid' | 'ask', depth: number): Decimal {
    return (side === 'bid' ? this.bidSide : this.askSide).quoteVolume(depth);
  }

  quoteVolumeInto(side: 'bid' | 'ask', depth: number, out: ScaledDecimal): boolean {
    return (side === 'bid' ? this.bidSide : this.askSide).quoteVolumeInto(depth, out);
  }

  /** Levels as venue strings, best first; for comparisons and snapshots without Decimal cost. */
  rawLevels(side: 'bid' | 'ask', depth = this.maxDepth): Array<[string, string]> {
    const s = side === 'bid' ? this.bidSide : this.askSide;
    const n = Math.min(depth, s.length);
    const out: Array<[string, string]> = [];
    for (let i = 0; i < n; i++) out.push([s.priceAt(i), s.sizeAt(i)]);
    return out;
  }

  /** The top `depth` levels as [price, size, price, size, ...] venue strings (to hand to another thread). */
  flatLevels(side: 'bid' | 'ask', depth: number): string[] {
    const s = side === 'bid' ? this.bidSide : this.askSide;
    const n = Math.min(depth, s.length);
    const out = new Array<string>(2 * n);
    for (let i = 0; i < n; i++) {
      out[2 * i] = s.priceAt(i);
      out[2 * i + 1] = s.sizeAt(i);
    }
    return out;
  }

  /** Why a delta with this update id cannot apply, or undefined when it can. */
  private refuseDelta(updateId: number): ApplyResult | undefined {
    if (!this.isSynced) return 'unsynced';
    if (updateId === this.lastUpdateId + 1) return undefined;
    this.invalidate();
    return 'gap';
  }

  private finish(): ApplyResult {
    this.bidSide.trim(this.maxDepth);
    this.askSide.trim(this.maxDepth);
    if (this.bidSide.bestKey() >= this.askSide.bestKey()) {
      this.invalidate();
      return 'crossed';
    }
    return 'applied';
  }
}

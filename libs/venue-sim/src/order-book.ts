/** [price in ticks, size in qty steps]; size 0 in a delta deletes the level. */
export type TickLevel = [number, number];

export const BOOK_DEPTHS = [1, 50, 200, 1000] as const;
export type BookDepth = (typeof BOOK_DEPTHS)[number];

/** One side of the book: prices in integer ticks kept sorted best first, sizes in qty steps. */
export class BookSide {
  private readonly prices: number[] = [];
  private readonly sizes = new Map<number, number>();
  /** Price -> size before the current update, for the first touch of each price only. */
  readonly touched = new Map<number, number>();

  constructor(readonly isBid: boolean) {}

  get count(): number {
    return this.prices.length;
  }

  priceAt(index: number): number | undefined {
    return this.prices[index];
  }

  best(): number | undefined {
    return this.prices[0];
  }

  worst(): number | undefined {
    return this.prices[this.prices.length - 1];
  }

  sizeAt(price: number): number {
    return this.sizes.get(price) ?? 0;
  }

  /** True when a is strictly better (closer to the spread) than b. */
  better(a: number, b: number): boolean {
    return this.isBid ? a > b : a < b;
  }

  set(price: number, size: number): void {
    if (!this.touched.has(price)) this.touched.set(price, this.sizeAt(price));
    const exists = this.sizes.has(price);
    if (size <= 0) {
      if (!exists) return;
      this.sizes.delete(price);
      this.prices.splice(this.indexOf(price), 1);
      return;
    }
    if (!exists) this.prices.splice(this.indexOf(price), 0, price);
    this.sizes.set(price, size);
  }

  /** Price of the depth-th level, or the open end of the book when it holds fewer levels. */
  boundary(depth: number): number {
    const price = this.prices[depth - 1];
    if (price !== undefined) return price;
    return this.isBid ? -Infinity : Infinity;
  }

  inWindow(price: number, boundary: number): boolean {
    return this.isBid ? price >= boundary : price <= boundary;
  }

  levels(depth: number): TickLevel[] {
    const out: TickLevel[] = [];
    const n = Math.min(depth, this.prices.length);
    for (let i = 0; i < n; i++) {
      const price = this.prices[i];
      out.push([price, this.sizes.get(price) ?? 0]);
    }
    return out;
  }

  /** Sum of sizes over the best depth levels, in steps. */
  volume(depth: number): number {
    let total = 0;
    const n = Math.min(depth, this.prices.length);
    for (let i = 0; i < n; i++) total += this.sizes.get(this.prices[i]) ?? 0;
    return total;
  }

  /**
   * What a subscriber of a depth-limited stream must apply to go from the window before this
   * update (whose edge was oldBoundary) to the window now: changed levels inside, levels that
   * slid into the window, and deletions for levels that left it.
   */
  windowDelta(depth: number, oldBoundary: number): TickLevel[] {
    const newBoundary = this.boundary(depth);
    const out = new Map<number, number>();
    for (const [price, oldSize] of this.touched) {
      const newSize = this.sizeAt(price);
      const inOld = oldSize > 0 && this.inWindow(price, oldBoundary);
      const inNew = newSize > 0 && this.inWindow(price, newBoundary);
      if (inNew && (!inOld || newSize !== oldSize)) out.set(price, newSize);
      else if (inOld && !inNew) out.set(price, 0);
    }
    for (let i = Math.min(depth, this.prices.length) - 1; i >= 0; i--) {
      const price = this.prices[i];
      if (this.inWindow(price, oldBoundary)) break;
      if (!this.touched.has(price)) out.set(price, this.sizeAt(price));
    }
    for (let i = depth; i < this.prices.length; i++) {
      const price = this.prices[i];
      if (!this.inWindow(price, oldBoundary)) break;
      if (!this.touched.has(price)) out.set(price, 0);
    }
    return [...out].sort((a, b) => (this.isBid ? b[0] - a[0] : a[0] - b[0]));
  }

  private indexOf(price: number): number {
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(this.prices[mid], price)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Both sides plus the boundaries captured at the start of an update, per stream depth. */
export class OrderBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  private readonly startBoundaries = new Map<BookDepth, [number, number]>();

  beginUpdate(): void {
    this.bids.touched.clear();
    this.asks.touched.clear();
    for (const depth of BOOK_DEPTHS) {
      this.startBoundaries.set(depth, [this.bids.boundary(depth), this.asks.boundary(depth)]);
    }
  }

  delta(depth: BookDepth): { bids: TickLevel[]; asks: TickLevel[] } {
    const [bidEdge, askEdge] = this.startBoundaries.get(depth) ?? [-Infinity, Infinity];
    return {
      bids: this.bids.windowDelta(depth, bidEdge),
      asks: this.asks.windowDelta(depth, askEdge),
    };
  }
}

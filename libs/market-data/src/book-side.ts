import { Decimal, sumOfProducts, type BookLevel } from '@flotilla/core';

/** A string that denotes zero ("0", "0.000"); such a size deletes the level. */
export function isZeroSize(size: string): boolean {
  if (size === '0') return true;
  return /^0*\.?0*$/.test(size);
}

/**
 * One side of a book as three parallel arrays kept best-first. Prices and sizes stay venue
 * strings; the number copy of the price is used only to order levels (binary search).
 */
export class BookSide {
  private readonly keys: number[] = [];
  private readonly prices: string[] = [];
  private readonly sizes: string[] = [];

  /** descending: true for bids (highest first), false for asks. */
  constructor(private readonly descending: boolean) {}

  get length(): number {
    return this.keys.length;
  }

  clear(): void {
    this.keys.length = 0;
    this.prices.length = 0;
    this.sizes.length = 0;
  }

  /** Sets a level's size, or removes the level when size is zero. */
  set(price: string, size: string): void {
    const key = +price;
    const idx = this.search(key);
    const found = idx < this.keys.length && this.keys[idx] === key;
    if (isZeroSize(size)) {
      if (found) {
        this.keys.splice(idx, 1);
        this.prices.splice(idx, 1);
        this.sizes.splice(idx, 1);
      }
      return;
    }
    if (found) {
      this.sizes[idx] = size;
      return;
    }
    this.keys.splice(idx, 0, key);
    this.prices.splice(idx, 0, price);
    this.sizes.splice(idx, 0, size);
  }

  /** Drops the worst levels beyond depth. */
  trim(depth: number): void {
    if (this.keys.length <= depth) return;
    this.keys.length = depth;
    this.prices.length = depth;
    this.sizes.length = depth;
  }

  /** Order key of the best level (NaN when empty); for crossed-book checks only. */
  bestKey(): number {
    return this.keys.length > 0 ? this.keys[0] : NaN;
  }

  priceAt(i: number): string {
    return this.prices[i];
  }

  sizeAt(i: number): string {
    return this.sizes[i];
  }

  levels(depth: number): BookLevel[] {
    const n = Math.min(depth, this.keys.length);
    const out: BookLevel[] = new Array<BookLevel>(n);
    for (let i = 0; i < n; i++)
      out[i] = { price: new Decimal(this.prices[i]), size: new Decimal(this.sizes[i]) };
    return out;
  }

  /** Σ price × size over the best depth levels, exact, without a Decimal per level. */
  quoteVolume(depth: number): Decimal {
    return sumOfProducts(this.prices, this.sizes, Math.min(depth, this.keys.length));
  }

  best(): BookLevel | undefined {
    if (this.keys.length === 0) return undefined;
    return { price: new Decimal(this.prices[0]), size: new Decimal(this.sizes[0]) };
  }

  /** Index of key, or where it would be inserted to keep best-first order. */
  private search(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    const keys = this.keys;
    if (this.descending) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid] > key) lo = mid + 1;
        else hi = mid;
      }
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid] < key) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo;
  }
}

import {
  Decimal,
  productScale,
  scaledProduct,
  sumOfProductsExact,
  sumScaled,
  sumScaledInto,
  type BookLevel,
  type ScaledDecimal,
} from '@flotilla/core';

const ZERO = 48; // '0'
const DOT = 46; // '.'

/**
 * A string that denotes zero ("0", "0.000", ".0"); such a size deletes the level. A character
 * scan, not a regular expression: every level of every book update goes through here, and almost
 * every size is told apart at its first digit.
 */
export function isZeroSize(size: string): boolean {
  let dots = 0;
  for (let i = 0; i < size.length; i++) {
    const c = size.charCodeAt(i);
    if (c === DOT) {
      if (++dots > 1) return false;
    } else if (c !== ZERO) return false;
  }
  return true;
}

/**
 * The best level, its Decimals made only when read: the strategy reads the best prices on every
 * update but never the sizes. (levels() stays eager: its callers serialise what they get.)
 */
class LazyLevel implements BookLevel {
  constructor(
    private readonly rawPrice: string,
    private readonly rawSize: string,
  ) {}
  get price(): Decimal {
    return new Decimal(this.rawPrice);
  }
  get size(): Decimal {
    return new Decimal(this.rawSize);
  }
}

/** A level's quote volume not computed since its size last changed. */
const UNKNOWN = Number.NEGATIVE_INFINITY;

/**
 * One side of a book as parallel arrays kept best-first. Prices and sizes stay venue strings; the
 * number copy of the price is used only to order levels (binary search). A level's quote volume
 * (price × size) is kept as an exact scaled integer, computed the first time the top levels are
 * summed after the level changed, so the sum on every update is a few additions; NaN marks a
 * product a double cannot hold exactly, and the sum then goes through the strings.
 */
export class BookSide {
  private readonly keys: number[] = [];
  private readonly prices: string[] = [];
  private readonly sizes: string[] = [];
  private readonly quoteMantissas: number[] = [];
  private readonly quoteScales: number[] = [];

  /** descending: true for bids (highest first), false for asks. */
  constructor(private readonly descending: boolean) {}

  get length(): number {
    return this.keys.length;
  }

  clear(): void {
    this.trim(0);
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
        this.quoteMantissas.splice(idx, 1);
        this.quoteScales.splice(idx, 1);
      }
      return;
    }
    if (found) {
      this.sizes[idx] = size;
      this.quoteMantissas[idx] = UNKNOWN;
      return;
    }
    this.keys.splice(idx, 0, key);
    this.prices.splice(idx, 0, price);
    this.sizes.splice(idx, 0, size);
    this.quoteMantissas.splice(idx, 0, UNKNOWN);
    this.quoteScales.splice(idx, 0, 0);
  }

  /** Drops the worst levels beyond depth. */
  trim(depth: number): void {
    if (this.keys.length <= depth) return;
    this.keys.length = depth;
    this.prices.length = depth;
    this.sizes.length = depth;
    this.quoteMantissas.length = depth;
    this.quoteScales.length = depth;
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
    const n = this.knownProducts(depth);
    return (
      sumScaled(this.quoteMantissas, this.quoteScales, n) ??
      sumOfProductsExact(this.prices, this.sizes, n)
    );
  }

  /** The same sum into out without allocating; false when it is not a scaled safe integer. */
  quoteVolumeInto(depth: number, out: ScaledDecimal): boolean {
    return sumScaledInto(this.quoteMantissas, this.quoteScales, this.knownProducts(depth), out);
  }

  best(): BookLevel | undefined {
    if (this.keys.length === 0) return undefined;
    return new LazyLevel(this.prices[0], this.sizes[0]);
  }

  /** Computes the products of the best depth levels that changed since last summed; their count. */
  private knownProducts(depth: number): number {
    const n = Math.min(depth, this.keys.length);
    const mantissas = this.quoteMantissas;
    for (let i = 0; i < n; i++) {
      if (mantissas[i] !== UNKNOWN) continue;
      mantissas[i] = scaledProduct(this.prices[i], this.sizes[i]);
      this.quoteScales[i] = productScale(this.prices[i], this.sizes[i]);
    }
    return n;
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

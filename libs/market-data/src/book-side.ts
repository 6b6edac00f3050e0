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
import { levelText, mantissaOf, plainScale } from './level-text';

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
    private readonly priceValue: number,
    private readonly priceScale: number,
    private readonly keptPrice: string | undefined,
    private readonly sizeValue: number,
    private readonly sizeScale: number,
    private readonly keptSize: string | undefined,
  ) {}
  get price(): Decimal {
    return new Decimal(levelText(this.priceValue, this.priceScale, this.keptPrice));
  }
  get size(): Decimal {
    return new Decimal(levelText(this.sizeValue, this.sizeScale, this.keptSize));
  }
}

/** A level's quote volume not computed since its size last changed. */
const UNKNOWN = Number.NEGATIVE_INFINITY;

/**
 * One side of a book as parallel arrays of numbers kept best-first: no string per level (see
 * level-text.ts). A price is its number (also the order key, binary-searched) and its count of
 * decimals, a size likewise; the venue's text comes back from them exactly, and a text a number
 * cannot give back (more than 15 significant digits, exponent notation) is kept as it came, by
 * price. A level's quote volume (price × size) is kept as an exact scaled integer, computed the
 * first time the top levels are summed after the level changed, so the sum on every update is a
 * few additions; NaN marks a product a double cannot hold exactly, and the sum then goes through
 * the texts.
 */
export class BookSide {
  private readonly keys: number[] = [];
  private readonly priceScales: number[] = [];
  private readonly sizes: number[] = [];
  private readonly sizeScales: number[] = [];
  private readonly quoteMantissas: number[] = [];
  private readonly quoteScales: number[] = [];
  /** Texts plainScale refused, by price key (their scale is -1). */
  private readonly keptPrices = new Map<number, string>();
  private readonly keptSizes = new Map<number, string>();

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
    const sizeScale = plainScale(size);
    const sizeValue = +size;
    // a plain text is zero when its number is; only other texts ("0.", ".0", "00") need the scan
    if (sizeScale >= 0 ? sizeValue === 0 : isZeroSize(size)) return this.removeKey(key);
    const idx = this.search(key);
    const keptSize = sizeScale < 0 ? size : undefined;
    if (this.resize(idx, key, sizeValue, sizeScale, keptSize)) return;
    const priceScale = plainScale(price);
    this.insert(
      idx,
      key,
      priceScale,
      priceScale < 0 ? price : undefined,
      sizeValue,
      sizeScale,
      keptSize,
    );
  }

  /**
   * set() for a level already read into numbers (by another thread): price and size as numbers
   * with their counts of decimals, as plainScale gives them (never -1: such a text goes as text).
   */
  setScaled(key: number, priceScale: number, sizeValue: number, sizeScale: number): void {
    if (sizeValue === 0) return this.removeKey(key);
    const idx = this.search(key);
    if (this.resize(idx, key, sizeValue, sizeScale, undefined)) return;
    this.insert(idx, key, priceScale, undefined, sizeValue, sizeScale, undefined);
  }

  /** Drops the worst levels beyond depth. */
  trim(depth: number): void {
    const n = this.keys.length;
    if (n <= depth) return;
    if (this.keptPrices.size > 0 || this.keptSizes.size > 0) {
      for (let i = depth; i < n; i++) {
        this.keptPrices.delete(this.keys[i]);
        this.keptSizes.delete(this.keys[i]);
      }
    }
    this.keys.length = depth;
    this.priceScales.length = depth;
    this.sizes.length = depth;
    this.sizeScales.length = depth;
    this.quoteMantissas.length = depth;
    this.quoteScales.length = depth;
  }

  /** Order key of the best level (NaN when empty); for crossed-book checks only. */
  bestKey(): number {
    return this.keys.length > 0 ? this.keys[0] : NaN;
  }

  /** The venue's text of the i-th level's price. */
  priceAt(i: number): string {
    return levelText(this.keys[i], this.priceScales[i], this.keptPrices.get(this.keys[i]));
  }

  /** The venue's text of the i-th level's size. */
  sizeAt(i: number): string {
    return levelText(this.sizes[i], this.sizeScales[i], this.keptSizes.get(this.keys[i]));
  }

  levels(depth: number): BookLevel[] {
    const n = Math.min(depth, this.keys.length);
    const out: BookLevel[] = new Array<BookLevel>(n);
    for (let i = 0; i < n; i++)
      out[i] = { price: new Decimal(this.priceAt(i)), size: new Decimal(this.sizeAt(i)) };
    return out;
  }

  /** Σ price × size over the best depth levels, exact, without a Decimal per level. */
  quoteVolume(depth: number): Decimal {
    const n = this.knownProducts(depth);
    const sum = sumScaled(this.quoteMantissas, this.quoteScales, n);
    if (sum !== null) return sum;
    const prices: string[] = [];
    const sizes: string[] = [];
    for (let i = 0; i < n; i++) {
      prices.push(this.priceAt(i));
      sizes.push(this.sizeAt(i));
    }
    return sumOfProductsExact(prices, sizes, n);
  }

  /** The same sum into out without allocating; false when it is not a scaled safe integer. */
  quoteVolumeInto(depth: number, out: ScaledDecimal): boolean {
    return sumScaledInto(this.quoteMantissas, this.quoteScales, this.knownProducts(depth), out);
  }

  best(): BookLevel | undefined {
    if (this.keys.length === 0) return undefined;
    const key = this.keys[0];
    return new LazyLevel(
      key,
      this.priceScales[0],
      this.priceScales[0] < 0 ? this.keptPrices.get(key) : undefined,
      this.sizes[0],
      this.sizeScales[0],
      this.sizeScales[0] < 0 ? this.keptSizes.get(key) : undefined,
    );
  }

  /** The level at idx takes the new size when its price is key; false when there is none. */
  private resize(
    idx: number,
    key: number,
    sizeValue: number,
    sizeScale: number,
    keptSize: string | undefined,
  ): boolean {
    if (idx >= this.keys.length || this.keys[idx] !== key) return false;
    if (keptSize !== undefined) this.keptSizes.set(key, keptSize);
    else if (this.sizeScales[idx] < 0) this.keptSizes.delete(key);
    this.sizes[idx] = sizeValue;
    this.sizeScales[idx] = sizeScale;
    this.quoteMantissas[idx] = UNKNOWN;
    return true;
  }

  private insert(
    idx: number,
    key: number,
    priceScale: number,
    keptPrice: string | undefined,
    sizeValue: number,
    sizeScale: number,
    keptSize: string | undefined,
  ): void {
    if (keptPrice !== undefined) this.keptPrices.set(key, keptPrice);
    if (keptSize !== undefined) this.keptSizes.set(key, keptSize);
    this.keys.splice(idx, 0, key);
    this.priceScales.splice(idx, 0, priceScale);
    this.sizes.splice(idx, 0, sizeValue);
    this.sizeScales.splice(idx, 0, sizeScale);
    this.quoteMantissas.splice(idx, 0, UNKNOWN);
    this.quoteScales.splice(idx, 0, 0);
  }

  private removeKey(key: number): void {
    const idx = this.search(key);
    if (idx < this.keys.length && this.keys[idx] === key) this.remove(idx);
  }

  private remove(idx: number): void {
    if (this.priceScales[idx] < 0) this.keptPrices.delete(this.keys[idx]);
    if (this.sizeScales[idx] < 0) this.keptSizes.delete(this.keys[idx]);
    this.keys.splice(idx, 1);
    this.priceScales.splice(idx, 1);
    this.sizes.splice(idx, 1);
    this.sizeScales.splice(idx, 1);
    this.quoteMantissas.splice(idx, 1);
    this.quoteScales.splice(idx, 1);
  }

  /** Computes the products of the best depth levels that changed since last summed; their count. */
  private knownProducts(depth: number): number {
    const n = Math.min(depth, this.keys.length);
    const mantissas = this.quoteMantissas;
    for (let i = 0; i < n; i++) {
      if (mantissas[i] !== UNKNOWN) continue;
      const ps = this.priceScales[i];
      const ss = this.sizeScales[i];
      if (ps < 0 || ss < 0) {
        const price = this.priceAt(i);
        const size = this.sizeAt(i);
        mantissas[i] = scaledProduct(price, size);
        this.quoteScales[i] = productScale(price, size);
        continue;
      }
      const product = mantissaOf(this.keys[i], ps) * mantissaOf(this.sizes[i], ss);
      mantissas[i] = Math.abs(product) <= Number.MAX_SAFE_INTEGER ? product : NaN;
      this.quoteScales[i] = ps + ss;
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

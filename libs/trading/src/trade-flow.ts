import {
  addScaledInto,
  dec,
  exactAdd,
  exactMul,
  ScaledDecimal,
  type Decimal,
  type Trade,
} from '@flotilla/core';

const ZERO = dec('0');
/** Buckets per window: the window's edge is exact to windowMs / BUCKETS. */
const BUCKETS = 60;

/**
 * One side's quote volume per bucket: an exact scaled integer (mantissa / 10^scale) while the sum
 * fits one, else a Decimal from then on (exact[slot] set). Typed arrays: adding a trade allocates
 * nothing.
 */
class SideBuckets {
  readonly mantissas = new Float64Array(BUCKETS);
  readonly scales = new Uint8Array(BUCKETS);
  readonly exact: Array<Decimal | null> = new Array<Decimal | null>(BUCKETS).fill(null);

  reset(slot: number): void {
    this.mantissas[slot] = 0;
    this.scales[slot] = 0;
    this.exact[slot] = null;
  }
}

/**
 * Taker buy vs sell quote volume over a rolling window, in a ring of BUCKETS time buckets. Memory
 * is fixed whatever the trade rate (a trade adds into its bucket and is not kept), so a fleet's
 * heap holds no per-trade objects for the window's length, which V8 would otherwise have to
 * promote and later collect in full GCs. A trade counts while its whole bucket lies within the
 * last windowMs: between windowMs − windowMs/BUCKETS and windowMs after it was received (local
 * receive time, so venue clock skew cannot empty the window). A trade that offers
 * quoteVolumeInto (the hub's do) is added as an exact scaled integer, without a Decimal; the
 * volumes are made Decimals when read. Sums a double cannot hold go through Decimals without
 * rounding (decimal.js's default would round them to 20 significant digits).
 */
export class TradeFlow {
  private readonly bucketMs: number;
  /** Bucket number (receive ms / bucketMs) each slot holds; NaN while unused. */
  private readonly held: number[] = new Array<number>(BUCKETS).fill(NaN);
  private readonly buys = new SideBuckets();
  private readonly sells = new SideBuckets();
  private readonly counts: number[] = new Array<number>(BUCKETS).fill(0);
  private nowMs = Number.NEGATIVE_INFINITY;
  /** Scratch holders: a trade's quote volume, and a bucket's sum while it is added to. */
  private readonly quote = new ScaledDecimal();
  private readonly acc = new ScaledDecimal();

  constructor(private readonly windowMs: number) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS));
  }

  add(trade: Trade, nowMs: number): void {
    this.prune(nowMs);
    const bucket = Math.floor(nowMs / this.bucketMs);
    const slot = ((bucket % BUCKETS) + BUCKETS) % BUCKETS;
    if (this.held[slot] !== bucket) {
      this.held[slot] = bucket;
      this.buys.reset(slot);
      this.sells.reset(slot);
      this.counts[slot] = 0;
    }
    this.addTo(trade.side === 'buy' ? this.buys : this.sells, slot, trade);
    this.counts[slot]++;
  }

  /** Moves the window's end forward (never back); older buckets stop counting. */
  prune(nowMs: number): void {
    if (nowMs > this.nowMs) this.nowMs = nowMs;
  }

  get buyVolume(): Decimal {
    return this.sum(this.buys);
  }

  get sellVolume(): Decimal {
    return this.sum(this.sells);
  }

  /** Trades inside the window. */
  get size(): number {
    let n = 0;
    for (let slot = 0; slot < BUCKETS; slot++)
      if (this.counts[slot] > 0 && this.live(slot)) n += this.counts[slot];
    return n;
  }

  private addTo(side: SideBuckets, slot: number, trade: Trade): void {
    if (side.exact[slot] === null && trade.quoteVolumeInto?.(this.quote) === true) {
      const acc = this.acc;
      acc.mantissa = side.mantissas[slot];
      acc.scale = side.scales[slot];
      if (addScaledInto(acc, this.quote.mantissa, this.quote.scale)) {
        side.mantissas[slot] = acc.mantissa;
        side.scales[slot] = acc.scale;
        return;
      }
    }
    side.exact[slot] = exactAdd(this.valueAt(side, slot), exactMul(trade.price, trade.size));
  }

  private valueAt(side: SideBuckets, slot: number): Decimal {
    return side.exact[slot] ?? this.valueOfScaled(side, slot);
  }

  private live(slot: number): boolean {
    const startMs = this.held[slot] * this.bucketMs;
    return startMs >= this.nowMs - this.windowMs && startMs <= this.nowMs;
  }

  /** The live buckets' sum: scaled integers added exactly, Decimals for what does not fit. */
  private sum(side: SideBuckets): Decimal {
    const acc = this.acc;
    acc.mantissa = 0;
    acc.scale = 0;
    let rest: Decimal | null = null;
    for (let slot = 0; slot < BUCKETS; slot++) {
      if (this.counts[slot] === 0 || !this.live(slot)) continue;
      const exact = side.exact[slot];
      if (exact === null && addScaledInto(acc, side.mantissas[slot], side.scales[slot])) continue;
      const value = exact ?? this.valueOfScaled(side, slot);
      rest = rest === null ? value : exactAdd(rest, value);
    }
    const scaled = acc.mantissa === 0 ? ZERO : acc.toDecimal();
    return rest === null ? scaled : exactAdd(rest, scaled);
  }

  private valueOfScaled(side: SideBuckets, slot: number): Decimal {
    const one = new ScaledDecimal();
    one.mantissa = side.mantissas[slot];
    one.scale = side.scales[slot];
    return one.toDecimal();
  }
}

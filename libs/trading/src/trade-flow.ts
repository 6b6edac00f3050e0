import { dec, type Decimal, type Trade } from '@flotilla/core';

const ZERO = dec('0');
/** Buckets per window: the window's edge is exact to windowMs / BUCKETS. */
const BUCKETS = 60;

/**
 * Taker buy vs sell quote volume over a rolling window, in a ring of BUCKETS time buckets. Memory
 * is fixed whatever the trade rate (a trade adds into its bucket and is not kept), so a fleet's
 * heap holds no per-trade objects for the window's length, which V8 would otherwise have to
 * promote and later collect in full GCs. A trade counts while its whole bucket lies within the
 * last windowMs: between windowMs − windowMs/BUCKETS and windowMs after it was received (local
 * receive time, so venue clock skew cannot empty the window).
 */
export class TradeFlow {
  private readonly bucketMs: number;
  /** Bucket number (receive ms / bucketMs) each slot holds; NaN while unused. */
  private readonly held: number[] = new Array<number>(BUCKETS).fill(NaN);
  private readonly buys: Decimal[] = new Array<Decimal>(BUCKETS).fill(ZERO);
  private readonly sells: Decimal[] = new Array<Decimal>(BUCKETS).fill(ZERO);
  private readonly counts: number[] = new Array<number>(BUCKETS).fill(0);
  private nowMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS));
  }

  add(trade: Trade, nowMs: number): void {
    this.prune(nowMs);
    const bucket = Math.floor(nowMs / this.bucketMs);
    const slot = ((bucket % BUCKETS) + BUCKETS) % BUCKETS;
    if (this.held[slot] !== bucket) {
      this.held[slot] = bucket;
      this.buys[slot] = ZERO;
      this.sells[slot] = ZERO;
      this.counts[slot] = 0;
    }
    const quote = trade.price.mul(trade.size);
    if (trade.side === 'buy') this.buys[slot] = this.buys[slot].add(quote);
    else this.sells[slot] = this.sells[slot].add(quote);
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

  private live(slot: number): boolean {
    const startMs = this.held[slot] * this.bucketMs;
    return startMs >= this.nowMs - this.windowMs && startMs <= this.nowMs;
  }

  private sum(values: readonly Decimal[]): Decimal {
    let total = ZERO;
    for (let slot = 0; slot < BUCKETS; slot++)
      if (values[slot] !== ZERO && this.live(slot)) total = total.add(values[slot]);
    return total;
  }
}

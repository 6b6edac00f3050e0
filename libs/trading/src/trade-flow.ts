import { dec, type Decimal, type Trade } from '@flotilla/core';

interface FlowEntry {
  readonly ts: number;
  readonly side: 'buy' | 'sell';
  readonly quote: Decimal;
}

/** Taker buy vs sell quote volume over a rolling window; bounded by count as well as time. */
export class TradeFlow {
  private readonly entries: FlowEntry[] = [];
  private buy = dec('0');
  private sell = dec('0');

  constructor(
    private readonly windowMs: number,
    private readonly maxTrades: number,
  ) {}

  add(trade: Trade, nowMs: number): void {
    const entry: FlowEntry = { ts: nowMs, side: trade.side, quote: trade.price.mul(trade.size) };
    this.entries.push(entry);
    this.apply(entry, 1);
    while (this.entries.length > this.maxTrades) this.evictOldest();
    this.prune(nowMs);
  }

  /** Drops trades received before the window; local receive time, so venue clock skew cannot empty it. */
  prune(nowMs: number): void {
    const cutoff = nowMs - this.windowMs;
    while (this.entries.length > 0 && this.entries[0].ts < cutoff) this.evictOldest();
  }

  get buyVolume(): Decimal {
    return this.buy;
  }

  get sellVolume(): Decimal {
    return this.sell;
  }

  get size(): number {
    return this.entries.length;
  }

  private evictOldest(): void {
    const e = this.entries.shift();
    if (e) this.apply(e, -1);
  }

  private apply(e: FlowEntry, sign: 1 | -1): void {
    const q = sign === 1 ? e.quote : e.quote.neg();
    if (e.side === 'buy') this.buy = this.buy.add(q);
    else this.sell = this.sell.add(q);
  }
}

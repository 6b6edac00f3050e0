import { dec, type BookLevel, type Decimal, type OrderBookView } from '@flotilla/core';

const TWO = dec('2');

export interface BookMeasures {
  /** (best bid + best ask) / 2; computed on first read. */
  readonly mid: Decimal;
  /** best ask − best bid; computed on first read. */
  readonly spread: Decimal;
  /** Quote volume (Σ price × size) over the top depthLevels bids. */
  readonly bidVolume: Decimal;
  readonly askVolume: Decimal;
  /** bidVolume + askVolume. */
  readonly totalVolume: Decimal;
  /** bidVolume / totalVolume; null on an empty book side. */
  readonly imbalance: Decimal | null;
}

export function quoteVolume(levels: readonly BookLevel[]): Decimal {
  let total = dec('0');
  for (const l of levels) total = total.add(l.price.mul(l.size));
  return total;
}

/**
 * The measures of one book update. Every update needs the volumes and the imbalance; mid and
 * spread only when a signal is emitted or a view is read, so they wait until then (from the best
 * levels as they were at this update).
 */
class Measures implements BookMeasures {
  readonly totalVolume: Decimal;
  readonly imbalance: Decimal | null;
  private midValue: Decimal | null = null;
  private spreadValue: Decimal | null = null;

  constructor(
    private readonly bestBid: BookLevel,
    private readonly bestAsk: BookLevel,
    readonly bidVolume: Decimal,
    readonly askVolume: Decimal,
  ) {
    this.totalVolume = bidVolume.add(askVolume);
    this.imbalance = this.totalVolume.isZero() ? null : bidVolume.div(this.totalVolume);
  }

  get mid(): Decimal {
    return (this.midValue ??= this.bestBid.price.add(this.bestAsk.price).div(TWO));
  }

  get spread(): Decimal {
    return (this.spreadValue ??= this.bestAsk.price.sub(this.bestBid.price));
  }
}

/** Mid, spread and quote-volume imbalance of a book's top levels; undefined while a side is empty. */
export function measureBook(book: OrderBookView, depthLevels: number): BookMeasures | undefined {
  const bestBid = book.bestBid();
  const bestAsk = book.bestAsk();
  if (!bestBid || !bestAsk) return undefined;
  return new Measures(
    bestBid,
    bestAsk,
    book.quoteVolume('bid', depthLevels),
    book.quoteVolume('ask', depthLevels),
  );
}

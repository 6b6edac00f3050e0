import {
  dec,
  ScaledDecimal,
  type BookLevel,
  type Decimal,
  type OrderBookView,
} from '@flotilla/core';

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

/** A threshold with its nearest double, for comparisons that are decided in doubles when clear. */
export interface Threshold {
  readonly exact: Decimal;
  readonly approx: number;
}

export function threshold(exact: Decimal): Threshold {
  return { exact, approx: exact.toNumber() };
}

/**
 * A double computed from exact scaled sums is within a few units of 2^-53 of the exact value; a
 * comparison whose two sides differ by more than this (relative) cannot be turned by that error,
 * and one that is closer is decided on the exact Decimals.
 */
const CLEAR = 1e-9;

/**
 * The measures of the latest book update with both sides, read on every update without
 * allocating: the quote volumes as exact scaled integers (OrderBookView.quoteVolumeInto), the
 * strategy's comparisons in doubles when the margin is clear, and the Decimals of BookMeasures
 * made only when read (a signal, a status) or when a comparison is too close to call in doubles.
 * A view without quoteVolumeInto, or a sum a double cannot hold exactly, is read with Decimals
 * (measureBook), so every decision is the one the exact arithmetic makes.
 */
export class BookReading {
  private readonly bid = new ScaledDecimal();
  private readonly ask = new ScaledDecimal();
  private bestBid: BookLevel | null = null;
  private bestAsk: BookLevel | null = null;
  /** Doubles of the volumes; valid while exactMeasures is not the only reading. */
  private bidApprox = 0;
  private totalApprox = 0;
  private scaled = false;
  private exactMeasures: BookMeasures | null = null;

  constructor(private readonly depthLevels: number) {}

  /** True once an update with both sides has been read. */
  get present(): boolean {
    return this.bestBid !== null;
  }

  /** Reads an update; false (the last reading kept) while a side is empty. */
  read(book: OrderBookView): boolean {
    const bestBid = book.bestBid();
    const bestAsk = book.bestAsk();
    if (!bestBid || !bestAsk) return false;
    this.bestBid = bestBid;
    this.bestAsk = bestAsk;
    this.exactMeasures = null;
    this.scaled =
      book.quoteVolumeInto !== undefined &&
      book.quoteVolumeInto('bid', this.depthLevels, this.bid) &&
      book.quoteVolumeInto('ask', this.depthLevels, this.ask) &&
      this.bid.mantissa >= 0 &&
      this.ask.mantissa >= 0;
    if (this.scaled) {
      this.bidApprox = this.bid.toNumber();
      this.totalApprox = this.bidApprox + this.ask.toNumber();
    } else {
      this.exactMeasures = measureBook(book, this.depthLevels) ?? null;
    }
    return true;
  }

  /** The Decimals of the reading (made once per update, when first asked). */
  measures(): BookMeasures {
    if (this.exactMeasures !== null) return this.exactMeasures;
    if (this.bestBid === null || this.bestAsk === null) throw new Error('no book read yet');
    return (this.exactMeasures = new Measures(
      this.bestBid,
      this.bestAsk,
      this.bid.toDecimal(),
      this.ask.toDecimal(),
    ));
  }

  /** imbalance is null: both sides' volumes are zero. */
  noVolume(): boolean {
    if (!this.scaled) return this.measures().imbalance === null;
    return this.bid.mantissa === 0 && this.ask.mantissa === 0;
  }

  totalBelow(min: Threshold): boolean {
    if (this.scaled) {
      const d = this.totalApprox - min.approx;
      if (Math.abs(d) > CLEAR * Math.max(Math.abs(this.totalApprox), Math.abs(min.approx)))
        return d < 0;
    }
    return this.measures().totalVolume.lt(min.exact);
  }

  /** Call only when noVolume() is false. */
  imbalanceAtLeast(t: Threshold): boolean {
    const d = this.imbalanceMargin(t);
    return d === 0 ? this.exactImbalance().gte(t.exact) : d > 0;
  }

  imbalanceAtMost(t: Threshold): boolean {
    const d = this.imbalanceMargin(t);
    return d === 0 ? this.exactImbalance().lte(t.exact) : d < 0;
  }

  /** imbalance − t in doubles when clearly non-zero, else 0 (decide on the Decimals). */
  private imbalanceMargin(t: Threshold): number {
    if (!this.scaled) return 0;
    const d = this.bidApprox / this.totalApprox - t.approx;
    return Math.abs(d) > CLEAR ? d : 0;
  }

  private exactImbalance(): Decimal {
    const imbalance = this.measures().imbalance;
    if (imbalance === null) throw new Error('imbalance read on a book without volume');
    return imbalance;
  }
}

import { dec, type BookLevel, type Decimal, type OrderBookView } from '@flotilla/core';

const TWO = dec('2');

export interface BookMeasures {
  mid: Decimal;
  spread: Decimal;
  /** Quote volume (Σ price × size) over the top depthLevels bids. */
  bidVolume: Decimal;
  askVolume: Decimal;
  /** bidVolume / (bidVolume + askVolume); null on an empty book side. */
  imbalance: Decimal | null;
}

export function quoteVolume(levels: readonly BookLevel[]): Decimal {
  let total = dec('0');
  for (const l of levels) total = total.add(l.price.mul(l.size));
  return total;
}

/** Mid, spread and quote-volume imbalance of a book's top levels; undefined while a side is empty. */
export function measureBook(book: OrderBookView, depthLevels: number): BookMeasures | undefined {
  const bestBid = book.bestBid();
  const bestAsk = book.bestAsk();
  if (!bestBid || !bestAsk) return undefined;
  const bidVolume = book.quoteVolume('bid', depthLevels);
  const askVolume = book.quoteVolume('ask', depthLevels);
  const total = bidVolume.add(askVolume);
  return {
    mid: bestBid.price.add(bestAsk.price).div(TWO),
    spread: bestAsk.price.sub(bestBid.price),
    bidVolume,
    askVolume,
    imbalance: total.isZero() ? null : bidVolume.div(total),
  };
}

import {
  dec,
  productScale,
  scaledProduct,
  sumScaledInto,
  type BookEvent,
  type BookLevel,
  type OrderBookView,
  type TickerEvent,
  type TradeEvent,
} from '@flotilla/core';
import { quoteVolume } from '../book-measures';

/**
 * Test-only builders for market events; levels as [price, size] decimal strings, best first. The
 * book offers the allocation-free quoteVolumeInto as the real one does; { scaled: false } makes a
 * view without it (read through quoteVolume only).
 */
export function fakeBook(
  symbol: string,
  bids: Array<[string, string]>,
  asks: Array<[string, string]>,
  options: { scaled?: boolean } = {},
): OrderBookView {
  const toLevels = (xs: Array<[string, string]>): BookLevel[] =>
    xs.map(([p, s]) => ({ price: dec(p), size: dec(s) }));
  const b = toLevels(bids);
  const a = toLevels(asks);
  const view: OrderBookView = {
    symbol,
    updateId: 1,
    bids: (depth) => b.slice(0, depth),
    asks: (depth) => a.slice(0, depth),
    bestBid: () => b[0],
    bestAsk: () => a[0],
    quoteVolume: (side, depth) => quoteVolume((side === 'bid' ? b : a).slice(0, depth)),
  };
  if (options.scaled === false) return view;
  const products = (xs: Array<[string, string]>) => ({
    mantissas: xs.map(([p, s]) => scaledProduct(p, s)),
    scales: xs.map(([p, s]) => productScale(p, s)),
  });
  const sides = { bid: products(bids), ask: products(asks) };
  view.quoteVolumeInto = (side, depth, out) => {
    const { mantissas, scales } = sides[side];
    return sumScaledInto(mantissas, scales, Math.min(depth, mantissas.length), out);
  };
  return view;
}

export function bookEvent(book: OrderBookView, receivedAtMono = 0): BookEvent {
  return { kind: 'book', symbol: book.symbol, book, exchangeTs: 0, receivedAtMono };
}

export function tradeEvent(
  symbol: string,
  trades: Array<{ price: string; size: string; side: 'buy' | 'sell' }>,
  receivedAtMono = 0,
): TradeEvent {
  return {
    kind: 'trade',
    symbol,
    trades: trades.map((t, i) => ({
      id: String(i),
      price: dec(t.price),
      size: dec(t.size),
      side: t.side,
      ts: 0,
    })),
    receivedAtMono,
  };
}

export function tickerEvent(symbol: string, last: string, receivedAtMono = 0): TickerEvent {
  return {
    kind: 'ticker',
    symbol,
    lastPrice: dec(last),
    bid: undefined,
    ask: undefined,
    markPrice: undefined,
    exchangeTs: 0,
    receivedAtMono,
  };
}

import {
  dec,
  type BookEvent,
  type BookLevel,
  type OrderBookView,
  type TickerEvent,
  type TradeEvent,
} from '@flotilla/core';
import { quoteVolume } from '../book-measures';

/** Test-only builders for market events; levels as [price, size] decimal strings, best first. */
export function fakeBook(
  symbol: string,
  bids: Array<[string, string]>,
  asks: Array<[string, string]>,
): OrderBookView {
  const toLevels = (xs: Array<[string, string]>): BookLevel[] =>
    xs.map(([p, s]) => ({ price: dec(p), size: dec(s) }));
  const b = toLevels(bids);
  const a = toLevels(asks);
  return {
    symbol,
    updateId: 1,
    bids: (depth) => b.slice(0, depth),
    asks: (depth) => a.slice(0, depth),
    bestBid: () => b[0],
    bestAsk: () => a[0],
    quoteVolume: (side, depth) => quoteVolume((side === 'bid' ? b : a).slice(0, depth)),
  };
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

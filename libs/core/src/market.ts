import type { Decimal } from './decimal';
import type { ScaledDecimal } from './fixed-point';

/** One price level; decimals never pass through a JS number. */
export interface BookLevel {
  readonly price: Decimal;
  readonly size: Decimal;
}

/** A read-only view of a local order book; Decimals are made on demand so the hot path stays cheap. */
export interface OrderBookView {
  readonly symbol: string;
  /** Venue update id of the last applied snapshot or delta. */
  readonly updateId: number;
  /** Best first, at most depth levels. */
  bids(depth: number): BookLevel[];
  asks(depth: number): BookLevel[];
  bestBid(): BookLevel | undefined;
  bestAsk(): BookLevel | undefined;
  /** Σ price × size (quote currency) over the top depth levels of one side, exact. */
  quoteVolume(side: 'bid' | 'ask', depth: number): Decimal;
  /**
   * The same sum into out without allocating, for readers on every update; false (out unchanged)
   * when it cannot be held exactly as a scaled safe integer, and the reader then asks
   * quoteVolume. Optional: a view without it is read through quoteVolume.
   */
  quoteVolumeInto?(side: 'bid' | 'ask', depth: number, out: ScaledDecimal): boolean;
}

export interface BookEvent {
  readonly kind: 'book';
  readonly symbol: string;
  readonly book: OrderBookView;
  /** Venue timestamp, epoch ms. */
  readonly exchangeTs: number;
  /** Monotonic receive time (performance.now()), for latency measurement. */
  readonly receivedAtMono: number;
}

export interface Trade {
  readonly id: string;
  readonly price: Decimal;
  readonly size: Decimal;
  /** Taker side. */
  readonly side: 'buy' | 'sell';
  readonly ts: number;
  /**
   * price × size into out without allocating, for readers on every trade; false (out unchanged)
   * when it is not a scaled safe integer, and the reader then multiplies the Decimals. Optional.
   */
  quoteVolumeInto?(out: ScaledDecimal): boolean;
}

export interface TradeEvent {
  readonly kind: 'trade';
  readonly symbol: string;
  readonly trades: readonly Trade[];
  readonly receivedAtMono: number;
}

export interface TickerEvent {
  readonly kind: 'ticker';
  readonly symbol: string;
  readonly lastPrice: Decimal | undefined;
  readonly bid: Decimal | undefined;
  readonly ask: Decimal | undefined;
  readonly markPrice: Decimal | undefined;
  readonly exchangeTs: number;
  readonly receivedAtMono: number;
}

export type MarketEvent = BookEvent | TradeEvent | TickerEvent;

/** Trading rules of one instrument as the venue lists them. */
export interface Instrument {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tickSize: Decimal;
  readonly qtyStep: Decimal;
  readonly minOrderQty: Decimal;
  readonly minNotional: Decimal;
}

export interface FeedHealth {
  readonly connected: boolean;
  readonly lastMessageAt: number | null;
  readonly reconnects: number;
  readonly gaps: number;
  readonly malformed: number;
}

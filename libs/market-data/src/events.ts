import {
  Decimal,
  scaledProductInto,
  type ScaledDecimal,
  type TickerEvent,
  type Trade,
  type TradeEvent,
} from '@flotilla/core';
import type { RawTicker, RawTrade } from './bybit-frames';

/** A trade whose Decimals are made only when a listener reads them (keeps the hot path cheap). */
class LazyTrade implements Trade {
  constructor(readonly raw: RawTrade) {}
  get id(): string {
    return this.raw.i;
  }
  get price(): Decimal {
    return new Decimal(this.raw.p);
  }
  get size(): Decimal {
    return new Decimal(this.raw.v);
  }
  get side(): 'buy' | 'sell' {
    return this.raw.S === 'Buy' ? 'buy' : 'sell';
  }
  get ts(): number {
    return this.raw.T;
  }
  quoteVolumeInto(out: ScaledDecimal): boolean {
    return scaledProductInto(this.raw.p, this.raw.v, out);
  }
}

export function tradeEvent(
  symbol: string,
  raw: readonly RawTrade[],
  receivedAtMono: number,
): TradeEvent {
  const trades: Trade[] = new Array<Trade>(raw.length);
  for (let i = 0; i < raw.length; i++) trades[i] = new LazyTrade(raw[i]);
  return { kind: 'trade', symbol, trades, receivedAtMono };
}

function decOrUndefined(v: string | undefined): Decimal | undefined {
  return v === undefined || v === '' ? undefined : new Decimal(v);
}

/** Ticker state merged from a snapshot and partial deltas; the event reads it lazily. */
export class TickerState {
  lastPrice: string | undefined;
  bid1Price: string | undefined;
  ask1Price: string | undefined;
  markPrice: string | undefined;

  /**
   * A snapshot replaces; a delta overwrites only the fields it carries. False for a delta that
   * carries none of them: the state is unchanged and its readers have nothing new to see.
   */
  merge(raw: RawTicker, snapshot: boolean): boolean {
    if (snapshot) {
      this.lastPrice = raw.lastPrice;
      this.bid1Price = raw.bid1Price;
      this.ask1Price = raw.ask1Price;
      this.markPrice = raw.markPrice;
      return true;
    }
    const { lastPrice, bid1Price, ask1Price, markPrice } = raw;
    if (lastPrice !== undefined) this.lastPrice = lastPrice;
    if (bid1Price !== undefined) this.bid1Price = bid1Price;
    if (ask1Price !== undefined) this.ask1Price = ask1Price;
    if (markPrice !== undefined) this.markPrice = markPrice;
    return (
      lastPrice !== undefined ||
      bid1Price !== undefined ||
      ask1Price !== undefined ||
      markPrice !== undefined
    );
  }

  event(symbol: string, exchangeTs: number, receivedAtMono: number): TickerEvent {
    return new LazyTickerEvent(
      symbol,
      this.lastPrice,
      this.bid1Price,
      this.ask1Price,
      this.markPrice,
      exchangeTs,
      receivedAtMono,
    );
  }
}

class LazyTickerEvent implements TickerEvent {
  readonly kind = 'ticker';
  constructor(
    readonly symbol: string,
    readonly last: string | undefined,
    readonly bid1: string | undefined,
    readonly ask1: string | undefined,
    readonly mark: string | undefined,
    readonly exchangeTs: number,
    readonly receivedAtMono: number,
  ) {}
  get lastPrice(): Decimal | undefined {
    return decOrUndefined(this.last);
  }
  get bid(): Decimal | undefined {
    return decOrUndefined(this.bid1);
  }
  get ask(): Decimal | undefined {
    return decOrUndefined(this.ask1);
  }
  get markPrice(): Decimal | undefined {
    return decOrUndefined(this.mark);
  }
}

/** The venue strings behind a hub's trade (to hand them to another thread without Decimals). */
export function rawTradeOf(t: Trade): RawTrade {
  if (t instanceof LazyTrade) return t.raw;
  return {
    i: t.id,
    p: t.price.toString(),
    v: t.size.toString(),
    S: t.side === 'buy' ? 'Buy' : 'Sell',
    T: t.ts,
  };
}

/** The merged ticker strings behind a hub's ticker event. */
export function rawTickerOf(e: TickerEvent): RawTicker {
  if (e instanceof LazyTickerEvent)
    return { lastPrice: e.last, bid1Price: e.bid1, ask1Price: e.ask1, markPrice: e.mark };
  return {
    lastPrice: e.lastPrice?.toString(),
    bid1Price: e.bid?.toString(),
    ask1Price: e.ask?.toString(),
    markPrice: e.markPrice?.toString(),
  };
}

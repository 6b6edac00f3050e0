import { isoUtc, toWire, type Decimal } from '@flotilla/core';

export type Side = 'buy' | 'sell';

/** One strategy decision with the market context it was taken in; decimals stay Decimal in the domain. */
export interface Signal {
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  readonly imbalance: Decimal;
  readonly mid: Decimal;
  readonly spread: Decimal;
  /** Quote volume (sum of price * size) over the top depthLevels bids. */
  readonly bidVolume: Decimal;
  readonly askVolume: Decimal;
  /** Taker quote volume over the trade-flow window when the signal fired. */
  readonly buyFlow: Decimal;
  readonly sellFlow: Decimal;
  readonly depthLevels: number;
  /** Epoch ms. */
  readonly at: number;
}

/** The wire form: decimals as strings, time as ISO-8601 UTC. */
export interface SignalJson {
  id: string;
  symbol: string;
  side: Side;
  imbalance: string;
  mid: string;
  spread: string;
  bidVolume: string;
  askVolume: string;
  buyFlow: string;
  sellFlow: string;
  depthLevels: number;
  at: string;
}

export function toSignalJson(s: Signal): SignalJson {
  return {
    id: s.id,
    symbol: s.symbol,
    side: s.side,
    imbalance: toWire(s.imbalance),
    mid: toWire(s.mid),
    spread: toWire(s.spread),
    bidVolume: toWire(s.bidVolume),
    askVolume: toWire(s.askVolume),
    buyFlow: toWire(s.buyFlow),
    sellFlow: toWire(s.sellFlow),
    depthLevels: s.depthLevels,
    at: isoUtc(s.at),
  };
}

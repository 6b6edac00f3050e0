import {
  dec,
  type BookEvent,
  type Clock,
  type Decimal,
  type TickerEvent,
  type Trade,
  type TradeEvent,
} from '@flotilla/core';
import type { Intent } from './intent';
import type { Signal } from './signal';
import type { Strategy } from './strategy';
import {
  resolveStrategyParams,
  type ResolvedStrategyParams,
  type StrategyParams,
} from './strategy-params';
import { TradeFlow } from './trade-flow';
import { BookReading, threshold, type Threshold } from './book-measures';

export interface ImbalanceStrategyDeps {
  symbol: string;
  params: StrategyParams;
  /** Time for cooldown and signal timestamps; inject a ManualClock in tests. */
  clock: Clock;
}

/** What the strategy currently sees; null until the first book/ticker arrives. */
export interface ImbalanceSnapshot {
  mid: Decimal | null;
  spread: Decimal | null;
  imbalance: Decimal | null;
  bidVolume: Decimal | null;
  askVolume: Decimal | null;
  lastPrice: Decimal | null;
  buyFlow: Decimal;
  sellFlow: Decimal;
  lastSignalAt: number | null;
}

const TWO = dec('2');

/**
 * Order-book imbalance (SPEC 9): imbalance = bidVolume / (bidVolume + askVolume) over the top
 * depthLevels per side, volumes in QUOTE currency (sum of price * size) so levels far from the
 * mid weigh what they are worth. Buy at >= buyThreshold, sell at <= sellThreshold, only when both
 * sides together hold at least minClusterVolume, and at most one signal per cooldownMs.
 */
export class ImbalanceStrategy implements Strategy {
  readonly params: ResolvedStrategyParams;
  private readonly symbol: string;
  private readonly clock: Clock;
  private readonly flow: TradeFlow;
  private seq = 0;
  private lastSignalAt: number | null = null;
  /** The last book update with both sides; its Decimals are made when read. */
  private readonly reading: BookReading;
  private readonly buyThreshold: Threshold;
  private readonly sellThreshold: Threshold;
  private readonly minClusterVolume: Threshold;
  /** From a ticker, until the first book update. */
  private tickerMid: Decimal | null = null;
  private tickerSpread: Decimal | null = null;
  /** Last price from a ticker, unless a later trade set lastTrade (whose price is read on demand). */
  private lastTickerPrice: Decimal | null = null;
  private lastTrade: Trade | null = null;

  constructor(deps: ImbalanceStrategyDeps) {
    this.symbol = deps.symbol;
    this.clock = deps.clock;
    this.params = resolveStrategyParams(deps.params);
    this.flow = new TradeFlow(this.params.tradeFlowWindowMs);
    this.reading = new BookReading(this.params.depthLevels);
    this.buyThreshold = threshold(this.params.buyThreshold);
    this.sellThreshold = threshold(this.params.sellThreshold);
    this.minClusterVolume = threshold(this.params.minClusterVolume);
  }

  onBook(event: BookEvent): Intent[] {
    const r = this.reading;
    if (!r.read(event.book) || r.noVolume() || r.totalBelow(this.minClusterVolume)) return [];
    const side = r.imbalanceAtLeast(this.buyThreshold)
      ? 'buy'
      : r.imbalanceAtMost(this.sellThreshold)
        ? 'sell'
        : null;
    if (!side) return [];
    const now = this.clock.now();
    if (this.lastSignalAt !== null && now - this.lastSignalAt < this.params.cooldownMs) return [];
    const m = r.measures();
    const { bidVolume, askVolume, imbalance } = m;
    if (imbalance === null) return []; // noVolume() ruled this out; the type does not know
    this.lastSignalAt = now;
    const signal: Signal = {
      id: `${this.symbol}-${now}-${++this.seq}`,
      symbol: this.symbol,
      side,
      imbalance,
      mid: m.mid,
      spread: m.spread,
      bidVolume,
      askVolume,
      buyFlow: this.flow.buyVolume,
      sellFlow: this.flow.sellVolume,
      depthLevels: this.params.depthLevels,
      at: now,
    };
    return [{ type: 'enter', symbol: this.symbol, side, signal }];
  }

  onTrade(event: TradeEvent): Intent[] {
    const now = this.clock.now();
    for (const t of event.trades) this.flow.add(t, now);
    if (event.trades.length > 0) this.lastTrade = event.trades[event.trades.length - 1];
    return [];
  }

  onTicker(event: TickerEvent): Intent[] {
    const last = event.lastPrice;
    if (last) {
      this.lastTickerPrice = last;
      this.lastTrade = null;
    }
    if (!this.reading.present && this.tickerMid === null) {
      const { bid, ask } = event;
      if (bid && ask) {
        this.tickerMid = bid.add(ask).div(TWO);
        this.tickerSpread = ask.sub(bid);
      }
    }
    return [];
  }

  onTimer(nowMs: number): Intent[] {
    this.flow.prune(nowMs);
    return [];
  }

  snapshot(): ImbalanceSnapshot {
    const m = this.reading.present ? this.reading.measures() : null;
    return {
      mid: m ? m.mid : this.tickerMid,
      spread: m ? m.spread : this.tickerSpread,
      imbalance: m ? m.imbalance : null,
      bidVolume: m ? m.bidVolume : null,
      askVolume: m ? m.askVolume : null,
      lastPrice: this.lastPrice(),
      buyFlow: this.flow.buyVolume,
      sellFlow: this.flow.sellVolume,
      lastSignalAt: this.lastSignalAt,
    };
  }

  private lastPrice(): Decimal | null {
    return this.lastTrade !== null ? this.lastTrade.price : this.lastTickerPrice;
  }
}

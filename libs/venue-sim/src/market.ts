import { InstrumentGrid } from './instruments';
import type { UpstreamBook, UpstreamPrint } from './mirror/mirror-types';
import { OrderBook, BookSide, BookDepth } from './order-book';
import { PressureRegime, nextMidTicks, volatilityTicks } from './price-model';
import { Prng } from './prng';

export type TakerSide = 'Buy' | 'Sell';
export type TickDirection = 'PlusTick' | 'ZeroPlusTick' | 'MinusTick' | 'ZeroMinusTick';

export interface SimTrade {
  readonly id: string;
  readonly priceTicks: number;
  readonly sizeSteps: number;
  readonly side: TakerSide;
  readonly ts: number;
  readonly tickDirection: TickDirection;
  readonly seq: number;
  /** Printed by an order of the simulated exchange (not by the generator). */
  readonly own?: true;
}

/** One level an order would take: price in ticks, size in steps. */
export type TakenLevel = readonly [priceTicks: number, sizeSteps: number];

const MIN_LEVELS = 230;
const MAX_LEVELS = 280;
const RECENT_TRADES = 200;

/**
 * One symbol's market: price path, order book and trade tape, advanced one update at a time.
 * Protocol handlers only read it; later order matching will act on the same book.
 */
export class Market {
  readonly book = new OrderBook();
  readonly pressure: PressureRegime;
  readonly recentTrades: SimTrade[] = [];
  u = 0;
  seq: number;
  ts: number;
  midTicks: number;
  lastPriceTicks: number;
  lastTickDirection: TickDirection = 'ZeroPlusTick';
  highTicks: number;
  lowTicks: number;
  volumeSteps = 0;
  /** Sum of price units x qty units: scale priceScale + qtyScale. */
  turnoverUnits = 0n;
  private gapPending = false;
  /** Trades printed by takes since the last step, published with the next update. */
  private pendingTrades: SimTrade[] = [];
  private takePending = false;
  /** A shock's direction until the next step prints a trade at the new mid. */
  private shockSide: TakerSide | null = null;
  private readonly volTicks: number;

  constructor(
    readonly grid: InstrumentGrid,
    private readonly rng: Prng,
    nowMs: number,
    /** Mirror mode: the book starts empty and only applyUpstream changes it (no random walk). */
    readonly mirror = false,
  ) {
    this.pressure = new PressureRegime(rng);
    this.midTicks = grid.startTicks;
    this.lastPriceTicks = grid.startTicks;
    this.highTicks = grid.startTicks;
    this.lowTicks = grid.startTicks;
    this.volTicks = volatilityTicks(grid.startTicks);
    this.seq = rng.int(1_000_000, 9_000_000) * 1000;
    this.ts = nowMs;
    if (!mirror) {
      this.fillDepth(this.book.bids);
      this.fillDepth(this.book.asks);
    }
    this.u = 1;
  }

  get symbol(): string {
    return this.grid.spec.symbol;
  }

  /** The next update skips one u, as a lost message would. */
  skipNextUpdateId(): void {
    this.gapPending = true;
  }

  /** Advances one update; returns the trades it printed. Read deltas with book.delta(depth). */
  step(nowMs: number): SimTrade[] {
    const { bids, asks } = this.book;
    const topBefore = this.topOfBook();
    // A take since the last step already began this update, so its changes reach the deltas.
    if (!this.takePending) this.book.beginUpdate();
    this.takePending = false;
    this.u += this.gapPending ? 2 : 1;
    this.gapPending = false;
    this.seq += this.rng.int(1, 5);
    this.ts = nowMs;
    const pressure = this.pressure.advance();
    this.midTicks = nextMidTicks(
      this.rng,
      this.midTicks,
      this.grid.startTicks,
      this.volTicks,
      pressure,
    );
    const trades: SimTrade[] = this.pendingTrades;
    this.pendingTrades = [];
    this.sweep(asks, trades);
    this.sweep(bids, trades);
    if (this.shockSide) {
      // The book's depth may end before the new mid: the tape still reaches it.
      this.print(this.shockSide, this.midTicks, 1, trades);
      this.shockSide = null;
    }
    this.refillTop(bids, this.midTicks);
    this.refillTop(asks, this.midTicks + 1);
    this.churn(bids);
    this.churn(asks);
    this.touchTop();
    if (this.rng.chance(0.4)) this.aggress(pressure, trades);
    this.fillDepth(bids);
    this.fillDepth(asks);
    if (this.topOfBook() === topBefore) this.touchTop();
    return trades;
  }

  /**
   * A drill's price shock: the mid jumps by pct percent (within (-50, 50), non-zero) and the next
   * step sweeps the resting levels it passed, printing trades there, so last price, conditional
   * orders and position stops see the move. The random walk's pull home then acts as usual.
   */
  shock(pct: number): { fromTicks: number; toTicks: number } {
    if (!Number.isFinite(pct) || pct === 0 || Math.abs(pct) >= 50) {
      throw new RangeError(`pct must be a non-zero number within (-50, 50), got ${pct}`);
    }
    const fromTicks = this.midTicks;
    const toTicks = Math.max(1, Math.round(fromTicks * (1 + pct / 100)));
    this.midTicks = toTicks;
    this.shockSide = pct > 0 ? 'Buy' : 'Sell';
    return { fromTicks, toTicks };
  }

  /**
   * The levels a taker of side would take for up to maxSteps, best first, not past limitTicks
   * (null: no limit). Reads only.
   */
  previewTake(side: TakerSide, maxSteps: number, limitTicks: number | null): TakenLevel[] {
    const book = side === 'Buy' ? this.book.asks : this.book.bids;
    const out: TakenLevel[] = [];
    let left = maxSteps;
    for (let i = 0; left > 0 && i < book.count; i++) {
      const price = book.priceAt(i);
      if (price === undefined) break;
      if (limitTicks !== null && (side === 'Buy' ? price > limitTicks : price < limitTicks)) break;
      const size = Math.min(left, book.sizeAt(price));
      out.push([price, size]);
      left -= size;
    }
    return out;
  }

  /**
   * Takes those levels out of the book for an exchange order: prints one trade per level (last
   * price moves), and the book changes and trades go out with the next update.
   */
  take(side: TakerSide, maxSteps: number, limitTicks: number | null, nowMs: number): SimTrade[] {
    const levels = this.previewTake(side, maxSteps, limitTicks);
    if (levels.length === 0) return [];
    if (!this.takePending) this.book.beginUpdate();
    this.takePending = true;
    const book = side === 'Buy' ? this.book.asks : this.book.bids;
    const trades: SimTrade[] = [];
    this.ts = Math.max(this.ts, nowMs);
    for (const [price, size] of levels) {
      book.set(price, book.sizeAt(price) - size);
      this.print(side, price, size, trades, true);
    }
    this.pendingTrades.push(...trades);
    return trades;
  }

  /**
   * Mirror mode: one upstream update. A snapshot replaces the book, a delta sets its levels (0
   * deletes), upstream trades print; takes since the last update go out with it, and a level a
   * take consumed stays consumed until the upstream sends that level again.
   */
  applyUpstream(
    nowMs: number,
    seq: number,
    book: UpstreamBook | null,
    prints: UpstreamPrint[],
  ): SimTrade[] {
    if (!this.takePending) this.book.beginUpdate();
    this.takePending = false;
    this.u += this.gapPending ? 2 : 1;
    this.gapPending = false;
    if (seq > 0) this.seq = seq;
    this.ts = Math.max(this.ts, nowMs);
    const trades = this.pendingTrades;
    this.pendingTrades = [];
    if (book) {
      for (const [side, levels] of [
        [this.book.bids, book.bids],
        [this.book.asks, book.asks],
      ] as const) {
        if (book.snapshot) while (side.count > 0) side.set(side.best() as number, 0);
        for (const [price, size] of levels) side.set(price, size);
      }
      const bid = this.book.bids.best();
      if (this.volumeSteps === 0 && bid !== undefined) {
        this.lastPriceTicks = this.highTicks = this.lowTicks = bid;
      }
    }
    for (const p of prints) this.print(p.side, p.priceTicks, p.sizeSteps, trades, false, p.id);
    return trades;
  }

  delta(depth: BookDepth): ReturnType<OrderBook['delta']> {
    return this.book.delta(depth);
  }

  /** Resting levels the mid moved through are taken by aggressive orders. */
  private sweep(side: BookSide, trades: SimTrade[]): void {
    for (;;) {
      const best = side.best();
      if (best === undefined) return;
      const crossed = side.isBid ? best > this.midTicks : best <= this.midTicks;
      if (!crossed) return;
      this.print(side.isBid ? 'Sell' : 'Buy', best, side.sizeAt(best), trades);
      side.set(best, 0);
    }
  }

  /** New liquidity appears between the old best price and the new mid. */
  private refillTop(side: BookSide, edgeTicks: number): void {
    const best = side.best();
    const step = side.isBid ? -1 : 1;
    const limit = 30;
    let placed = 0;
    for (let p = edgeTicks; best === undefined || side.better(p, best); p += step) {
      if (placed >= limit) break;
      if (p === edgeTicks || this.rng.chance(0.8)) {
        side.set(p, this.sampleSize(side.isBid));
        placed++;
      }
      if (best === undefined) break;
    }
  }

  private churn(side: BookSide): void {
    const touches = this.rng.int(1, 3);
    const reach = Math.min(20, side.count);
    for (let i = 0; i < touches && reach > 0; i++) {
      const r = this.rng.next();
      const price = side.priceAt(Math.floor(r * r * reach));
      if (price === undefined) continue;
      const remove = price !== side.best() && this.rng.chance(0.1);
      side.set(price, remove ? 0 : this.sampleSize(side.isBid));
    }
  }

  private topOfBook(): string {
    const { bids, asks } = this.book;
    const bid = bids.best() ?? 0;
    const ask = asks.best() ?? 0;
    return `${bid}:${bids.sizeAt(bid)}:${ask}:${asks.sizeAt(ask)}`;
  }

  /** Every update moves the top of book, so every depth's delta is non-empty and u stays dense. */
  private touchTop(): void {
    const side = this.rng.chance(0.5) ? this.book.bids : this.book.asks;
    const best = side.best();
    if (best === undefined) return;
    const size = this.sampleSize(side.isBid);
    side.set(best, size === side.sizeAt(best) ? size + 1 : size);
  }

  private aggress(pressure: number, trades: SimTrade[]): void {
    const buy = this.rng.chance(0.5 + 0.35 * pressure);
    const side = buy ? this.book.asks : this.book.bids;
    const best = side.best();
    if (best === undefined) return;
    const resting = side.sizeAt(best);
    const size = Math.min(resting, Math.max(1, Math.round(resting * this.rng.next() * 0.6)));
    this.print(buy ? 'Buy' : 'Sell', best, size, trades);
    side.set(best, resting - size);
  }

  private fillDepth(side: BookSide): void {
    while (side.count < MIN_LEVELS) {
      const worst = side.worst();
      const gap = this.rng.chance(0.15) ? 2 : 1;
      let price: number;
      if (worst === undefined) price = side.isBid ? this.midTicks : this.midTicks + 1;
      else price = side.isBid ? worst - gap : worst + gap;
      if (price < 1) break;
      side.set(price, this.sampleSize(side.isBid));
    }
    while (side.count > MAX_LEVELS) {
      const worst = side.worst();
      if (worst === undefined) break;
      side.set(worst, 0);
    }
  }

  private sampleSize(isBid: boolean): number {
    const factor = this.pressure.sizeFactor(isBid);
    const size = this.grid.levelSizeSteps * (0.2 + this.rng.exponential()) * factor;
    return Math.max(1, Math.round(size));
  }

  private print(
    side: TakerSide,
    priceTicks: number,
    sizeSteps: number,
    trades: SimTrade[],
    own = false,
    id?: string,
  ): void {
    if (sizeSteps <= 0) return;
    const previous = this.lastPriceTicks;
    if (priceTicks > previous) this.lastTickDirection = 'PlusTick';
    else if (priceTicks < previous) this.lastTickDirection = 'MinusTick';
    else if (this.lastTickDirection === 'PlusTick') this.lastTickDirection = 'ZeroPlusTick';
    else if (this.lastTickDirection === 'MinusTick') this.lastTickDirection = 'ZeroMinusTick';
    const trade: SimTrade = {
      id: id || this.tradeId(),
      priceTicks,
      sizeSteps,
      side,
      ts: this.ts,
      tickDirection: this.lastTickDirection,
      seq: this.seq,
      ...(own ? { own: true as const } : {}),
    };
    this.lastPriceTicks = priceTicks;
    this.highTicks = Math.max(this.highTicks, priceTicks);
    this.lowTicks = Math.min(this.lowTicks, priceTicks);
    this.volumeSteps += sizeSteps;
    this.turnoverUnits +=
      BigInt(priceTicks * this.grid.unitsPerTick) * BigInt(sizeSteps * this.grid.unitsPerStep);
    trades.push(trade);
    this.recentTrades.push(trade);
    if (this.recentTrades.length > RECENT_TRADES) this.recentTrades.shift();
  }

  /** UUID-shaped like Bybit's execId, drawn from the market's own stream so replays match. */
  private tradeId(): string {
    const hex = (n: number): string =>
      Math.floor(this.rng.next() * 16 ** n)
        .toString(16)
        .padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(6)}${hex(6)}`;
  }
}

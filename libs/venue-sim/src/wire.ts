import { Market, SimTrade } from './market';
import { TickLevel } from './order-book';
import { formatUnits } from './units';

export type WireLevel = [string, string];

const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;

export function priceString(market: Market, ticks: number): string {
  return formatUnits(ticks * market.grid.unitsPerTick, market.grid.spec.priceScale);
}

export function sizeString(market: Market, steps: number): string {
  return formatUnits(steps * market.grid.unitsPerStep, market.grid.qtyScale);
}

/** A deleted level (size 0) goes out as "0", as Bybit sends it, not padded to the lot scale. */
export function wireLevels(market: Market, levels: TickLevel[]): WireLevel[] {
  return levels.map(([p, s]) => [priceString(market, p), s === 0 ? '0' : sizeString(market, s)]);
}

export function bookSnapshot(
  market: Market,
  depth: number,
): { s: string; b: WireLevel[]; a: WireLevel[]; u: number; seq: number } {
  return {
    s: market.symbol,
    b: wireLevels(market, market.book.bids.levels(depth)),
    a: wireLevels(market, market.book.asks.levels(depth)),
    u: market.u,
    seq: market.seq,
  };
}

/** publicTrade stream entry. */
export function wireStreamTrade(market: Market, t: SimTrade): Record<string, unknown> {
  return {
    T: t.ts,
    s: market.symbol,
    S: t.side,
    v: sizeString(market, t.sizeSteps),
    p: priceString(market, t.priceTicks),
    L: t.tickDirection,
    i: t.id,
    BT: false,
    RPI: false,
    seq: t.seq,
  };
}

/** /v5/market/recent-trade list entry. */
export function wireRestTrade(market: Market, t: SimTrade): Record<string, unknown> {
  return {
    execId: t.id,
    symbol: market.symbol,
    price: priceString(market, t.priceTicks),
    size: sizeString(market, t.sizeSteps),
    side: t.side,
    time: String(t.ts),
    isBlockTrade: false,
    isRPITrade: false,
    seq: String(t.seq),
  };
}

/** Linear ticker fields as Bybit v5 names them; every value a string. */
export function wireTicker(market: Market): Record<string, string> {
  const { grid } = market;
  const bid = market.book.bids.best();
  const ask = market.book.asks.best();
  const start = grid.startTicks;
  const last = market.lastPriceTicks;
  const pct = ((last - start) / start).toFixed(6);
  const openInterestSteps = grid.levelSizeSteps * 1000;
  const oiValueUnits =
    BigInt(last * grid.unitsPerTick) * BigInt(openInterestSteps * grid.unitsPerStep);
  return {
    symbol: market.symbol,
    tickDirection: market.lastTickDirection,
    price24hPcnt: pct,
    lastPrice: priceString(market, last),
    prevPrice24h: priceString(market, start),
    highPrice24h: priceString(market, market.highTicks),
    lowPrice24h: priceString(market, market.lowTicks),
    prevPrice1h: priceString(market, start),
    markPrice: priceString(market, market.midTicks),
    indexPrice: priceString(market, market.midTicks),
    openInterest: sizeString(market, openInterestSteps),
    openInterestValue: formatUnits(oiValueUnits, grid.spec.priceScale + grid.qtyScale),
    turnover24h: formatUnits(market.turnoverUnits, grid.spec.priceScale + grid.qtyScale),
    volume24h: sizeString(market, market.volumeSteps),
    nextFundingTime: String((Math.floor(market.ts / EIGHT_HOURS_MS) + 1) * EIGHT_HOURS_MS),
    fundingRate: '0.0001',
    bid1Price: bid === undefined ? '' : priceString(market, bid),
    bid1Size: bid === undefined ? '' : sizeString(market, market.book.bids.sizeAt(bid)),
    ask1Price: ask === undefined ? '' : priceString(market, ask),
    ask1Size: ask === undefined ? '' : sizeString(market, market.book.asks.sizeAt(ask)),
    curPreListingPhase: '',
  };
}

/** Only the fields that changed since the previous ticker, as Bybit's delta pushes do. */
export function tickerDelta(
  previous: Record<string, string>,
  current: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = { symbol: current.symbol };
  for (const [key, value] of Object.entries(current)) {
    if (previous[key] !== value) out[key] = value;
  }
  return out;
}

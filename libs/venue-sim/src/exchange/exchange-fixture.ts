import { Decimal, ManualClock } from '@flotilla/core';
import { buildInstruments, gridOf } from '../instruments';
import { Market } from '../market';
import { Prng, seedFor } from '../prng';
import { Exchange } from './exchange';
import { ExchangeEvent, RequestBody } from './types';

/** Test fixture (not a spec): an exchange over fresh seeded markets and a manual clock. */
export interface Fixture {
  readonly clock: ManualClock;
  readonly markets: Map<string, Market>;
  readonly exchange: Exchange;
  readonly btc: Market;
  readonly events: ExchangeEvent[];
  place(body: RequestBody): string;
  /** Moves the market one update and lets the exchange see it. */
  step(symbol?: string): void;
}

export const KEY = 'flotilla-sim';

export function fixture(seed = 7, usdt = '100000'): Fixture {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const markets = new Map(
    buildInstruments(seed, 0).map((spec) => [
      spec.symbol,
      new Market(gridOf(spec), new Prng(seedFor(seed, spec.symbol)), clock.now()),
    ]),
  );
  const exchange = new Exchange({
    clock,
    markets,
    seed,
    accounts: [
      { key: KEY, secret: 'flotilla-sim-secret', usdt },
      { key: 'other', secret: 'other-secret', usdt },
    ],
  });
  const events: ExchangeEvent[] = [];
  exchange.subscribe(KEY, (e) => events.push(e));
  const btc = markets.get('BTCUSDT') as Market;
  return {
    clock,
    markets,
    exchange,
    btc,
    events,
    place: (body) =>
      exchange.placeOrder(KEY, { category: 'linear', symbol: 'BTCUSDT', ...body }).orderId,
    step: (symbol = 'BTCUSDT') => {
      clock.advance(100);
      const market = markets.get(symbol) as Market;
      exchange.onMarketUpdate(market, market.step(clock.now()));
    },
  };
}

export function price(market: Market, ticks: number): string {
  return new Decimal(market.grid.spec.tickSize).mul(ticks).toFixed();
}

export function qty(market: Market, steps: number): string {
  return new Decimal(market.grid.spec.qtyStep).mul(steps).toFixed();
}

/** Runs fn and returns the retCode it was refused with (undefined when it was not). */
export function retCodeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error && typeof error === 'object' && 'retCode' in error) return Number(error.retCode);
    throw error;
  }
  return undefined;
}

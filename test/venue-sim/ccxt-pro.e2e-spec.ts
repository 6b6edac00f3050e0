import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import { CcxtProbe } from '../support/venue-sim-clients';

interface BookView {
  matched?: boolean;
  bids: number[][];
  asks: number[][];
  count?: number;
  total?: number;
}

const numeric = (levels: [string, string][]): number[][] =>
  levels.map(([p, s]) => [Number(p), Number(s)]);

describe('venue-sim public stream (ccxt.pro bybit)', () => {
  let sim: VenueSim;
  let ccxt: CcxtProbe;

  afterEach(async () => {
    await ccxt.stop();
    await sim.close();
  });

  it('keeps a watchOrderBook book equal to the sim book through many deltas', async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 7 });
    ccxt = await CcxtProbe.start(sim);
    const first = await ccxt.call<BookView>('watchOrderBook', 'BTC/USDT:USDT', 50);
    const atSnapshot = sim.book('BTCUSDT', 50);
    expect(first.bids).toEqual(numeric(atSnapshot.bids));
    expect(first.count).toBe(50);
    for (let i = 0; i < 60; i++) sim.tick();
    const own = sim.book('BTCUSDT', 50);
    expect(own.u).toBe(atSnapshot.u + 60);
    const expected = { bids: numeric(own.bids), asks: numeric(own.asks) };
    expect(expected.bids).not.toEqual(numeric(atSnapshot.bids));
    const watched = await ccxt.call<BookView>('bookUntil', 'BTC/USDT:USDT', expected, 50, 3000);
    expect(watched.matched).toBe(true);
    expect(watched.total).toBe(50);
  });

  it('streams trades and tickers from a running market', async () => {
    sim = await startVenueSim({ rateHz: 50, seed: 3 });
    ccxt = await CcxtProbe.start(sim);
    const trades = await ccxt.call<
      Array<{ symbol: string; price: number; amount: number; side: string }>
    >('watchTrades', 'ETH/USDT:USDT');
    expect(trades.length).toBeGreaterThan(0);
    expect(trades[0]).toMatchObject({ symbol: 'ETH/USDT:USDT' });
    expect(['buy', 'sell']).toContain(trades[0].side);
    expect(trades[0].amount).toBeGreaterThan(0);
    const ticker = await ccxt.call<{ symbol: string; bid: number; ask: number; last: number }>(
      'watchTicker',
      'ETH/USDT:USDT',
    );
    expect(ticker.symbol).toBe('ETH/USDT:USDT');
    expect(ticker.bid).toBeLessThan(ticker.ask);
    expect(ticker.last).toBeGreaterThan(0);
    const next = await ccxt.call<{ bid: number; ask: number }>('watchTicker', 'ETH/USDT:USDT');
    expect(next.bid).toBeLessThan(next.ask);
  });
});

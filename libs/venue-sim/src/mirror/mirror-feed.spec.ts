import { ManualClock } from '@flotilla/core';
import { gridOf, InstrumentSpec } from '../instruments';
import { Market, SimTrade } from '../market';
import { Prng } from '../prng';
import { MirrorFeed } from './mirror-feed';
import { toSpec } from './upstream-instruments';

/** Recorded shape of Bybit's instruments-info entry for BTCUSDT (trimmed to what is read). */
const BTC_INFO = {
  symbol: 'BTCUSDT',
  contractType: 'LinearPerpetual',
  status: 'Trading',
  baseCoin: 'BTC',
  quoteCoin: 'USDT',
  priceScale: '2',
  leverageFilter: { maxLeverage: '100.00' },
  priceFilter: { tickSize: '0.10' },
  lotSizeFilter: {
    qtyStep: '0.001',
    minOrderQty: '0.001',
    maxOrderQty: '1190.000',
    minNotionalValue: '5',
  },
};

const book = (type: string, u: number, b: string[][], a: string[][]): string =>
  JSON.stringify({
    topic: 'orderbook.50.BTCUSDT',
    type,
    ts: 1,
    data: { s: 'BTCUSDT', b, a, u, seq: u * 10 },
    cts: 0,
  });
const trade = (price: string, size: string, side: string): string =>
  JSON.stringify({
    topic: 'publicTrade.BTCUSDT',
    type: 'snapshot',
    ts: 2,
    data: [{ T: 2, s: 'BTCUSDT', S: side, v: size, p: price, L: 'PlusTick', i: 'up-1', BT: false }],
  });

describe('MirrorFeed on recorded upstream frames', () => {
  let clock: ManualClock;
  let market: Market;
  let feed: MirrorFeed;
  let updates: SimTrade[][];

  beforeEach(() => {
    clock = new ManualClock(1_000_000);
    market = new Market(gridOf(toSpec(BTC_INFO) as InstrumentSpec), new Prng(1), clock.now(), true);
    updates = [];
    feed = new MirrorFeed({
      wsUrl: 'ws://upstream.invalid',
      clock,
      markets: [market],
      onUpdate: (_m, trades) => updates.push(trades),
      staleAfterMs: 5_000,
    });
  });

  const levels = (side: 'bids' | 'asks'): [string, string][] =>
    market.book[side].levels(5).map(([p, s]) => [(p / 10).toFixed(1), (s / 1000).toFixed(3)]);

  it('maps an upstream instrument to the grid and starts with an empty book', () => {
    expect(market.grid).toMatchObject({ unitsPerTick: 10, qtyScale: 3, unitsPerStep: 1 });
    expect(market.book.bids.count + market.book.asks.count).toBe(0);
    expect(toSpec({ ...BTC_INFO, quoteCoin: 'USDC' })).toBeNull();
    expect(toSpec({ ...BTC_INFO, status: 'PreLaunch' })).toBeNull();
  });

  it('applies a snapshot, then deltas that change, add and delete levels', () => {
    feed.onFrame(
      book(
        'snapshot',
        100,
        [
          ['65000.0', '1.000'],
          ['64999.9', '2.000'],
        ],
        [['65000.1', '0.500']],
      ),
    );
    feed.onFrame(
      book(
        'delta',
        101,
        [
          ['65000.0', '0'],
          ['64999.8', '3.000'],
        ],
        [
          ['65000.1', '0.700'],
          ['65000.2', '1.500'],
        ],
      ),
    );
    expect(levels('bids')).toEqual([
      ['64999.9', '2.000'],
      ['64999.8', '3.000'],
    ]);
    expect(levels('asks')).toEqual([
      ['65000.1', '0.700'],
      ['65000.2', '1.500'],
    ]);
    expect(updates).toHaveLength(2);
    // Before the first upstream trade, the last price follows the best bid.
    expect(market.lastPriceTicks).toBe(649999);
    expect(feed.stats()).toMatchObject({ synced: 1, resyncs: 0, badFrames: 0, maxStalenessMs: 0 });
  });

  it('a snapshot replaces the whole book', () => {
    feed.onFrame(book('snapshot', 5, [['64000.0', '1.000']], [['64000.1', '1.000']]));
    feed.onFrame(book('snapshot', 9, [['63000.0', '4.000']], [['63000.5', '2.000']]));
    expect(levels('bids')).toEqual([['63000.0', '4.000']]);
    expect(levels('asks')).toEqual([['63000.5', '2.000']]);
  });

  it('a gap in u unsyncs the book: later deltas are ignored until a snapshot', () => {
    feed.onFrame(book('snapshot', 100, [['65000.0', '1.000']], [['65000.1', '1.000']]));
    feed.onFrame(book('delta', 102, [['65000.0', '9.000']], []));
    feed.onFrame(book('delta', 103, [['65000.0', '8.000']], []));
    expect(levels('bids')).toEqual([['65000.0', '1.000']]);
    expect(feed.stats()).toMatchObject({ synced: 0, resyncs: 1 });
    feed.onFrame(book('snapshot', 200, [['65001.0', '1.000']], [['65001.1', '1.000']]));
    feed.onFrame(book('delta', 201, [['65001.0', '2.000']], []));
    expect(levels('bids')).toEqual([['65001.0', '2.000']]);
    expect(feed.stats().synced).toBe(1);
  });

  it('upstream trades print on the tape and move the last price', () => {
    feed.onFrame(book('snapshot', 1, [['65000.0', '1.000']], [['65000.1', '1.000']]));
    feed.onFrame(trade('65000.1', '0.250', 'Buy'));
    expect(updates[1]).toEqual([
      expect.objectContaining({ id: 'up-1', priceTicks: 650001, sizeSteps: 250, side: 'Buy' }),
    ]);
    expect(market.lastPriceTicks).toBe(650001);
  });

  it('a take consumes the mirrored level until the upstream sends that level again', () => {
    feed.onFrame(
      book(
        'snapshot',
        1,
        [['65000.0', '1.000']],
        [
          ['65000.1', '1.000'],
          ['65000.2', '1.000'],
        ],
      ),
    );
    market.take('Buy', 1500, null, clock.now());
    expect(levels('asks')).toEqual([['65000.2', '0.500']]);
    feed.onFrame(book('delta', 2, [['64999.0', '1.000']], []));
    expect(levels('asks')).toEqual([['65000.2', '0.500']]);
    feed.onFrame(book('delta', 3, [], [['65000.1', '0.800']]));
    expect(levels('asks')).toEqual([
      ['65000.1', '0.800'],
      ['65000.2', '0.500'],
    ]);
  });

  it('never throws on bad frames, counts them, and leaves the book as it was', () => {
    feed.onFrame(book('snapshot', 1, [['65000.0', '1.000']], [['65000.1', '1.000']]));
    for (const bad of [
      'not json',
      '[]',
      JSON.stringify({
        topic: 'orderbook.50.BTCUSDT',
        type: 'delta',
        data: { s: 'BTCUSDT', u: 2 },
      }),
      book('delta', 2, [['65000.05', '1.000']], []),
      trade('abc', '1', 'Buy'),
      JSON.stringify({ topic: 'publicTrade.BTCUSDT', data: [{ p: '1', v: '1', S: 'Up' }] }),
    ]) {
      expect(() => feed.onFrame(bad)).not.toThrow();
    }
    expect(feed.stats().badFrames).toBe(6);
    expect(levels('bids')).toEqual([['65000.0', '1.000']]);
    feed.onFrame(JSON.stringify({ success: true, ret_msg: '', op: 'subscribe', conn_id: 'x' }));
    feed.onFrame(book('snapshot', 1, [['1.0', '1.000']], []).replace(/BTCUSDT/g, 'ETHUSDT'));
    expect(feed.stats().badFrames).toBe(6);
  });

  it('reports a symbol stale once its last upstream update is older than staleAfterMs', () => {
    expect(feed.stats()).toMatchObject({ maxStalenessMs: null, stale: ['BTCUSDT'] });
    feed.onFrame(book('snapshot', 1, [['65000.0', '1.000']], [['65000.1', '1.000']]));
    clock.advance(4_000);
    expect(feed.stats()).toMatchObject({ maxStalenessMs: 4_000, stale: [] });
    clock.advance(2_000);
    expect(feed.stats()).toMatchObject({ maxStalenessMs: 6_000, stale: ['BTCUSDT'] });
  });
});

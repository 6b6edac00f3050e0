import { ManualClock, toWire } from '@flotilla/core';
import { ImbalanceStrategy } from './imbalance-strategy';
import { toSignalJson } from './signal';
import { testStrategyParams } from './testing/strategy-params';
import type { StrategyParams } from './strategy-params';
import { bookEvent, fakeBook, tickerEvent, tradeEvent } from './testing/fake-book';

const SYMBOL = 'BTCUSDT';

/** A book with bid quote volume `bidQuote` and ask quote volume `askQuote`, one level each at 100/125 (exact quotients). */
function book(bidQuote: number, askQuote: number) {
  return bookEvent(
    fakeBook(SYMBOL, [['100', String(bidQuote / 100)]], [['125', String(askQuote / 125)]]),
  );
}

function setup(params: Partial<StrategyParams> = {}) {
  const clock = new ManualClock(1_000_000);
  const strategy = new ImbalanceStrategy({
    symbol: SYMBOL,
    clock,
    params: testStrategyParams(params),
  });
  return { clock, strategy };
}

describe('ImbalanceStrategy', () => {
  it('buys at exactly the buy threshold and sells at exactly the sell threshold', () => {
    const { clock, strategy } = setup();
    const buy = strategy.onBook(book(7500, 2500));
    expect(buy).toHaveLength(1);
    expect(buy[0].side).toBe('buy');
    expect(toWire(buy[0].signal.imbalance)).toBe('0.75');
    clock.advance(testStrategyParams().cooldownMs);
    const sell = strategy.onBook(book(2500, 7500));
    expect(sell.map((i) => i.side)).toEqual(['sell']);
    expect(toWire(sell[0].signal.imbalance)).toBe('0.25');
  });

  it('stays silent between the thresholds', () => {
    const { strategy } = setup();
    expect(strategy.onBook(book(7499, 2501))).toEqual([]);
    expect(strategy.onBook(book(2501, 7499))).toEqual([]);
    expect(toWire(strategy.snapshot().imbalance!)).toBe('0.2501');
  });

  it('measures volume in quote currency over the top depthLevels only', () => {
    const { strategy } = setup({ depthLevels: 2, minClusterVolume: '0' });
    const b = fakeBook(
      SYMBOL,
      [
        ['100', '1'],
        ['99', '2'],
        ['98', '1000'],
      ],
      [
        ['101', '1'],
        ['102', '1'],
        ['103', '1000'],
      ],
    );
    expect(strategy.onBook(bookEvent(b))).toEqual([]);
    // bids 100 + 198 = 298, asks 101 + 102 = 203; the third levels are ignored
    const seen = strategy.snapshot();
    expect(toWire(seen.bidVolume!)).toBe('298');
    expect(toWire(seen.askVolume!)).toBe('203');
  });

  it('needs minClusterVolume across both sides', () => {
    const { strategy } = setup();
    expect(strategy.onBook(book(7499, 2500))).toEqual([]);
    expect(strategy.onBook(book(7500, 2500))).toHaveLength(1);
  });

  it('holds a cooldown between signals, measured by the injected clock', () => {
    const { clock, strategy } = setup({ cooldownMs: 5000 });
    expect(strategy.onBook(book(9000, 3000))).toHaveLength(1);
    clock.advance(4999);
    expect(strategy.onBook(book(3000, 9000))).toEqual([]);
    clock.advance(1);
    const [again] = strategy.onBook(book(3000, 9000));
    expect(again.signal.at).toBe(1_005_000);
    expect(again.side).toBe('sell');
  });

  it('reports mid and spread and serialises the signal as strings', () => {
    const { strategy } = setup();
    const [intent] = strategy.onBook(book(9000, 3000));
    const json = toSignalJson(intent.signal);
    expect(json).toMatchObject({ symbol: SYMBOL, side: 'buy', mid: '112.5', spread: '25' });
    expect(json.at).toBe(new Date(1_000_000).toISOString());
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('ignores an empty or one-sided book', () => {
    const { strategy } = setup();
    expect(strategy.onBook(bookEvent(fakeBook(SYMBOL, [], [['1', '1']])))).toEqual([]);
    expect(strategy.onBook(bookEvent(fakeBook(SYMBOL, [['1', '0']], [['2', '0']])))).toEqual([]);
  });

  it('tracks taker trade flow over a bounded window', () => {
    const { clock, strategy } = setup({ tradeFlowWindowMs: 1000 });
    strategy.onTrade(
      tradeEvent(SYMBOL, [
        { price: '100', size: '2', side: 'buy' },
        { price: '100', size: '1', side: 'sell' },
      ]),
    );
    expect(toWire(strategy.snapshot().buyFlow)).toBe('200');
    expect(toWire(strategy.snapshot().sellFlow)).toBe('100');
    clock.advance(1001);
    strategy.onTimer(clock.now());
    expect(toWire(strategy.snapshot().buyFlow)).toBe('0');
  });

  it('carries the trade flow into the signal', () => {
    const { strategy } = setup();
    strategy.onTrade(tradeEvent(SYMBOL, [{ price: '100', size: '3', side: 'buy' }]));
    const [intent] = strategy.onBook(book(9000, 3000));
    expect(toWire(intent.signal.buyFlow)).toBe('300');
  });

  it('keeps the last price from whichever came last, ticker or trade', () => {
    const { strategy } = setup();
    expect(strategy.snapshot().lastPrice).toBeNull();
    expect(strategy.onTicker(tickerEvent(SYMBOL, '123.45'))).toEqual([]);
    expect(toWire(strategy.snapshot().lastPrice!)).toBe('123.45');
    strategy.onTrade(
      tradeEvent(SYMBOL, [
        { price: '123.5', size: '1', side: 'buy' },
        { price: '123.6', size: '1', side: 'sell' },
      ]),
    );
    expect(toWire(strategy.snapshot().lastPrice!)).toBe('123.6');
    strategy.onTicker(tickerEvent(SYMBOL, '123.7'));
    expect(toWire(strategy.snapshot().lastPrice!)).toBe('123.7');
  });
});

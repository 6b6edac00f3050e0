import { dec, type BookEvent, type StructuredLogger } from '@flotilla/core';
import type { MarketDataListener } from '@flotilla/engine';
import { ListenerSet } from './fan-out';
import { LocalOrderBook } from './local-order-book';
import { TickerState, tradeEvent } from './events';

function recorder(): MarketDataListener & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    onBook: (e) => events.push(`book:${e.book.updateId}`),
    onTrade: (e) => events.push(`trade:${e.trades.length}`),
    onTicker: (e) => events.push(`ticker:${e.lastPrice?.toFixed() ?? '-'}`),
  };
}

function logger(): StructuredLogger & { warns: unknown[] } {
  const warns: unknown[] = [];
  return {
    warns,
    debug: () => undefined,
    info: () => undefined,
    warn: (m, f) => warns.push([m, f]),
    error: () => undefined,
  };
}

const book = new LocalOrderBook('BTCUSDT');
book.applySnapshot([['1', '1']], [['2', '1']], 7);
const bookEvent: BookEvent = {
  kind: 'book',
  symbol: 'BTCUSDT',
  book,
  exchangeTs: 1,
  receivedAtMono: 2,
};

describe('ListenerSet', () => {
  it('delivers every event type to every listener even when one throws', () => {
    const log = logger();
    const set = new ListenerSet('BTCUSDT', log, () => 0);
    const thrower: MarketDataListener = {
      onBook: () => {
        throw new Error('boom');
      },
      onTrade: () => {
        throw new Error('boom');
      },
      onTicker: () => {
        throw new Error('boom');
      },
    };
    const a = recorder();
    const b = recorder();
    set.add(a);
    set.add(thrower);
    set.add(b);
    const ticker = new TickerState();
    ticker.merge({ lastPrice: '3.5' }, true);
    set.book(bookEvent);
    set.trade(tradeEvent('BTCUSDT', [{ T: 1, S: 'Sell', v: '0.1', p: '3', i: 'x' }], 0));
    set.ticker(ticker.event('BTCUSDT', 1, 0));
    expect(a.events).toEqual(['book:7', 'trade:1', 'ticker:3.5']);
    expect(b.events).toEqual(a.events);
    expect(set.errors).toBe(3);
    expect(log.warns).toHaveLength(1);
  });

  it('removes a listener once, and tolerates removal during dispatch', () => {
    const set = new ListenerSet('X', logger(), () => 0);
    const a = recorder();
    const selfRemoving: MarketDataListener = {
      ...recorder(),
      onBook: () => void set.remove(selfRemoving),
    };
    set.add(selfRemoving);
    set.add(a);
    set.book(bookEvent);
    expect(a.events).toEqual(['book:7']);
    expect(set.size).toBe(1);
    expect(set.remove(selfRemoving)).toBe(false);
  });
});

describe('events', () => {
  it('merges partial ticker deltas and a snapshot replaces', () => {
    const t = new TickerState();
    t.merge({ lastPrice: '10', bid1Price: '9', ask1Price: '11', markPrice: '10.1' }, true);
    t.merge({ lastPrice: '10.5' }, false);
    const e = t.event('X', 5, 6);
    expect([e.lastPrice, e.bid, e.ask, e.markPrice].map((d) => d?.toFixed())).toEqual([
      '10.5',
      '9',
      '11',
      '10.1',
    ]);
    t.merge({ lastPrice: '12' }, true);
    expect(t.event('X', 5, 6).bid).toBeUndefined();
  });

  it('makes trade decimals exactly from the venue strings', () => {
    const e = tradeEvent('X', [{ T: 9, S: 'Buy', v: '0.30000000000000004', p: '0.1', i: 't1' }], 1);
    const [t] = e.trades;
    expect(t.size.eq(dec('0.30000000000000004'))).toBe(true);
    expect(t.price.toFixed()).toBe('0.1');
    expect([t.side, t.id, t.ts]).toEqual(['buy', 't1', 9]);
  });
});

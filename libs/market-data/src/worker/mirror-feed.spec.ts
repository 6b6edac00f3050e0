import { silentLogger, type BookEvent, type TickerEvent, type TradeEvent } from '@flotilla/core';
import { MirrorFeed } from './mirror-feed';

function setup() {
  const feed = new MirrorFeed('SOLUSDT', 0, 50, silentLogger);
  const books: BookEvent[] = [];
  const bookIds: number[] = [];
  const trades: TradeEvent[] = [];
  const tickers: TickerEvent[] = [];
  feed.listeners.add({
    onBook: (e) => {
      books.push(e);
      bookIds.push(e.book.updateId);
    },
    onTrade: (e) => trades.push(e),
    onTicker: (e) => tickers.push(e),
  });
  return { feed, books, bookIds, trades, tickers };
}

describe('MirrorFeed (the main thread side of a worker-ingested symbol)', () => {
  it('applies a snapshot update and converts the arrival to this thread', () => {
    const { feed, books } = setup();
    feed.apply(
      ['b', 'SOLUSDT', 7, 1_000, 5_250.5, 1, ['100.1', '2', '100.0', '1'], ['100.2', '3']],
      5_000,
    );
    expect(books).toHaveLength(1);
    expect(books[0]).toMatchObject({ exchangeTs: 1_000, receivedAtMono: 250.5 });
    expect(feed.book.updateId).toBe(7);
    expect(feed.book.rawLevels('bid')).toEqual([
      ['100.1', '2'],
      ['100.0', '1'],
    ]);
    expect(feed.book.quoteVolume('ask', 5).toString()).toBe('300.6');
    expect(feed.lastMessageAt).toBe(5_251);
  });

  it("applies an update whose levels went as numbers ('n'), from its offset in the batch", () => {
    const { feed, books } = setup();
    // two levels a side from offset 4: price, its decimals, size, its decimals
    const levels = Float64Array.from([9, 9, 9, 9, 100.1, 1, 2, 0, 100, 1, 1, 0, 100.2, 1, 3, 0]);
    expect(feed.apply(['n', 'SOLUSDT', 7, 1_000, 5_250.5, 1, 4, 2, 1], 5_000, levels)).toBe(true);
    expect(books[0]).toMatchObject({ exchangeTs: 1_000, receivedAtMono: 250.5 });
    expect(feed.book.rawLevels('bid')).toEqual([
      ['100.1', '2'],
      ['100.0', '1'],
    ]);
    expect(feed.book.rawLevels('ask')).toEqual([['100.2', '3']]);
    // a delta that deletes the best bid (size 0)
    const delta = Float64Array.from([100.1, 1, 0, 0]);
    expect(feed.apply(['n', 'SOLUSDT', 8, 1_001, 5_251, 0, 0, 1, 0], 5_000, delta)).toBe(true);
    expect(feed.book.rawLevels('bid')).toEqual([['100.0', '1']]);
    // without its batch's levels it cannot apply: the hub asks for the whole book
    expect(feed.apply(['n', 'SOLUSDT', 9, 1_002, 5_252, 0, 0, 1, 0], 5_000, null)).toBe(false);
  });

  it("a lost sync ('u') empties the book until the next book event", () => {
    const { feed, bookIds } = setup();
    feed.apply(['b', 'SOLUSDT', 7, 1, 1, 1, ['100', '1'], ['101', '1']], 0);
    feed.apply(['u', 'SOLUSDT'], 0);
    expect(feed.book.synced).toBe(false);
    expect(feed.book.bids(5)).toEqual([]);
    feed.apply(['b', 'SOLUSDT', 9, 2, 2, 1, ['99', '1'], ['101', '1']], 0);
    expect(feed.book.synced).toBe(true);
    expect(bookIds).toEqual([7, 9]);
  });

  it('applies deltas in sequence; one out of sequence is refused (the hub then asks for the whole book)', () => {
    const { feed, bookIds } = setup();
    expect(feed.apply(['b', 'SOLUSDT', 7, 1, 1, 1, ['100', '1'], ['101', '1']], 0)).toBe(true);
    expect(feed.apply(['b', 'SOLUSDT', 8, 2, 2, 0, ['100.5', '3', '100', '0'], []], 0)).toBe(true);
    expect(feed.book.rawLevels('bid')).toEqual([['100.5', '3']]);
    expect(feed.apply(['b', 'SOLUSDT', 10, 3, 3, 0, ['99', '1'], []], 0)).toBe(false);
    expect(feed.book.synced).toBe(false);
    expect(bookIds).toEqual([7, 8]);
  });

  it('a crossed mirror is not delivered', () => {
    const { feed, books } = setup();
    feed.apply(['b', 'SOLUSDT', 3, 1, 1, 1, ['101', '1'], ['100', '1']], 0);
    expect(books).toHaveLength(0);
  });

  it('rebuilds trades in order and the merged ticker', () => {
    const { feed, trades, tickers } = setup();
    feed.apply(['t', 'SOLUSDT', 10, ['a', '100', '1', 'Buy', 5, 'b', '101', '2', 'Sell', 6]], 0);
    expect(trades[0].trades.map((t) => [t.id, t.price.toString(), t.side, t.ts])).toEqual([
      ['a', '100', 'buy', 5],
      ['b', '101', 'sell', 6],
    ]);
    expect(trades[0].receivedAtMono).toBe(10);
    feed.apply(['k', 'SOLUSDT', 3, 4, '100.5', '100.4', null, '100.45'], 0);
    expect(tickers[0].lastPrice?.toString()).toBe('100.5');
    expect(tickers[0].ask).toBeUndefined();
    expect(tickers[0].markPrice?.toString()).toBe('100.45');
  });

  it('keeps the health the worker last reported', () => {
    const { feed } = setup();
    const health = {
      connected: true,
      lastMessageAt: 1,
      reconnects: 2,
      gaps: 1,
      malformed: 0,
      resyncs: 1,
      resyncsDeferred: 0,
      staleResubscribes: 0,
    };
    feed.apply(['h', 'SOLUSDT', health], 0);
    expect(feed.health).toEqual(health);
  });
});

import { LocalOrderBook } from './local-order-book';

function seeded(depth = 50): LocalOrderBook {
  const book = new LocalOrderBook('BTCUSDT', depth);
  book.applySnapshot(
    [
      ['100.0', '1'],
      ['99.5', '2'],
    ],
    [
      ['100.5', '3'],
      ['101', '4'],
    ],
    10,
  );
  return book;
}

describe('LocalOrderBook', () => {
  it('keeps levels best-first as exact decimals', () => {
    const book = seeded();
    book.applyDelta([['99.7', '5']], [['100.7', '0.001']], 11);
    expect(book.rawLevels('bid')).toEqual([
      ['100.0', '1'],
      ['99.7', '5'],
      ['99.5', '2'],
    ]);
    expect(book.rawLevels('ask')).toEqual([
      ['100.5', '3'],
      ['100.7', '0.001'],
      ['101', '4'],
    ]);
    expect(book.bestBid()?.price.toFixed()).toBe('100');
    expect(book.asks(2).map((l) => l.size.toFixed())).toEqual(['3', '0.001']);
    expect(book.updateId).toBe(11);
  });

  it('sums quote volume over the top levels of a side, after deltas', () => {
    const book = seeded();
    book.applyDelta([['99.7', '5']], [['100.5', '0']], 11);
    // bids 100.0 x 1 + 99.7 x 5 (+ 99.5 x 2 at depth 3); asks 101 x 4 once 100.5 is deleted
    expect(book.quoteVolume('bid', 2).toFixed()).toBe('598.5');
    expect(book.quoteVolume('bid', 3).toFixed()).toBe('797.5');
    expect(book.quoteVolume('bid', 50).toFixed()).toBe('797.5');
    expect(book.quoteVolume('ask', 10).toFixed()).toBe('404');
    book.invalidate();
    expect(book.quoteVolume('bid', 10).toFixed()).toBe('0');
  });

  it('deletes a level on size "0" and updates a level in place', () => {
    const book = seeded();
    expect(book.applyDelta([['99.5', '0']], [['100.5', '7.25']], 11)).toBe('applied');
    expect(book.rawLevels('bid')).toEqual([['100.0', '1']]);
    expect(book.rawLevels('ask')[0]).toEqual(['100.5', '7.25']);
    expect(book.applyDelta([['42', '0.000']], [], 12)).toBe('applied');
    expect(book.rawLevels('bid')).toHaveLength(1);
  });

  it('treats a gap in update ids as a gap and clears the book', () => {
    const book = seeded();
    expect(book.applyDelta([['99', '1']], [], 12)).toBe('gap');
    expect(book.synced).toBe(false);
    expect(book.bids(10)).toEqual([]);
    expect(book.applyDelta([['99', '1']], [], 13)).toBe('unsynced');
  });

  it('treats an out-of-order (older or repeated) delta as a gap', () => {
    const book = seeded();
    expect(book.applyDelta([], [], 11)).toBe('applied');
    expect(book.applyDelta([], [], 11)).toBe('gap');
    expect(book.synced).toBe(false);
  });

  it('ignores deltas before the first snapshot', () => {
    const book = new LocalOrderBook('ETHUSDT');
    expect(book.applyDelta([['1', '1']], [], 1)).toBe('unsynced');
    expect(book.bestBid()).toBeUndefined();
  });

  it('detects a crossed book and clears it', () => {
    const book = seeded();
    expect(book.applyDelta([['100.5', '1']], [], 11)).toBe('crossed');
    expect(book.synced).toBe(false);
    expect(book.bestAsk()).toBeUndefined();
  });

  it('lets a new snapshot replace the book at any time, even after a gap', () => {
    const book = seeded();
    book.applyDelta([], [], 99);
    expect(book.applySnapshot([['50', '1']], [['51', '1']], 1)).toBe('applied');
    expect(book.rawLevels('bid')).toEqual([['50', '1']]);
    expect(book.rawLevels('ask')).toEqual([['51', '1']]);
    expect(book.applyDelta([['49', '2']], [], 2)).toBe('applied');
  });

  it('bounds each side to its depth, dropping the worst levels', () => {
    const book = new LocalOrderBook('SOLUSDT', 3);
    const bids = Array.from({ length: 10 }, (_, i) => [`${100 - i}`, '1'] as [string, string]);
    const asks = Array.from({ length: 10 }, (_, i) => [`${101 + i}`, '1'] as [string, string]);
    book.applySnapshot(bids, asks, 1);
    expect(book.rawLevels('bid').map((l) => l[0])).toEqual(['100', '99', '98']);
    expect(book.rawLevels('ask').map((l) => l[0])).toEqual(['101', '102', '103']);
    book.applyDelta([['99.5', '1']], [], 2);
    expect(book.rawLevels('bid').map((l) => l[0])).toEqual(['100', '99.5', '99']);
  });

  it('orders by numeric price, not by string', () => {
    const book = new LocalOrderBook('X', 50);
    book.applySnapshot(
      [
        ['9', '1'],
        ['10', '1'],
        ['9.5', '1'],
      ],
      [['11', '1']],
      1,
    );
    expect(book.rawLevels('bid').map((l) => l[0])).toEqual(['10', '9.5', '9']);
  });
});

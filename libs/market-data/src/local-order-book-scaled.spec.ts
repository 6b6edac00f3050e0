import type { RawLevels } from './local-order-book';
import { LocalOrderBook } from './local-order-book';
import { appendScaled } from './worker/scaled-wire';

/** A deterministic generator (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Levels around mid with prices of 0-3 decimals, sizes of 0-4 decimals, some zero sizes (deletes). */
function levels(random: () => number, side: 'bid' | 'ask', count: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < count; i++) {
    const offset = Math.floor(random() * 400) / 100 + 0.01;
    const price = (side === 'bid' ? 100 - offset : 100 + offset).toFixed(
      Math.floor(random() * 3) + 1,
    );
    const size = random() < 0.2 ? '0' : (random() * 50).toFixed(Math.floor(random() * 5));
    out.push([price, size]);
  }
  return out;
}

/** The same update as the worker sends it: levels read into numbers. */
function applyScaled(
  book: LocalOrderBook,
  snapshot: boolean,
  bids: RawLevels,
  asks: RawLevels,
  u: number,
) {
  const data: number[] = [7, 7, 7]; // the batch's earlier levels: the update starts at an offset
  expect(appendScaled(data, bids) && appendScaled(data, asks)).toBe(true);
  return book.applyScaled(snapshot, Float64Array.from(data), 3, bids.length, asks.length, u);
}

describe('LocalOrderBook.applyScaled (the mirror of a worker-ingested book)', () => {
  it.each([1, 2, 3, 4, 5])(
    'gives the same book as the texts, update by update (seed %i)',
    (seed) => {
      const random = rng(seed);
      const byText = new LocalOrderBook('SOLUSDT', 20);
      const byNumber = new LocalOrderBook('SOLUSDT', 20);
      let u = 1;
      for (let step = 0; step < 300; step++) {
        const snapshot = step % 100 === 0;
        const bids = levels(random, 'bid', snapshot ? 30 : Math.floor(random() * 6));
        const asks = levels(random, 'ask', snapshot ? 30 : Math.floor(random() * 6));
        const expected = snapshot
          ? byText.applySnapshot(bids, asks, u)
          : byText.applyDelta(bids, asks, u);
        expect(applyScaled(byNumber, snapshot, bids, asks, u)).toBe(expected);
        expect(byNumber.rawLevels('bid')).toEqual(byText.rawLevels('bid'));
        expect(byNumber.rawLevels('ask')).toEqual(byText.rawLevels('ask'));
        expect(byNumber.quoteVolume('bid', 5).toString()).toBe(
          byText.quoteVolume('bid', 5).toString(),
        );
        u++;
      }
    },
  );

  it('refuses a delta out of sequence or before a snapshot, as applyDelta does', () => {
    const book = new LocalOrderBook('SOLUSDT', 50);
    expect(applyScaled(book, false, [['100', '1']], [], 1)).toBe('unsynced');
    expect(applyScaled(book, true, [['100', '1']], [['101', '1']], 5)).toBe('applied');
    expect(applyScaled(book, false, [['100', '2']], [], 7)).toBe('gap');
    expect(book.synced).toBe(false);
  });

  it('tells who mirrors it when a synced book loses its sync, once per loss', () => {
    const lost: string[] = [];
    const book = new LocalOrderBook('SOLUSDT', 50, (s) => lost.push(s));
    book.invalidate(); // never synced: nothing to lose
    book.applySnapshot([['100', '1']], [['101', '1']], 1);
    book.applyDelta([['99', '1']], [], 3); // gap
    book.invalidate(); // already lost
    book.applySnapshot([['100', '1']], [['101', '1']], 4);
    book.applyDelta([['102', '1']], [], 5); // crossed
    expect(lost).toEqual(['SOLUSDT', 'SOLUSDT']);
  });
});

describe('appendScaled', () => {
  it('refuses a text a number cannot give back, leaving what was there', () => {
    const out = [1, 2];
    expect(
      appendScaled(out, [
        ['100', '1'],
        ['99', '1e-3'],
      ]),
    ).toBe(false);
    expect(out).toEqual([1, 2]);
    expect(appendScaled(out, [['0.1234567890123456', '1']])).toBe(false);
    expect(appendScaled(out, [['99.50', '0.000']])).toBe(true);
    expect(out).toEqual([1, 2, 99.5, 2, 0, 3]);
  });
});

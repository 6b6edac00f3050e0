import fc from 'fast-check';
import { Decimal, dec, type OrderBookView } from '@flotilla/core';
import { BookReading, measureBook, threshold } from './book-measures';
import { fakeBook } from './testing/fake-book';

type Levels = Array<[string, string]>;

const decimalString = (maxInt: number, maxScale: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: maxScale }))
    .map(([m, s]) => new Decimal(m).div(new Decimal(10).pow(s)).toFixed(s));

const levels: fc.Arbitrary<Levels> = fc.array(
  fc.tuple(decimalString(10_000_000, 4), decimalString(100_000_000, 6)),
  { minLength: 1, maxLength: 6 },
);

/** What the exact Decimal arithmetic decides (the strategy's rules before this reader). */
function reference(book: OrderBookView, depth: number, t: string, min: string) {
  const m = measureBook(book, depth);
  if (!m) return undefined;
  return {
    noVolume: m.imbalance === null,
    totalBelow: m.totalVolume.lt(min),
    atLeast: m.imbalance === null ? null : m.imbalance.gte(t),
    atMost: m.imbalance === null ? null : m.imbalance.lte(t),
    values: [m.bidVolume, m.askVolume, m.totalVolume, m.imbalance, m.mid, m.spread].map((v) =>
      v === null ? null : v.toFixed(),
    ),
  };
}

function decide(book: OrderBookView, depth: number, t: string, min: string) {
  const r = new BookReading(depth);
  if (!r.read(book)) return undefined;
  const noVolume = r.noVolume();
  const m = r.measures();
  return {
    noVolume,
    totalBelow: r.totalBelow(threshold(dec(min))),
    atLeast: noVolume ? null : r.imbalanceAtLeast(threshold(dec(t))),
    atMost: noVolume ? null : r.imbalanceAtMost(threshold(dec(t))),
    values: [m.bidVolume, m.askVolume, m.totalVolume, m.imbalance, m.mid, m.spread].map((v) =>
      v === null ? null : v.toFixed(),
    ),
  };
}

describe('BookReading', () => {
  it('decides as the exact arithmetic does, with and without the allocation-free read', () => {
    fc.assert(
      fc.property(
        levels,
        levels,
        fc.integer({ min: 1, max: 6 }),
        fc.oneof(decimalString(1000, 3), fc.constant('exact')),
        decimalString(10_000_000_000, 2),
        (bids, asks, depth, t, min) => {
          const slow = fakeBook('X', bids, asks, { scaled: false });
          // A threshold equal to the book's own imbalance is the boundary a double cannot call.
          const imbalance = measureBook(slow, depth)?.imbalance;
          const at = t === 'exact' ? (imbalance ?? dec('0.5')).toFixed() : t;
          const want = reference(slow, depth, at, min);
          expect(decide(slow, depth, at, min)).toEqual(want);
          expect(decide(fakeBook('X', bids, asks), depth, at, min)).toEqual(want);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('calls a margin closer than a double can tell on the Decimals', () => {
    // imbalance = 0.600000000001: 1e-12 above 0.6, far inside the doubles' doubt.
    const book = fakeBook('X', [['1', '600000000001']], [['1', '399999999999']]);
    const r = new BookReading(1);
    expect(r.read(book)).toBe(true);
    expect(r.imbalanceAtLeast(threshold(dec('0.6')))).toBe(true);
    expect(r.imbalanceAtLeast(threshold(dec('0.600000000002')))).toBe(false);
    expect(r.imbalanceAtMost(threshold(dec('0.600000000001')))).toBe(true);
    expect(r.imbalanceAtMost(threshold(dec('0.6000000000009')))).toBe(false);
    expect(r.totalBelow(threshold(dec('1000000000000')))).toBe(false);
    expect(r.totalBelow(threshold(dec('1000000000000.000001')))).toBe(true);
  });

  it('reads negative volumes (a negative price) through the Decimals', () => {
    const r = new BookReading(2);
    expect(r.read(fakeBook('X', [['-5', '2']], [['5', '2']]))).toBe(true);
    expect(r.noVolume()).toBe(true);
    expect(r.read(fakeBook('X', [['-5', '1']], [['5', '2']]))).toBe(true);
    expect(r.noVolume()).toBe(false);
    expect(r.measures().imbalance?.toFixed()).toBe('-1');
    expect(r.imbalanceAtMost(threshold(dec('0')))).toBe(true);
  });

  it('keeps the last reading while a side is empty', () => {
    const r = new BookReading(1);
    expect(r.present).toBe(false);
    expect(r.read(fakeBook('X', [['100', '1']], []))).toBe(false);
    expect(r.present).toBe(false);
    expect(r.read(fakeBook('X', [['100', '3']], [['101', '1']]))).toBe(true);
    expect(r.read(fakeBook('X', [], [['101', '1']]))).toBe(false);
    expect(r.present).toBe(true);
    expect(r.measures().bidVolume.toFixed()).toBe('300');
    expect(r.measures().mid.toFixed()).toBe('100.5');
  });
});

import fc from 'fast-check';
import { Decimal, ScaledDecimal } from '@flotilla/core';
import { BookSide, isZeroSize } from './book-side';

const Exact = Decimal.clone({ precision: 1000 });

/** A small deterministic PRNG so a failure reproduces. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function reference(levels: Map<string, string>, descending: boolean, depth: number): string {
  const sorted = [...levels.entries()].sort(([a], [b]) =>
    descending ? new Exact(b).cmp(new Exact(a)) : new Exact(a).cmp(new Exact(b)),
  );
  let total = new Exact(0);
  for (const [p, s] of sorted.slice(0, depth)) total = total.add(new Exact(p).mul(new Exact(s)));
  return total.toFixed();
}

describe('BookSide quote volume', () => {
  it.each([true, false])(
    'equals decimal.js over random updates and deletes (descending %s)',
    (descending) => {
      const rand = lcg(descending ? 7 : 11);
      const side = new BookSide(descending);
      const levels = new Map<string, string>();
      const got: string[] = [];
      const want: string[] = [];
      const scaled = new ScaledDecimal();
      const intoGot: string[] = [];
      const intoWant: string[] = [];
      let intoDeclined = 0;
      for (let step = 0; step < 3000; step++) {
        const price = (60000 + Math.floor(rand() * 400) / 10).toFixed(1);
        // Mostly exchange-like sizes; now and then one whose product leaves the safe range.
        const size =
          rand() < 0.2
            ? '0'
            : rand() < 0.02
              ? '123456789012.123456'
              : (Math.floor(rand() * 100000) / 1000).toFixed(3);
        side.set(price, size);
        if (size === '0') levels.delete(price);
        else levels.set(price, size);
        if (step % 97 === 0) {
          for (const depth of [1, 10, 50]) {
            const exact = reference(levels, descending, depth);
            got.push(side.quoteVolume(depth).toFixed());
            want.push(exact);
            // The allocation-free read agrees, or declines when a double cannot hold the sum.
            if (side.quoteVolumeInto(depth, scaled)) {
              intoGot.push(scaled.toDecimal().toFixed());
              intoWant.push(exact);
            } else intoDeclined++;
          }
        }
      }
      expect(got).toHaveLength(31 * 3);
      expect(got).toEqual(want);
      expect(intoGot.length).toBeGreaterThan(0);
      expect(intoGot).toEqual(intoWant);
      expect(intoDeclined).toBeGreaterThan(0);
    },
  );

  it('forgets cached volumes with the levels on trim and clear', () => {
    const side = new BookSide(true);
    side.set('100', '1');
    side.set('99', '2');
    side.set('98', '3');
    side.trim(2);
    expect(side.quoteVolume(10).toFixed()).toBe('298');
    side.set('97', '1');
    expect(side.quoteVolume(10).toFixed()).toBe('395');
    side.clear();
    expect(side.quoteVolume(10).toFixed()).toBe('0');
    side.set('50', '2');
    expect(side.quoteVolume(10).toFixed()).toBe('100');
  });
});

describe('BookSide venue texts', () => {
  it.each([true, false])(
    "gives back the venue's texts, plain or not, over random updates, deletes and trims (descending %s)",
    (descending) => {
      const rand = lcg(descending ? 19 : 23);
      // plain texts, trailing zeros, and texts a number cannot give back
      const prices = [
        '0.15992',
        '0.1600',
        '1.5',
        '12345678901234567',
        '2e-3',
        '97636',
        '0.0000001',
      ];
      const sizes = ['1', '1.50', '0.001', '123456789012.123456', '3e2', '0', '42.000'];
      const side = new BookSide(descending);
      const model = new Map<number, [string, string]>();
      const wrong: string[] = [];
      for (let step = 0; step < 5000; step++) {
        const price = prices[Math.floor(rand() * prices.length)];
        const size = sizes[Math.floor(rand() * sizes.length)];
        side.set(price, size);
        const key = Number(price);
        if (size === '0') model.delete(key);
        else model.set(key, [model.get(key)?.[0] ?? price, size]);
        if (step % 50 === 49) {
          const depth = 1 + Math.floor(rand() * prices.length);
          side.trim(depth);
          const keep = [...model.keys()]
            .sort((a, b) => (descending ? b - a : a - b))
            .slice(0, depth);
          for (const k of [...model.keys()]) if (!keep.includes(k)) model.delete(k);
        }
        const want = [...model.entries()].sort(([a], [b]) => (descending ? b - a : a - b));
        const got = Array.from({ length: side.length }, (_, i) => [
          side.priceAt(i),
          side.sizeAt(i),
        ]);
        if (JSON.stringify(got) !== JSON.stringify(want.map(([, v]) => v)))
          wrong.push(`step ${step}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
        const best = side.best();
        if (want.length > 0 && best?.price.toString() !== new Decimal(want[0][1][0]).toString())
          wrong.push(`step ${step}: best price`);
      }
      expect(wrong).toEqual([]);
    },
  );
});

describe('isZeroSize', () => {
  it("tells the venue's zero sizes from every other size string", () => {
    for (const zero of ['0', '0.0', '0.000', '.0', '0.', '00']) expect(isZeroSize(zero)).toBe(true);
    for (const size of ['1', '0.001', '10', '0.0.0', '0..0', '-0', '0e0', ' 0', '0x0'])
      expect(isZeroSize(size)).toBe(false);
  });

  it('agrees with the venue grammar /^0*\\.?0*$/ on any string of digits and dots', () => {
    const strings = fc
      .array(fc.constantFrom('0', '0', '0', '1', '9', '.', 'e', '-'), { maxLength: 8 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(strings, (s) => {
        expect(isZeroSize(s)).toBe(/^0*\.?0*$/.test(s));
      }),
      { numRuns: 2000 },
    );
  });
});

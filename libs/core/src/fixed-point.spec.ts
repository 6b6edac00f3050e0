import { Decimal } from './decimal';
import {
  productScale,
  ScaledDecimal,
  scaledProduct,
  sumOfProducts,
  sumScaled,
  sumScaledInto,
} from './fixed-point';

/** The reference: decimal.js with enough precision never to round (its default is 20 digits). */
const Exact = Decimal.clone({ precision: 1000 });

function slow(as: string[], bs: string[]): string {
  let t = new Exact(0);
  for (let i = 0; i < as.length; i++) t = t.add(new Exact(as[i]).mul(new Exact(bs[i])));
  return t.toFixed();
}

describe('sumOfProducts', () => {
  it('is zero for no terms', () => {
    expect(sumOfProducts([], [], 0).toFixed()).toBe('0');
  });

  it('sums price x size exactly across mixed scales', () => {
    const prices = ['65340.12', '65340.1', '65339', '0.00001234'];
    const sizes = ['1.234', '0.5', '12', '1000000'];
    expect(sumOfProducts(prices, sizes, 4).toFixed()).toBe(slow(prices, sizes));
    expect(sumOfProducts(prices, sizes, 4).toFixed()).toBe('897380.09808');
  });

  it('keeps precision that a float would lose', () => {
    const prices = ['0.1', '0.2'];
    const sizes = ['1', '1'];
    expect(sumOfProducts(prices, sizes, 2).toFixed()).toBe('0.3');
    const big = ['9007199254740993.5'];
    expect(sumOfProducts(big, ['3'], 1).toFixed()).toBe('27021597764222980.5');
  });

  it('handles signs, a bare fraction and a trailing dot', () => {
    const prices = ['-1.5', '.25', '2.'];
    const sizes = ['2', '-4', '0.5'];
    expect(sumOfProducts(prices, sizes, 3).toFixed()).toBe(slow(prices, sizes));
    expect(sumOfProducts(['-0.01'], ['0.5'], 1).toFixed()).toBe('-0.005');
  });

  it('uses only the first n terms', () => {
    expect(sumOfProducts(['1', '2', '3'], ['1', '1', '1'], 2).toFixed()).toBe('3');
  });

  it('falls back to decimal.js for exponent notation and still answers exactly', () => {
    expect(sumOfProducts(['1e-7', '2'], ['3', '0.5'], 2).toFixed()).toBe('1.0000003');
  });

  it('throws on a string that is not a number at all, like decimal.js', () => {
    expect(() => sumOfProducts(['abc'], ['1'], 1)).toThrow();
  });

  it('stays exact at the edge of the safe-integer range and beyond it', () => {
    const max = '9007199254740991'; // 2^53 - 1
    const cases: Array<[string[], string[]]> = [
      [[max], ['1']],
      [[max], ['-1']],
      ['9007199254740992'.split(' '), ['1']], // 2^53: one past the fast path
      [['4503599627370496'], ['2']], // product 2^53
      [['4503599627370495.5'], ['2']],
      [
        [max, max],
        ['1', '-1'],
      ], // the sum cancels, the terms do not fit together
      [
        ['900719925474099.1', '0.05'],
        ['1', '-180143985094819.82'],
      ], // rescaling overflows first
      [['0.000000000000001'], ['0.01']], // scale 17 > the fast path's table
    ];
    for (const [prices, sizes] of cases)
      expect(sumOfProducts(prices, sizes, prices.length).toFixed()).toBe(slow(prices, sizes));
  });

  it('treats an empty string or a lone sign as invalid, like decimal.js', () => {
    expect(() => sumOfProducts([''], ['1'], 1)).toThrow();
    expect(() => sumOfProducts(['-'], ['1'], 1)).toThrow();
    expect(() => sumOfProducts(['1'], ['.'], 1)).toThrow();
  });

  it('agrees with decimal.js on random books', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    // Magnitudes from 1 to 1e13 with up to 8 decimals: many sums fit the fast path, many do not.
    for (let round = 0; round < 1000; round++) {
      const n = 1 + Math.floor(rnd() * 20);
      const magnitude = 10 ** Math.floor(rnd() * 14);
      const prices = Array.from({ length: n }, () =>
        (rnd() * magnitude).toFixed(Math.floor(rnd() * 6)),
      );
      const sizes = Array.from({ length: n }, () =>
        ((rnd() < 0.2 ? -50 : 50) * rnd()).toFixed(Math.floor(rnd() * 8)),
      );
      expect(sumOfProducts(prices, sizes, n).toFixed()).toBe(slow(prices, sizes));
    }
  });
});

describe('scaledProduct and sumScaled', () => {
  it('keep a product as an exact scaled integer and sum terms of mixed scales', () => {
    const terms: Array<[string, string]> = [
      ['65340.12', '1.234'],
      ['0.00001234', '1000000'],
      ['-1.5', '2'],
      ['3', '7'],
    ];
    const mantissas = terms.map(([a, b]) => scaledProduct(a, b));
    const scales = terms.map(([a, b]) => productScale(a, b));
    expect(mantissas[0]).toBe(6534012 * 1234);
    expect(scales).toEqual([5, 8, 1, 0]);
    const prices = terms.map(([a]) => a);
    const sizes = terms.map(([, b]) => b);
    expect(sumScaled(mantissas, scales, 4)?.toFixed()).toBe(slow(prices, sizes));
    expect(sumScaled(mantissas, scales, 2)?.toFixed()).toBe(
      slow(prices.slice(0, 2), sizes.slice(0, 2)),
    );
  });

  it('say NaN / null rather than round, so the caller can take the exact slow path', () => {
    expect(scaledProduct('9007199254740991', '2')).toBeNaN();
    expect(scaledProduct('1e-7', '3')).toBeNaN();
    expect(scaledProduct('abc', '1')).toBeNaN();
    expect(sumScaled([NaN], [0], 1)).toBeNull();
    expect(sumScaled([9007199254740991, 1], [0, 0], 2)).toBeNull();
    expect(sumScaled([9007199254740991, 1], [0, 1], 2)).toBeNull();
    expect(sumScaled([], [], 0)?.toFixed()).toBe('0');
  });
});

describe('sumScaledInto and ScaledDecimal', () => {
  it('hold the same exact sum as sumScaled, as a Decimal and as the nearest double', () => {
    const mantissas = [6534012 * 1234, 1234000000, -30, 3];
    const scales = [5, 8, 1, 0];
    const out = new ScaledDecimal();
    expect(sumScaledInto(mantissas, scales, 4, out)).toBe(true);
    expect(out.toDecimal().toFixed()).toBe(sumScaled(mantissas, scales, 4)?.toFixed());
    expect(out.toNumber()).toBe(Number(sumScaled(mantissas, scales, 4)?.toFixed()));
    expect(sumScaledInto([], [], 0, out)).toBe(true);
    expect(out.toDecimal().toFixed()).toBe('0');
  });

  it('leave out as it was when the sum cannot be exact', () => {
    const out = new ScaledDecimal();
    expect(sumScaledInto([125], [2], 1, out)).toBe(true);
    expect(sumScaledInto([9007199254740991, 1], [0, 0], 2, out)).toBe(false);
    expect(sumScaledInto([NaN], [0], 1, out)).toBe(false);
    expect(out.toDecimal().toFixed()).toBe('1.25');
  });
});

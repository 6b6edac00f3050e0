import { Decimal } from './decimal';
import { sumOfProducts } from './fixed-point';

function slow(as: string[], bs: string[]): string {
  let t = new Decimal(0);
  for (let i = 0; i < as.length; i++) t = t.add(new Decimal(as[i]).mul(new Decimal(bs[i])));
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

  it('agrees with decimal.js on random books', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rnd() * 20);
      const prices = Array.from({ length: n }, () =>
        (rnd() * 100000).toFixed(Math.floor(rnd() * 6)),
      );
      const sizes = Array.from({ length: n }, () => (rnd() * 50).toFixed(Math.floor(rnd() * 8)));
      expect(sumOfProducts(prices, sizes, n).toFixed()).toBe(slow(prices, sizes));
    }
  });
});

import { levelText, mantissaOf, plainScale } from './level-text';

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** A plain decimal text of 1 to 15 significant digits, trailing zeros included now and then. */
function randomPlain(rand: () => number): string {
  const digits = 1 + Math.floor(rand() * 15);
  let d = String(1 + Math.floor(rand() * 9));
  for (let i = 1; i < digits; i++) d += String(Math.floor(rand() * 10));
  const point = Math.floor(rand() * (digits + 8)) - 4; // digits before the point; may be negative
  if (point >= digits) return d + '0'.repeat(Math.min(15 - digits, Math.floor(rand() * 3)));
  if (point <= 0) return `0.${'0'.repeat(-point)}${d}`;
  return `${d.slice(0, point)}.${d.slice(point)}`;
}

describe('plainScale / levelText / mantissaOf (a book level as a number)', () => {
  it.each([
    ['0.15992', 5],
    ['97636', 0],
    ['1.50', 2],
    ['0', 0],
    ['0.000012345', 9],
    ['123456789012345', 0],
    ['12345678901234.5', 1],
  ])('keeps %s as a number with %d decimals', (text, scale) => {
    expect(plainScale(text)).toBe(scale);
    expect(levelText(Number(text), scale, undefined)).toBe(text);
  });

  it.each([
    ['more than 15 significant digits', '1234567890123456'],
    ['more than 15 significant digits after the point', '0.1234567890123456'],
    ['exponent notation', '1e-7'],
    ['a sign', '-1.5'],
    ['a leading zero', '007'],
    ['a leading zero before the point', '00.5'],
    ['a bare point', '1.'],
    ['a leading point', '.5'],
    ['two points', '1.2.3'],
    ['nothing', ''],
    ['spaces', ' 1'],
  ])('keeps the text of %s', (_name, text) => {
    expect(plainScale(text)).toBe(-1);
    expect(levelText(NaN, -1, text)).toBe(text);
  });

  it('gives back every plain text of up to 15 significant digits, and its exact mantissa', () => {
    const rand = lcg(3);
    const wrong: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const text = randomPlain(rand);
      const scale = plainScale(text);
      if (scale < 0) wrong.push(`refused ${text}`);
      const value = Number(text);
      if (levelText(value, scale, undefined) !== text) wrong.push(`${text} came back changed`);
      const exact = BigInt(text.replace('.', ''));
      if (scale <= 22 && BigInt(mantissaOf(value, scale)) !== exact)
        wrong.push(`mantissa of ${text}`);
    }
    expect(wrong).toEqual([]);
  });

  it('declines a mantissa where powers of ten are no longer exact', () => {
    expect(mantissaOf(1e-23, 23)).toBeNaN();
    expect(mantissaOf(0.15992, 5)).toBe(15992);
  });
});

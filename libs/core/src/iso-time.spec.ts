import { isoOrNull, isoUtc } from './iso-time';

describe('isoUtc', () => {
  it('is Date#toISOString for every millisecond it is asked, in any order', () => {
    const base = Date.UTC(2026, 10, 30, 23, 59, 58);
    const samples = [0, 1, 999, 1000, 1001, 1999, 2000, 2001, 5, 1500, 3_600_000, 86_400_123];
    for (const offset of [...samples, ...samples.reverse()]) {
      const ms = base + offset;
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
    for (let ms = base; ms < base + 3000; ms += 7)
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
  });

  it('falls back to Date for fractions, negatives and out-of-range values', () => {
    expect(isoUtc(1.5)).toBe(new Date(1.5).toISOString());
    expect(isoUtc(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoUtc(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(() => isoUtc(Number.NaN)).toThrow(RangeError);
  });

  it('passes null through', () => {
    expect(isoOrNull(null)).toBeNull();
    expect(isoOrNull(86_400_000)).toBe('1970-01-02T00:00:00.000Z');
  });
});

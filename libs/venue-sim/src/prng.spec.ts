import { buildInstruments, gridOf } from './instruments';
import { Market } from './market';
import { Prng, seedFor } from './prng';
import { formatUnits, parseUnits, scaleOf } from './units';

function marketFor(symbol: string, seed: number): Market {
  const spec = buildInstruments(seed, 3).find((s) => s.symbol === symbol);
  if (!spec) throw new Error(symbol);
  return new Market(gridOf(spec), new Prng(seedFor(seed, symbol)), 0);
}

describe('Prng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('keeps int() inside its inclusive bounds and reaches both ends', () => {
    const rng = new Prng(7);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(1, 5)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives each symbol its own stream', () => {
    expect(seedFor(42, 'BTCUSDT')).not.toBe(seedFor(42, 'ETHUSDT'));
    expect(seedFor(42, 'BTCUSDT')).toBe(seedFor(42, 'BTCUSDT'));
  });
});

describe('Market determinism', () => {
  it('replays the same book, u and trades for the same seed', () => {
    const a = marketFor('BTCUSDT', 42);
    const b = marketFor('BTCUSDT', 42);
    for (let i = 0; i < 300; i++) {
      expect(b.step(i * 100)).toEqual(a.step(i * 100));
    }
    expect(b.book.bids.levels(200)).toEqual(a.book.bids.levels(200));
    expect(b.book.asks.levels(200)).toEqual(a.book.asks.levels(200));
    expect(b.u).toBe(a.u);
  });

  it('diverges for a different seed', () => {
    const a = marketFor('ETHUSDT', 1);
    const b = marketFor('ETHUSDT', 2);
    for (let i = 0; i < 50; i++) {
      a.step(i);
      b.step(i);
    }
    expect(b.book.bids.levels(20)).not.toEqual(a.book.bids.levels(20));
  });

  it('does not change a major symbol when synthetic symbols are added', () => {
    const spec = (n: number) => buildInstruments(42, n).find((s) => s.symbol === 'SOLUSDT');
    expect(spec(0)).toEqual(spec(500));
    expect(buildInstruments(42, 2).map((s) => s.symbol)).toContain('SYN0002USDT');
  });
});

describe('units', () => {
  it('formats and parses fixed-scale integers without float drift', () => {
    expect(formatUnits(650001, 1)).toBe('65000.1');
    expect(formatUnits(5, 3)).toBe('0.005');
    expect(formatUnits(12n, 0)).toBe('12');
    expect(parseUnits('0.10', 2)).toBe(10);
    expect(parseUnits('0.105', 2)).toBeNull();
    expect(parseUnits('1e3', 2)).toBeNull();
    expect(scaleOf('0.010')).toBe(3);
    expect(scaleOf('1')).toBe(0);
  });
});

import { buildInstruments, gridOf, InstrumentSpec } from './instruments';
import { Market } from './market';
import { BOOK_DEPTHS, BookDepth, TickLevel } from './order-book';
import { Prng, seedFor } from './prng';
import { parseUnits } from './units';
import { bookSnapshot, wireLevels } from './wire';

const SPECS = buildInstruments(42, 5);

function marketFor(spec: InstrumentSpec): Market {
  return new Market(gridOf(spec), new Prng(seedFor(42, spec.symbol)), 0);
}

/** A subscriber's local book: snapshot, then deltas where size 0 deletes. */
class ClientBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  constructor(snapshot: { bids: TickLevel[]; asks: TickLevel[] }) {
    for (const [p, s] of snapshot.bids) this.bids.set(p, s);
    for (const [p, s] of snapshot.asks) this.asks.set(p, s);
  }

  apply(delta: { bids: TickLevel[]; asks: TickLevel[] }): void {
    for (const [side, levels] of [
      [this.bids, delta.bids],
      [this.asks, delta.asks],
    ] as const) {
      for (const [p, s] of levels) {
        if (s === 0) side.delete(p);
        else side.set(p, s);
      }
    }
  }

  top(): { bids: TickLevel[]; asks: TickLevel[] } {
    return {
      bids: [...this.bids].sort((a, b) => b[0] - a[0]),
      asks: [...this.asks].sort((a, b) => a[0] - b[0]),
    };
  }
}

describe('Market book deltas', () => {
  it.each(BOOK_DEPTHS)('keep a depth-%i subscriber equal to the venue book', (depth: BookDepth) => {
    for (const spec of SPECS.slice(0, 8)) {
      const market = marketFor(spec);
      const client = new ClientBook({
        bids: market.book.bids.levels(depth),
        asks: market.book.asks.levels(depth),
      });
      let sawDelete = false;
      for (let i = 0; i < 400; i++) {
        market.step(i * 100);
        const delta = market.delta(depth);
        expect(delta.bids.length + delta.asks.length).toBeGreaterThan(0);
        sawDelete ||= [...delta.bids, ...delta.asks].some(([, s]) => s === 0);
        client.apply(delta);
      }
      expect(client.top()).toEqual({
        bids: market.book.bids.levels(depth),
        asks: market.book.asks.levels(depth),
      });
      expect(sawDelete || depth === 1).toBe(true);
    }
  });

  it('never crosses and keeps at least 200 levels per side', () => {
    const market = marketFor(SPECS[0]);
    for (let i = 0; i < 1000; i++) {
      market.step(i);
      const bid = market.book.bids.best() ?? 0;
      const ask = market.book.asks.best() ?? 0;
      expect(bid).toBeLessThan(ask);
      expect(market.book.bids.count).toBeGreaterThanOrEqual(200);
      expect(market.book.asks.count).toBeGreaterThanOrEqual(200);
    }
  });

  it('prints every price and size on the tick and step grid', () => {
    for (const spec of SPECS) {
      const market = marketFor(spec);
      for (let i = 0; i < 50; i++) market.step(i);
      const grid = gridOf(spec);
      const snapshot = bookSnapshot(market, 200);
      const decimals = new RegExp(`^\\d+\\.\\d{${spec.priceScale}}$|^\\d+$`);
      for (const [price, size] of [...snapshot.b, ...snapshot.a]) {
        expect(price).toMatch(decimals);
        expect((parseUnits(price, spec.priceScale) ?? 0.5) % grid.unitsPerTick).toBe(0);
        const sizeUnits = parseUnits(size, grid.qtyScale);
        expect(sizeUnits).not.toBeNull();
        expect((sizeUnits ?? 0) % grid.unitsPerStep).toBe(0);
        expect(sizeUnits).toBeGreaterThan(0);
      }
      expect(wireLevels(market, [[1, 0]])[0][1]).toMatch(/^0(\.0+)?$/);
    }
  });

  it('swings top-10 imbalance past 0.75 and below 0.25 within two minutes at 10 Hz', () => {
    for (const spec of SPECS.slice(0, 7)) {
      const market = marketFor(spec);
      let max = 0;
      let min = 1;
      for (let i = 0; i < 1200; i++) {
        market.step(i * 100);
        const bid = market.book.bids.volume(10);
        const ask = market.book.asks.volume(10);
        const imbalance = bid / (bid + ask);
        max = Math.max(max, imbalance);
        min = Math.min(min, imbalance);
      }
      expect(max).toBeGreaterThanOrEqual(0.75);
      expect(min).toBeLessThanOrEqual(0.25);
    }
  });

  it('skips exactly one u after a gap request', () => {
    const market = marketFor(SPECS[1]);
    market.step(1);
    const before = market.u;
    market.skipNextUpdateId();
    market.step(2);
    expect(market.u).toBe(before + 2);
    market.step(3);
    expect(market.u).toBe(before + 3);
  });
});

import { ManualClock } from '@flotilla/core';
import { startVenueSim, type VenueSim } from '@flotilla/venue-sim';

/** Update ids of every symbol, to see which stepped. */
const ids = (sim: VenueSim) => sim.symbols().map((s) => sim.book(s, 1).u);

describe('venue-sim timer-driven market', () => {
  let sim: VenueSim | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('spreads one interval over phases: each symbol steps once per interval, a share at a time', async () => {
    const clock = new ManualClock();
    sim = await startVenueSim({ rateHz: 10, phases: 10, synthetic: 13, seed: 5, clock });
    const n = sim.symbols().length;
    expect(n).toBe(20);
    const before = ids(sim);
    clock.advance(10);
    const afterOne = ids(sim);
    const stepped = afterOne.map((u, i) => u !== before[i]);
    expect(stepped).toEqual(before.map((_, i) => i % 10 === 0));
    clock.advance(90);
    const afterInterval = ids(sim);
    expect(afterInterval.every((u, i) => u > before[i])).toBe(true);
    // Exactly one update per symbol per interval, over many intervals.
    clock.advance(1000);
    const afterEleven = ids(sim);
    const deltas = afterEleven.map((u, i) => u - before[i]);
    expect(new Set(deltas).size).toBe(1);
    expect(deltas[0]).toBe(11);
  });

  it('with one phase steps every symbol at once, as a burst', async () => {
    const clock = new ManualClock();
    sim = await startVenueSim({ rateHz: 10, phases: 1, synthetic: 3, seed: 5, clock });
    const before = ids(sim);
    clock.advance(99);
    expect(ids(sim)).toEqual(before);
    clock.advance(1);
    expect(ids(sim).every((u, i) => u === before[i] + 1)).toBe(true);
  });

  it('refuses a phase count outside [1, 1000]', async () => {
    await expect(startVenueSim({ phases: 0 })).rejects.toThrow(/phases must be an integer/);
  });
});

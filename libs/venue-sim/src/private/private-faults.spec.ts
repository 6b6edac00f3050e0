import { ManualClock } from '@flotilla/core';
import { PrivateFaults } from './private-faults';

function fates(seed: number, n: number): string[] {
  const faults = new PrivateFaults(new ManualClock(0), seed);
  faults.add({ type: 'timeout-after-accept', share: 0.3 });
  return Array.from({ length: n }, () => faults.createFate().kind);
}

describe('PrivateFaults', () => {
  it('hits about the given share of creates, the same ones under the same seed', () => {
    const a = fates(7, 1000);
    expect(a).toEqual(fates(7, 1000));
    expect(a).not.toEqual(fates(8, 1000));
    const hits = a.filter((k) => k === 'timeout-after-accept').length;
    expect(hits).toBeGreaterThan(240);
    expect(hits).toBeLessThan(360);
  });

  it('rejects with the given retCode before drawing a timeout, and expires on the clock', () => {
    const clock = new ManualClock(0);
    const faults = new PrivateFaults(clock, 1);
    faults.add({ type: 'reject', retCode: 110007, durationMs: 100 });
    faults.add({ type: 'timeout-after-accept', durationMs: 200 });
    expect(faults.createFate()).toEqual({ kind: 'reject', retCode: 110007 });
    clock.advance(100);
    expect(faults.createFate()).toEqual({ kind: 'timeout-after-accept' });
    clock.advance(100);
    expect(faults.createFate()).toEqual({ kind: 'normal' });
    expect(faults.list()).toEqual([]);
  });

  it('spends counted faults call by call', () => {
    const faults = new PrivateFaults(new ManualClock(0), 1);
    faults.add({ type: 'rate-limit', count: 2 });
    faults.add({ type: 'server-error', count: 1, status: 502 });
    expect([faults.takeRateLimit(), faults.takeRateLimit(), faults.takeRateLimit()]).toEqual([
      true,
      true,
      false,
    ]);
    expect(faults.takeServerError()).toBe(502);
    expect(faults.takeServerError()).toBeUndefined();
  });

  it('adds the newest latency until it expires', () => {
    const clock = new ManualClock(0);
    const faults = new PrivateFaults(clock, 1);
    expect(faults.latencyMs()).toBe(0);
    faults.add({ type: 'latency', latencyMs: 50, durationMs: 1000 });
    faults.add({ type: 'latency', latencyMs: 80, durationMs: 10 });
    expect(faults.latencyMs()).toBe(80);
    clock.advance(10);
    expect(faults.latencyMs()).toBe(50);
  });
});

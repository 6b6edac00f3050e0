import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles from 1 s up to the 30 s cap with equal jitter', () => {
    const top = new Backoff({ random: () => 0.999999 });
    const bottom = new Backoff({ random: () => 0 });
    const tops = Array.from({ length: 8 }, () => top.nextDelayMs());
    const bottoms = Array.from({ length: 8 }, () => bottom.nextDelayMs());
    expect(tops).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(bottoms).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it('uses the injected random for the jittered half', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.5 });
    expect([b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs()]).toEqual([75, 150, 300]);
  });

  it('resets after a connection stayed healthy for resetAfterMs', () => {
    const b = new Backoff({
      initialMs: 100,
      maxMs: 10_000,
      resetAfterMs: 60_000,
      random: () => 0.999999,
    });
    b.nextDelayMs();
    b.nextDelayMs();
    b.nextDelayMs();
    b.markConnected(1_000);
    b.markDisconnected(61_000);
    expect(b.attempts).toBe(0);
    expect(b.nextDelayMs()).toBe(100);
  });

  it('keeps climbing when the connection drops before it was healthy long enough', () => {
    const b = new Backoff({
      initialMs: 100,
      maxMs: 10_000,
      resetAfterMs: 60_000,
      random: () => 0.999999,
    });
    b.nextDelayMs();
    b.nextDelayMs();
    b.markConnected(1_000);
    b.markDisconnected(60_999);
    expect(b.nextDelayMs()).toBe(400);
  });

  it("without jitter doubles exactly, the registry's and the boot retry's schedule", () => {
    const b = new Backoff({ initialMs: 100, maxMs: 400, jitter: 'none', random: () => 0 });
    expect(Array.from({ length: 5 }, () => b.nextDelayMs())).toEqual([100, 200, 400, 400, 400]);
    b.reset();
    expect(b.nextDelayMs()).toBe(100);
  });

  it('draws once per step from the injected random', () => {
    const draws: number[] = [0.2, 0.8];
    const b = new Backoff({ initialMs: 1000, random: () => draws.shift() ?? 0 });
    expect([b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs()]).toEqual([600, 1800, 2000]);
  });

  it('rejects a schedule that cannot work', () => {
    expect(() => new Backoff({ initialMs: 0 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 100, maxMs: 50 })).toThrow(RangeError);
  });
});

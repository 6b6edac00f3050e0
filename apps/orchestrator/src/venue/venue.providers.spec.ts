import { ManualClock, silentLogger, type LogFields, type StructuredLogger } from '@flotilla/core';
import { INSTRUMENT_ATTEMPTS, loadWithBootRetry } from './venue.providers';

/** Lets the awaited load and its rejection run; no wall time passes on the clock. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('loadWithBootRetry (instruments at boot)', () => {
  it('waits 1 s, 2 s, 4 s on the injected clock and gives up after the last attempt', async () => {
    const clock = new ManualClock();
    const t0 = clock.now();
    const triedAt: number[] = [];
    const warnings: LogFields[] = [];
    const logger: StructuredLogger = { ...silentLogger, warn: (_m, f) => warnings.push(f ?? {}) };
    const loading = loadWithBootRetry(
      async () => {
        triedAt.push(clock.now() - t0);
        throw new Error('venue down');
      },
      clock,
      logger,
    ).catch((err: unknown) => err);
    for (const ms of [1000, 2000, 4000]) {
      await flush();
      clock.advance(ms);
    }
    expect(((await loading) as Error).message).toBe('venue down');
    expect(triedAt).toEqual([0, 1000, 3000, 7000]);
    expect(triedAt).toHaveLength(INSTRUMENT_ATTEMPTS);
    expect(warnings.map((w) => [w.attempt, w.retryInMs])).toEqual([
      [1, 1000],
      [2, 2000],
      [3, 4000],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('returns what the load returns once it succeeds', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const loading = loadWithBootRetry(
      async () => {
        if (++calls === 1) throw new Error('blip');
        return 'instruments';
      },
      clock,
      silentLogger,
    );
    await flush();
    clock.advance(1000);
    await expect(loading).resolves.toBe('instruments');
    expect(calls).toBe(2);
  });
});

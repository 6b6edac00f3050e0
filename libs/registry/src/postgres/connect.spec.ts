import { DomainError, ManualClock, type LogFields, type StructuredLogger } from '@flotilla/core';
import type { DataSource } from 'typeorm';
import { connectWithRetry } from './connect';

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function recordingLogger(lines: LogFields[]): StructuredLogger {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (_msg, fields) => lines.push(fields ?? {}),
    error: () => undefined,
  };
}

/** A DataSource whose initialize() fails the first `failures` times, counted across instances. */
function flakyDataSources(failures: number, clock: ManualClock) {
  const triedAt: number[] = [];
  const make = (): DataSource => {
    const ds = {
      isInitialized: false,
      initialize: async () => {
        triedAt.push(clock.now());
        if (triedAt.length <= failures) throw new Error('ECONNREFUSED 127.0.0.1:1');
        return ds;
      },
      destroy: async () => undefined,
    };
    return ds as unknown as DataSource;
  };
  return { make, triedAt };
}

describe('connectWithRetry', () => {
  it('retries on the injected clock, doubling from delayMs up to maxDelayMs', async () => {
    const clock = new ManualClock();
    const t0 = clock.now();
    const lines: LogFields[] = [];
    const { make, triedAt } = flakyDataSources(3, clock);
    const connected = connectWithRetry(
      make,
      'db:5432/x',
      { attempts: 5, delayMs: 100, maxDelayMs: 300 },
      clock,
      recordingLogger(lines),
    );
    for (const ms of [100, 200, 300]) {
      await flush();
      clock.advance(ms);
    }
    await expect(connected).resolves.toBeDefined();
    expect(triedAt.map((t) => t - t0)).toEqual([0, 100, 300, 600]);
    expect(lines.map((l) => l.attempt)).toEqual([1, 2, 3]);
  });

  it('gives up after the last attempt with REGISTRY_UNAVAILABLE naming the store', async () => {
    const clock = new ManualClock();
    const { make, triedAt } = flakyDataSources(99, clock);
    const failed = connectWithRetry(
      make,
      'db:5432/x',
      { attempts: 2, delayMs: 50 },
      clock,
      recordingLogger([]),
    ).catch((err: unknown) => err);
    await flush();
    clock.advance(50);
    const err = (await failed) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.message).toContain('db:5432/x after 2 attempt(s): ECONNREFUSED');
    expect(triedAt).toHaveLength(2);
  });
});

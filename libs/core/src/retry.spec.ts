import { ManualClock } from './clock';
import { retryWithBackoff, type RetryFailure } from './retry';

/** Lets the awaited op and its rejection run; no wall time passes on the clock. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('retryWithBackoff', () => {
  it('waits on the injected clock between attempts, doubling, and resolves with the result', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const calledAt: number[] = [];
    const failures: RetryFailure[] = [];
    const done = retryWithBackoff(
      async (attempt) => {
        calledAt.push(clock.now() - start);
        if (attempt < 3) throw new Error(`boom ${attempt}`);
        return 'ok';
      },
      {
        attempts: 4,
        backoff: { initialMs: 1000, jitter: 'none' },
        clock,
        onFailure: (f) => failures.push(f),
      },
    );
    await flush();
    expect(calledAt).toEqual([0]);
    clock.advance(999);
    await flush();
    expect(calledAt).toEqual([0]);
    clock.advance(1);
    await flush();
    clock.advance(2000);
    await flush();
    await expect(done).resolves.toBe('ok');
    expect(calledAt).toEqual([0, 1000, 3000]);
    expect(failures.map((f) => [f.attempt, f.attempts, f.retryInMs])).toEqual([
      [1, 4, 1000],
      [2, 4, 2000],
    ]);
  });

  it('rethrows the last error after the last attempt, which is reported without a wait', async () => {
    const clock = new ManualClock();
    const failures: RetryFailure[] = [];
    const done = retryWithBackoff(
      async (attempt) => {
        throw new Error(`boom ${attempt}`);
      },
      {
        attempts: 2,
        backoff: { initialMs: 50, jitter: 'none' },
        clock,
        onFailure: (f) => failures.push(f),
      },
    );
    const settled = done.catch((err: unknown) => err);
    await flush();
    clock.advance(50);
    await flush();
    expect(((await settled) as Error).message).toBe('boom 2');
    expect(failures.map((f) => f.retryInMs)).toEqual([50, undefined]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('makes one attempt when asked for fewer than one', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const failing = retryWithBackoff(
      async () => {
        calls++;
        throw new Error('no');
      },
      { attempts: 0, backoff: {}, clock },
    );
    await expect(failing).rejects.toThrow('no');
    expect(calls).toBe(1);
  });
});

import { Backoff, type BackoffOptions } from './backoff';
import type { Clock } from './clock';

export interface RetryFailure {
  /** 1-based number of the attempt that failed. */
  readonly attempt: number;
  readonly attempts: number;
  readonly error: unknown;
  /** The wait before the next attempt; undefined after the last one. */
  readonly retryInMs: number | undefined;
}

export interface RetryOptions {
  /** Total attempts, at least 1. */
  readonly attempts: number;
  readonly backoff: BackoffOptions;
  /** Waits happen on this clock's timers (a ManualClock in tests), never on a real setTimeout. */
  readonly clock: Clock;
  /** Told of every failed attempt, the last one included, before waiting or giving up. */
  readonly onFailure?: (failure: RetryFailure) => void;
}

/** Runs op until it resolves or `attempts` attempts failed (then rethrows the last error), waiting on the shared Backoff schedule. */
export async function retryWithBackoff<T>(
  op: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(opts.attempts));
  const backoff = new Backoff(opts.backoff);
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (error) {
      const retryInMs = attempt < attempts ? backoff.nextDelayMs() : undefined;
      opts.onFailure?.({ attempt, attempts, error, retryInMs });
      if (retryInMs === undefined) throw error;
      await new Promise<void>((resolve) => opts.clock.setTimeout(resolve, retryInMs));
    }
  }
}

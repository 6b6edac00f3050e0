import {
  DomainError,
  errorMessage,
  retryWithBackoff,
  type Clock,
  type StructuredLogger,
} from '@flotilla/core';
import type { DataSource } from 'typeorm';

export interface ConnectRetryOptions {
  /** Total connection attempts before giving up (at least 1). */
  attempts: number;
  /** Delay between attempts; doubles each time up to maxDelayMs. */
  delayMs: number;
  maxDelayMs?: number;
}

/**
 * Initializes a fresh DataSource per attempt (a failed one is not reusable), with bounded attempts
 * on the shared backoff (doubling from delayMs, no jitter), and fails with REGISTRY_UNAVAILABLE
 * naming host:port/database, never the password.
 */
export async function connectWithRetry(
  makeDataSource: () => DataSource,
  store: string,
  retry: ConnectRetryOptions,
  clock: Clock,
  logger: StructuredLogger,
): Promise<DataSource> {
  const attempts = Math.max(1, retry.attempts);
  const initialMs = Math.max(1, retry.delayMs);
  const maxMs = Math.max(retry.maxDelayMs ?? 30_000, initialMs);
  try {
    return await retryWithBackoff(
      async () => {
        const ds = makeDataSource();
        try {
          return await ds.initialize();
        } catch (err) {
          if (ds.isInitialized) await ds.destroy().catch(() => undefined);
          throw err;
        }
      },
      {
        attempts,
        backoff: { initialMs, maxMs, jitter: 'none' },
        clock,
        onFailure: ({ attempt, error }) =>
          logger.warn('registry database connection failed', {
            store,
            attempt,
            attempts,
            lastError: errorMessage(error),
          }),
      },
    );
  } catch (err) {
    throw new DomainError(
      'REGISTRY_UNAVAILABLE',
      `PostgreSQL not reachable at ${store} after ${attempts} attempt(s): ${errorMessage(err) || 'unknown error'}. ` +
        'Check DATABASE_URL and that the server is up and accepting connections.',
    );
  }
}

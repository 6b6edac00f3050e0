import { DomainError, errorMessage, type Clock, type StructuredLogger } from '@flotilla/core';
import type { DataSource } from 'typeorm';

export interface ConnectRetryOptions {
  /** Total connection attempts before giving up (at least 1). */
  attempts: number;
  /** Delay between attempts; doubles each time up to maxDelayMs. */
  delayMs: number;
  maxDelayMs?: number;
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/**
 * Initializes a fresh DataSource per attempt (a failed one is not reusable), with bounded attempts,
 * and fails with REGISTRY_UNAVAILABLE naming host:port/database, never the password.
 */
export async function connectWithRetry(
  makeDataSource: () => DataSource,
  store: string,
  retry: ConnectRetryOptions,
  clock: Clock,
  logger: StructuredLogger,
): Promise<DataSource> {
  const attempts = Math.max(1, retry.attempts);
  let delayMs = retry.delayMs;
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const ds = makeDataSource();
    try {
      return await ds.initialize();
    } catch (err) {
      lastError = errorMessage(err);
      if (ds.isInitialized) await ds.destroy().catch(() => undefined);
      logger.warn('registry database connection failed', { store, attempt, attempts, lastError });
      if (attempt < attempts) {
        await sleep(clock, delayMs);
        delayMs = Math.min(delayMs * 2, retry.maxDelayMs ?? 30_000);
      }
    }
  }
  throw new DomainError(
    'REGISTRY_UNAVAILABLE',
    `PostgreSQL not reachable at ${store} after ${attempts} attempt(s): ${lastError || 'unknown error'}. ` +
      'Check DATABASE_URL and that the server is up and accepting connections.',
  );
}

import type { Clock } from '@flotilla/core';

const WINDOW_MS = 60_000;
/** Clients remembered at once; the least recently failing is forgotten first. */
const DEFAULT_MAX_CLIENTS = 10_000;

/**
 * Counts failed authentications per client in a sliding minute. Only failures count, so an
 * operator with the right token is never slowed down by their own traffic; a client over the
 * limit is refused before its token is even compared, so guessing stops paying off.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailuresPerMinute: number,
    private readonly clock: Clock,
    private readonly maxClients = DEFAULT_MAX_CLIENTS,
  ) {}

  /** Milliseconds until this client may try again; 0 when it may now. */
  retryAfterMs(client: string): number {
    if (this.maxFailuresPerMinute === 0) return 0;
    const now = this.clock.now();
    const times = this.live(client, now);
    if (times.length < this.maxFailuresPerMinute) return 0;
    return Math.max(1, times[0] + WINDOW_MS - now);
  }

  recordFailure(client: string): void {
    if (this.maxFailuresPerMinute === 0) return;
    const now = this.clock.now();
    const times = this.live(client, now);
    times.push(now);
    if (times.length > this.maxFailuresPerMinute) times.shift();
    // Re-inserted so the map's order is least recently failing first.
    this.failures.delete(client);
    this.failures.set(client, times);
    if (this.failures.size > this.maxClients) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  private live(client: string, now: number): number[] {
    const times = this.failures.get(client);
    if (!times) return [];
    while (times.length > 0 && times[0] <= now - WINDOW_MS) times.shift();
    if (times.length === 0) this.failures.delete(client);
    return times;
  }
}

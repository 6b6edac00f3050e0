import type { Clock } from '@flotilla/core';

export type Priority = 'protective' | 'entry';

/** What the venue said about one endpoint's allowance in its last answer. */
export interface LimitHeaders {
  readonly limit: number;
  readonly remaining: number;
  readonly resetAtMs: number;
}

export type Admission = { readonly go: true } | { readonly go: false; readonly waitMs: number };

interface EndpointState {
  limit: number;
  /** What the venue said was left in its last answer. */
  reported: number;
  /** Admitted and not yet answered: the venue may not have counted them yet. */
  inFlight: number;
  /** Until when `reported` holds; after it a new window opens with the same limit. */
  validUntilMs: number;
}

export interface RequestBudgetOptions {
  readonly clock: Clock;
  /** Share of an endpoint's limit kept for protective calls: entries are shed below it. */
  readonly reserveFraction?: number;
  /** Bybit's windows are one second; a header without a future reset holds this long. */
  readonly windowMs?: number;
}

/** Reads X-Bapi-Limit / -Status / -Reset-Timestamp from a ccxt header object (any key case). */
export function parseLimitHeaders(headers: Record<string, unknown>): LimitHeaders | undefined {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const limit = Number(lower.get('x-bapi-limit'));
  const remaining = Number(lower.get('x-bapi-limit-status'));
  const resetAtMs = Number(lower.get('x-bapi-limit-reset-timestamp'));
  if (!Number.isFinite(limit) || !Number.isFinite(remaining)) return undefined;
  return { limit, remaining, resetAtMs: Number.isFinite(resetAtMs) ? resetAtMs : 0 };
}

/** Retry-After in milliseconds (seconds or an HTTP date), when the answer carries one. */
export function parseRetryAfterMs(
  headers: Record<string, unknown>,
  nowMs: number,
): number | undefined {
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after');
  if (!entry || typeof entry[1] !== 'string' || entry[1].trim() === '') return undefined;
  const seconds = Number(entry[1]);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(entry[1]);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * One request budget per venue account, shared by every engine: per endpoint, what the venue last
 * reported as left, less what is in flight. Entries stop while that is inside the protective
 * reserve; protective calls go down to the last request and then wait for the window to roll,
 * never shed.
 */
export class RequestBudget {
  private readonly endpoints = new Map<string, EndpointState>();
  /** Retry-After on a 429/418/403: the whole account (the IP) waits until then. */
  private pausedUntilMs = 0;
  private readonly reserveFraction: number;
  private readonly windowMs: number;

  constructor(private readonly options: RequestBudgetOptions) {
    this.reserveFraction = options.reserveFraction ?? 0.3;
    this.windowMs = options.windowMs ?? 1000;
  }

  /** Takes one request from the endpoint's allowance, or says how long until the window rolls. */
  admit(endpoint: string, priority: Priority): Admission {
    const pausedForMs = this.pausedUntilMs - this.options.clock.now();
    if (pausedForMs > 0) return { go: false, waitMs: pausedForMs };
    const state = this.current(endpoint);
    if (!state) return { go: true };
    const floor = priority === 'entry' ? Math.ceil(state.limit * this.reserveFraction) : 0;
    if (state.reported - state.inFlight > floor) {
      state.inFlight++;
      return { go: true };
    }
    return { go: false, waitMs: Math.max(1, state.validUntilMs - this.options.clock.now()) };
  }

  /** The venue asked for a pause (Retry-After): nothing is sent before then. */
  pause(forMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.options.clock.now() + forMs);
  }

  /** The answer to an admitted request arrived (or it failed): it is no longer in flight. */
  release(endpoint: string): void {
    const state = this.endpoints.get(endpoint);
    if (state && state.inFlight > 0) state.inFlight--;
  }

  observe(endpoint: string, headers: LimitHeaders): void {
    const now = this.options.clock.now();
    const state = this.endpoints.get(endpoint);
    this.endpoints.set(endpoint, {
      limit: headers.limit,
      reported: headers.remaining,
      inFlight: state?.inFlight ?? 0,
      validUntilMs: Math.max(headers.resetAtMs, now + this.windowMs),
    });
  }

  /** Requests used in the current windows, summed over endpoints (the "budget in use" gauge). */
  inUse(): number {
    let used = 0;
    for (const endpoint of this.endpoints.keys()) {
      const state = this.current(endpoint);
      if (state) used += Math.max(0, state.limit - state.reported + state.inFlight);
    }
    return used;
  }

  /** A rolled window starts full at the limit the venue last reported. */
  private current(endpoint: string): EndpointState | undefined {
    const state = this.endpoints.get(endpoint);
    const now = this.options.clock.now();
    if (state && state.validUntilMs <= now) {
      state.reported = state.limit;
      state.validUntilMs = now + this.windowMs;
    }
    return state;
  }
}

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
  remaining: number;
  /** Until when `remaining` holds; after it the window has rolled and the allowance is unknown. */
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

/**
 * One request budget per venue account, shared by every engine: per endpoint, the allowance the
 * venue reported, less what was sent since. Entries stop while the allowance is inside the
 * protective reserve; protective calls go down to the last request and then wait for the window
 * to roll, never shed.
 */
export class RequestBudget {
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly reserveFraction: number;
  private readonly windowMs: number;

  constructor(private readonly options: RequestBudgetOptions) {
    this.reserveFraction = options.reserveFraction ?? 0.3;
    this.windowMs = options.windowMs ?? 1000;
  }

  /** Takes one request from the endpoint's allowance, or says why not (and how long until the window rolls). */
  admit(endpoint: string, priority: Priority): Admission {
    const state = this.current(endpoint);
    if (!state) return { go: true };
    const floor = priority === 'entry' ? Math.ceil(state.limit * this.reserveFraction) : 0;
    if (state.remaining > floor) {
      state.remaining--;
      return { go: true };
    }
    return { go: false, waitMs: Math.max(1, state.validUntilMs - this.options.clock.now()) };
  }

  observe(endpoint: string, headers: LimitHeaders): void {
    const now = this.options.clock.now();
    this.endpoints.set(endpoint, {
      limit: headers.limit,
      remaining: headers.remaining,
      validUntilMs: Math.max(headers.resetAtMs, now + this.windowMs),
    });
  }

  /** Requests used in the current windows, summed over endpoints (the "budget in use" gauge). */
  inUse(): number {
    let used = 0;
    for (const endpoint of this.endpoints.keys()) {
      const state = this.current(endpoint);
      if (state) used += Math.max(0, state.limit - state.remaining);
    }
    return used;
  }

  private current(endpoint: string): EndpointState | undefined {
    const state = this.endpoints.get(endpoint);
    if (state && state.validUntilMs <= this.options.clock.now()) {
      this.endpoints.delete(endpoint);
      return undefined;
    }
    return state;
  }
}

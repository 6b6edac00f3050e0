import { errorMessage } from '@flotilla/core';
import { VenueError, type VenueErrorKind } from '@flotilla/engine';

/** 110072: the orderLinkId is already booked, i.e. an earlier send went through. */
export const DUPLICATE_ORDER_LINK_ID = 110072;
/** 10016: Bybit's own "server error, try again": the request may or may not have been applied. */
const SERVER_ERROR = 10016;

/** Thrown for an entry when the budget is inside the protective reserve: nothing was sent. */
export class BudgetShortError extends Error {
  constructor(readonly endpoint: string) {
    super(`request budget for ${endpoint} is short: entry shed`);
    this.name = new.target.name;
  }
}

export interface Classified {
  readonly kind: VenueErrorKind | 'duplicate';
  readonly retCode?: number;
  readonly reason: string;
}

/** The class names of an error's prototype chain, most specific first. */
function classChain(err: unknown): string[] {
  const names: string[] = [];
  let proto: unknown = typeof err === 'object' && err !== null ? Object.getPrototypeOf(err) : null;
  while (proto && proto !== Object.prototype) {
    const ctor = (proto as { constructor?: { name?: string } }).constructor;
    if (ctor?.name) names.push(ctor.name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

function retCodeOf(message: string): number | undefined {
  const match = /"retCode"\s*:\s*(\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

function retMsgOf(message: string): string | undefined {
  return /"retMsg"\s*:\s*"([^"]*)"/.exec(message)?.[1];
}

/**
 * Sorts a failed venue call on ccxt's hierarchy (research §4). NetworkError subclasses that the
 * venue answered before doing anything (rate limit, bad nonce, DDoS protection) are retryable; a
 * timeout, an unavailable exchange (5xx) or any other network failure may have been applied, so its
 * outcome is unknown. ExchangeError subclasses are the venue's refusal, with its retCode and reason.
 * Anything not from ccxt is treated as unknown: the safe reading for a write.
 */
export function classifyVenueError(err: unknown): Classified {
  if (err instanceof BudgetShortError) return { kind: 'retryable', reason: err.message };
  if (err instanceof VenueError)
    return { kind: err.kind, retCode: err.retCode, reason: err.message };
  const message = errorMessage(err);
  const retCode = retCodeOf(message);
  const reason = retMsgOf(message) ?? message;
  const chain = classChain(err);
  const is = (name: string): boolean => chain.includes(name);
  if (retCode === DUPLICATE_ORDER_LINK_ID) return { kind: 'duplicate', retCode, reason };
  if (retCode === SERVER_ERROR) return { kind: 'unknown-outcome', retCode, reason };
  if (is('BrokenCircuitError') || is('IsolatedCircuitError')) {
    return { kind: 'retryable', reason: 'circuit open' };
  }
  if (is('RateLimitExceeded') || is('DDoSProtection') || is('InvalidNonce')) {
    return { kind: 'retryable', retCode, reason };
  }
  if (is('NetworkError')) return { kind: 'unknown-outcome', retCode, reason };
  if (is('ExchangeError')) return { kind: 'rejected', retCode, reason };
  return { kind: 'unknown-outcome', retCode, reason };
}

/** Failures that say the venue is unwell (they trip the breaker); a refusal is a healthy answer. */
export function isVenueFailure(err: unknown): boolean {
  if (err instanceof BudgetShortError) return false;
  const kind = classifyVenueError(err).kind;
  return kind === 'retryable' || kind === 'unknown-outcome';
}

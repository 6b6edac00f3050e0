import type { Clock, Instrument, StructuredLogger } from '@flotilla/core';
import { createBybitClient, type BybitClient } from './bybit-client';
import { BybitVenue } from './bybit-venue';
import { parseLimitHeaders, parseRetryAfterMs, RequestBudget } from './request-budget';
import { VenueGuard, type VenueGuardOptions } from './venue-guard';
import { noVenueMetrics, type VenueMetrics } from './venue-metrics';

export interface ConnectBybitVenueOptions {
  /** A simulator's base URL; absent for Bybit itself (testnet with `testnet`). */
  readonly restUrl?: string;
  readonly testnet?: boolean;
  readonly apiKey: string;
  readonly secret: string;
  readonly timeoutMs?: number;
  readonly enableRateLimit?: boolean;
  readonly instrumentOf: (symbol: string) => Instrument | undefined;
  readonly clock: Clock;
  readonly logger?: StructuredLogger;
  readonly metrics?: VenueMetrics;
  readonly guard?: Omit<VenueGuardOptions, 'onStateChange'>;
  /** For specs: a ccxt-like client instead of ccxt's. */
  readonly client?: BybitClient;
}

/**
 * The port of one venue account, with the account's one budget (fed by every answer's limit
 * headers) and one breaker; the orchestrator builds it once and every engine shares it.
 */
export async function connectBybitVenue(options: ConnectBybitVenueOptions): Promise<BybitVenue> {
  const metrics = options.metrics ?? noVenueMetrics;
  const budget = new RequestBudget({ clock: options.clock });
  const guard = new VenueGuard({ ...options.guard, onStateChange: (s) => metrics.breaker(s) });
  metrics.breaker(guard.state);
  const client =
    options.client ??
    (await createBybitClient({
      restUrl: options.restUrl,
      testnet: options.testnet,
      apiKey: options.apiKey,
      secret: options.secret,
      timeoutMs: options.timeoutMs,
      enableRateLimit: options.enableRateLimit,
      onResponse: (endpoint, headers) => {
        const limits = parseLimitHeaders(headers);
        if (limits) budget.observe(endpoint, limits);
        const retryAfterMs = parseRetryAfterMs(headers, options.clock.now());
        if (retryAfterMs !== undefined) budget.pause(retryAfterMs);
      },
    }));
  await client.loadMarkets();
  return new BybitVenue({
    client,
    budget,
    guard,
    instrumentOf: options.instrumentOf,
    clock: options.clock,
    metrics,
    logger: options.logger,
  });
}

import { DomainError } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import { DEFAULT_ACCOUNT } from '@flotilla/venue-sim';
import type { VenueEndpoint } from './embedded-venue';

export interface VenueCredentials {
  readonly apiKey: string;
  readonly secret: string;
}

/**
 * Which account the port trades: the embedded simulator's default account with no configuration
 * (VENUE=sim, and VENUE=paper whose embedded simulator mirrors Bybit's market);
 * an external simulator (VENUE_URL) with EXCHANGE_API_KEY/SECRET, defaulting to that same account;
 * Bybit with EXCHANGE_API_KEY/SECRET, required. The secret never appears in an error.
 */
export function venueCredentials(
  config: FlotillaConfig,
  endpoint: VenueEndpoint,
): VenueCredentials {
  const { apiKey, apiSecret } = config.exchange;
  if (endpoint.mode === 'embedded-sim') {
    return { apiKey: DEFAULT_ACCOUNT.key, secret: DEFAULT_ACCOUNT.secret };
  }
  if (endpoint.mode === 'external-sim') {
    return { apiKey: apiKey ?? DEFAULT_ACCOUNT.key, secret: apiSecret ?? DEFAULT_ACCOUNT.secret };
  }
  if (!apiKey || !apiSecret) {
    throw new DomainError(
      'INVALID_CONFIG',
      `VENUE=live needs EXCHANGE_API_KEY and EXCHANGE_API_SECRET (missing: ${[
        !apiKey && 'EXCHANGE_API_KEY',
        !apiSecret && 'EXCHANGE_API_SECRET',
      ]
        .filter(Boolean)
        .join(', ')})`,
    );
  }
  return { apiKey, secret: apiSecret };
}

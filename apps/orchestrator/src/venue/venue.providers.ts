import type { Provider } from '@nestjs/common';
import {
  DomainError,
  errorMessage,
  retryWithBackoff,
  type BackoffOptions,
  type Clock,
  type StructuredLogger,
} from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { Logging } from '@flotilla/logging';
import type { MarketDataHub } from '@flotilla/market-data';
import { createMarketDataHub } from './market-data-hub.factory';
import { registerIngestionMetrics } from './ingestion-metrics';
import { CLOCK, CONFIG, LOGGING, MARKET_DATA, VENUE_ENDPOINT } from '../runtime/tokens';
import { MetricsService } from '../metrics/metrics.service';
import { resolveVenue, type VenueEndpoint } from './embedded-venue';

/** Instruments are needed before anything else; a venue blip at boot is retried, a dead venue is not waited on forever. */
export const INSTRUMENT_ATTEMPTS = 4;
/** 1 s, 2 s, 4 s between the attempts: the shared backoff without jitter (one client, at boot). */
export const INSTRUMENT_RETRY: BackoffOptions = { initialMs: 1000, maxMs: 4000, jitter: 'none' };

/** Loads with INSTRUMENT_ATTEMPTS attempts, waiting on the injected clock; rethrows the last error. */
export function loadWithBootRetry<T>(
  load: () => Promise<T>,
  clock: Clock,
  logger: StructuredLogger,
): Promise<T> {
  return retryWithBackoff(() => load(), {
    attempts: INSTRUMENT_ATTEMPTS,
    backoff: INSTRUMENT_RETRY,
    clock,
    onFailure: ({ attempt, retryInMs, error }) => {
      if (retryInMs === undefined) return;
      logger.warn('instruments not loaded; retrying', {
        attempt,
        retryInMs,
        error: errorMessage(error),
      });
    },
  });
}

/** The venue (embedded simulator child, external simulator or Bybit), then the hub over it with instruments loaded. */
export const venueProviders: Provider[] = [
  {
    provide: VENUE_ENDPOINT,
    inject: [CONFIG, CLOCK, LOGGING, MetricsService],
    useFactory: (
      config: FlotillaConfig,
      clock: Clock,
      logging: Logging,
      metrics: MetricsService,
    ): Promise<VenueEndpoint> =>
      resolveVenue(config, { clock, logger: logging.root, observer: metrics }),
  },
  {
    provide: MARKET_DATA,
    inject: [CONFIG, VENUE_ENDPOINT, CLOCK, LOGGING, MetricsService],
    useFactory: async (
      config: FlotillaConfig,
      venue: VenueEndpoint,
      clock: Clock,
      logging: Logging,
      metrics: MetricsService,
    ): Promise<MarketDataHub> => {
      const hub = createMarketDataHub(config, venue, clock, logging.root);
      registerIngestionMetrics(metrics.registry, () => hub.takeIngestionWindow());
      try {
        await loadWithBootRetry(() => hub.loadInstruments(), clock, logging.root);
      } catch (err) {
        // The simulator child would otherwise outlive a failed boot.
        await hub.close();
        await venue.close();
        throw new DomainError(
          'VENUE_UNAVAILABLE',
          `cannot load instruments from ${venue.restUrl} after ${INSTRUMENT_ATTEMPTS} attempts: ${errorMessage(err)}`,
        );
      }
      return hub;
    },
  },
];

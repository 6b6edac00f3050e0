import type { Provider } from '@nestjs/common';
import { DomainError, type Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { Logging } from '@flotilla/logging';
import { MarketDataHub } from '@flotilla/market-data';
import { CLOCK, CONFIG, LOGGING, MARKET_DATA, VENUE_ENDPOINT } from '../runtime/tokens';
import { MetricsService } from '../metrics/metrics.service';
import { resolveVenue, type VenueEndpoint } from './embedded-venue';

/** Instruments are needed before anything else; a venue blip at boot is retried, a dead venue is not waited on forever. */
export const INSTRUMENT_ATTEMPTS = 4;
const INSTRUMENT_FIRST_RETRY_MS = 1000;

async function withBootRetry(load: () => Promise<unknown>, logging: Logging): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await load();
      return;
    } catch (err) {
      if (attempt >= INSTRUMENT_ATTEMPTS) throw err;
      const delayMs = INSTRUMENT_FIRST_RETRY_MS * 2 ** (attempt - 1);
      logging.root.warn('instruments not loaded; retrying', {
        attempt,
        retryInMs: delayMs,
        error: (err as Error).message,
      });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
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
    inject: [CONFIG, VENUE_ENDPOINT, CLOCK, LOGGING],
    useFactory: async (
      config: FlotillaConfig,
      venue: VenueEndpoint,
      clock: Clock,
      logging: Logging,
    ): Promise<MarketDataHub> => {
      const hub = new MarketDataHub({
        restUrl: venue.restUrl,
        wsPublicUrl: venue.wsPublicUrl,
        clock,
        staleAfterMs: config.feed.staleAfterMs,
        pingIntervalMs: config.feed.pingIntervalMs,
        topicsPerConnection: config.feed.topicsPerConnection,
        logger: logging.root,
      });
      try {
        await withBootRetry(() => hub.loadInstruments(), logging);
      } catch (err) {
        // The simulator child would otherwise outlive a failed boot.
        await hub.close();
        await venue.close();
        throw new DomainError(
          'VENUE_UNAVAILABLE',
          `cannot load instruments from ${venue.restUrl} after ${INSTRUMENT_ATTEMPTS} attempts: ${(err as Error).message}`,
        );
      }
      return hub;
    },
  },
];

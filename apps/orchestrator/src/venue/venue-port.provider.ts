import type { Provider } from '@nestjs/common';
import type { Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { VenuePort } from '@flotilla/engine';
import type { Logging } from '@flotilla/logging';
import type { MarketDataHub } from '@flotilla/market-data';
import { connectBybitVenue, PromVenueMetrics } from '@flotilla/venue';
import { MetricsService } from '../metrics/metrics.service';
import { CLOCK, CONFIG, LOGGING, MARKET_DATA, VENUE_ENDPOINT, VENUE_PORT } from '../runtime/tokens';
import type { VenueEndpoint } from './embedded-venue';
import { coalesceReads } from './coalesced-reads';
import { LazyVenuePort } from './lazy-venue-port';
import { venueCredentials } from './venue-credentials';

/** The one VenuePort of the configured venue account, shared by every engine. */
export const venuePortProvider: Provider = {
  provide: VENUE_PORT,
  inject: [CONFIG, VENUE_ENDPOINT, MARKET_DATA, CLOCK, LOGGING, MetricsService],
  useFactory: (
    config: FlotillaConfig,
    endpoint: VenueEndpoint,
    hub: MarketDataHub,
    clock: Clock,
    logging: Logging,
    metrics: MetricsService,
  ): VenuePort => {
    const venueMetrics = new PromVenueMetrics(metrics.registry);
    const lazy = new LazyVenuePort(async () => {
      const { apiKey, secret } = venueCredentials(config, endpoint);
      return connectBybitVenue({
        restUrl: endpoint.mode === 'bybit' ? undefined : endpoint.restUrl,
        testnet: endpoint.mode === 'bybit' && config.testnet,
        apiKey,
        secret,
        instrumentOf: (symbol) => hub.instrument(symbol),
        clock,
        logger: logging.root,
        metrics: venueMetrics,
      });
    });
    // Hundreds of engines reconciling at boot share account-wide reads (one per turn).
    return coalesceReads(lazy);
  },
};

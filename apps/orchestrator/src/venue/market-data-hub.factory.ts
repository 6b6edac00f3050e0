import type { FlotillaConfig } from '@flotilla/config';
import type { Clock, StructuredLogger } from '@flotilla/core';
import { MarketDataHub, WorkerMarketDataHub } from '@flotilla/market-data';

/**
 * The hub the config asks for: `marketIngestion: main` (env MARKET_INGESTION) keeps the venue
 * sockets, parsing and books on the main thread, on the injected clock; `workers` moves them into
 * worker_threads sharded by symbol (those run on the system clock).
 */
export function createMarketDataHub(
  config: FlotillaConfig,
  venue: { restUrl: string; wsPublicUrl: string },
  clock: Clock,
  logger: StructuredLogger,
): MarketDataHub {
  const common = {
    restUrl: venue.restUrl,
    wsPublicUrl: venue.wsPublicUrl,
    staleAfterMs: config.feed.staleAfterMs,
    pingIntervalMs: config.feed.pingIntervalMs,
    topicsPerConnection: config.feed.topicsPerConnection,
    ingest: { budgetMs: config.feed.ingestBudgetMs },
    logger,
  };
  if (config.marketIngestion === 'workers') {
    logger.info('market data ingested in worker threads');
    return new WorkerMarketDataHub(common);
  }
  return new MarketDataHub({ ...common, clock });
}

import type { FeedHealth, Instrument } from '@flotilla/core';
import type { MarketDataPort } from '@flotilla/engine';
import type { ConnectionHealth } from './bybit-connection';
import type { MarketDataStats } from './hub-stats';
import type { IngestionReport, IngestWindow } from './ingest-probe';
import type { LocalOrderBook } from './local-order-book';
import type { SymbolHealth } from './symbol-feed';

/**
 * What engines, views and probes call on the market-data hub, whichever thread ingests the feed
 * (`MARKET_INGESTION=main|workers`): the engine's MarketDataPort plus books, health and figures.
 */
export interface MarketDataHubApi extends MarketDataPort {
  loadInstruments(): Promise<Instrument[]>;
  instruments(): Instrument[];
  feedHealth(symbol: string): FeedHealth;
  /** feedHealth plus resync and stale-resubscribe counts; undefined for a symbol not subscribed. */
  symbolHealth(symbol: string): SymbolHealth | undefined;
  /** The symbol's book (a live view), or undefined when not subscribed. */
  book(symbol: string): LocalOrderBook | undefined;
  connections(): ConnectionHealth[];
  stats(): MarketDataStats;
  ingestion(): IngestionReport;
  takeIngestionWindow(): IngestWindow;
  /** Resolves when the venue's REST answers /v5/market/time within 2 s; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

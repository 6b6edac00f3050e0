export * from './local-order-book';
export { isZeroSize } from './book-side';
export { parseFrame, type BybitFrame } from './bybit-frames';
export { parseCompactJson } from './compact-json';
export type { ConnectionHealth } from './bybit-connection';
export type { PublicSocket, SocketFactory } from './socket';
export type { SymbolHealth } from './symbol-feed';
export type { MarketDataStats } from './hub-stats';
export { BYBIT_ENDPOINTS, bybitCcxtOptions, type BybitTarget } from './ccxt-options';
export { instrumentFromCcxtMarket, loadBybitInstruments } from './instruments';
export {
  MainThreadMarketDataHub,
  MarketDataHub,
  type MarketDataHubOptions,
} from './market-data.hub';
export type { MarketDataHubApi } from './hub-api';
export type { IngestOptions } from './ingest-gate';
export type { Histogram, IngestionReport, IngestWindow, ReadBurst } from './ingest-probe';
export { emptyWindow } from './ingest-probe';
export { WorkerMarketDataHub, type WorkerHubOptions } from './worker/worker-hub';

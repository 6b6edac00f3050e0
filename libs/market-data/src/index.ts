export * from './backoff';
export * from './local-order-book';
export { isZeroSize } from './book-side';
export { parseFrame, type BybitFrame } from './bybit-frames';
export type { ConnectionHealth } from './bybit-connection';
export type { MarketDataStats } from './hub-stats';
export { BYBIT_ENDPOINTS, bybitCcxtOptions, type BybitTarget } from './ccxt-options';
export { instrumentFromCcxtMarket, loadBybitInstruments } from './instruments';
export { MarketDataHub, type MarketDataHubOptions } from './market-data.hub';

export { Exchange } from './exchange';
export type { ExchangeOptions, OrderQuery } from './exchange';
export { ExchangeRefusal, RET } from './errors';
export type { RetCode } from './errors';
export {
  renderExecution,
  renderExecutionEvent,
  renderOrder,
  renderOrderEvent,
  renderPosition,
  renderPositionEvent,
  renderWallet,
} from './render';
export { SNAPSHOT_VERSION } from './snapshot';
export type { ExchangeSnapshot, AccountSnapshot } from './snapshot';
export * from './types';

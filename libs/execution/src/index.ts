export * from './contracts';
export * from './order-machine';
export * from './position-machine';
export * from './pnl-ledger';
export { Executor, PENDING_EVENTS_KEPT } from './executor';
export { legOfClientId, FINISHED_ORDERS_KEPT } from './order-tracker';
export { STATS_RING_SIZE } from './exec-stats';

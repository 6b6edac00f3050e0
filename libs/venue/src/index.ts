export * from './bybit-client';
export * from './bybit-venue';
export * from './classify';
export * from './client-order-id';
export * from './request-budget';
export * from './rounding';
export * from './venue-guard';
export * from './venue-metrics';

export * from './market-data.port';
export * from './engine-registry.port';
export * from './venue.port';

export * from './signal';
export * from './intent';
export * from './strategy';
export * from './strategy-params';
export * from './trade-flow';
export * from './imbalance-strategy';
export * from './book-measures';

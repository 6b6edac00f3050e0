export * from './ports';
export * from './lifecycle';
export * from './mailbox';
export * from './engine-types';
export * from './trading-engine';
export * from './execution-handle';

export * from './recovery-policy';
export * from './health-monitor';
export * from './engine-status';
export * from './registry-writer';
export * from './engine-manager';
export * from './engine-manager.types';
export * from './fleet-queries';
export * from './supervisor-logger';

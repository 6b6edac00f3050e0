export * from './decimal';
export * from './clock';
export * from './errors';
export * from './symbols';
export * from './market';
export * from './logger';
export * from './fixed-point';
export * from './iso-time';

/** Test fakes only: import as @flotilla/execution/testing from specs and test/, never from production code. */
export * from './fake-venue';
export * from './fake-host';
export * from './fake-risk';
export * from './memory-audit';
export * from './executor-harness';

/** Test fakes only: import as @flotilla/engine/testing from specs and test/, never from production code. */
export * from './fake-market-data';
export * from './fake-execution';

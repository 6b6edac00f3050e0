/** Test fakes only: import as @flotilla/market-data/testing from specs and test/, never from production code. */
export * from './fake-socket';

/** Test fakes only: import as @flotilla/trading/testing from specs and test/, never from production code. */
export * from './fake-book';
export * from './strategy-params';

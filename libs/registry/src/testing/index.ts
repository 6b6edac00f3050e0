/** Test fakes only: import as @flotilla/registry/testing from specs and test/, never from production code. */
export { FlakyRegistryStore } from './flaky-store';
export { InMemoryLeaseStore } from './in-memory-lease-store';

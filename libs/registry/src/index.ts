export * from './audit.port';
export * from './create-registry';
export * from './import-json-registry';
export { JSON_REGISTRY_FILE, JsonFileRegistry } from './json/json-file-registry';
export type { JsonFileRegistryOptions } from './json/json-file-registry';
export { JSON_REGISTRY_VERSION } from './json/json-document';
export { PostgresRegistry } from './postgres/postgres-registry';
export type { ImportOutcome, PostgresRegistryOptions } from './postgres/postgres-registry';
export type { ConnectRetryOptions } from './postgres/connect';
export {
  createRegistryDataSource,
  describeDatabaseUrl,
  type PostgresConnectionOptions,
} from './postgres/data-source';
export { decimalTransformer } from './postgres/decimal.transformer';
export {
  REGISTRY_MIGRATION_LOCK_KEY,
  migrateRegistrySchema,
  revertLastRegistryMigration,
} from './postgres/schema-check';
export { REGISTRY_MIGRATIONS, REGISTRY_MIGRATIONS_TABLE } from './migrations';
export { ResilientRegistry } from './resilient/resilient-registry';
export type { ResilientRegistryOptions } from './resilient/resilient-registry';
export type {
  RegistryHealth,
  RegistryHealthListener,
  RejectedWrite,
} from './resilient/registry-health';
export { REGISTRY_SPOOL_FILE } from './resilient/outage-spool';
export {
  DATA_DIR_LOCK_FILE,
  DataDirLock,
  processIsAlive,
  type DataDirLockOptions,
  type LockHolder,
} from './ownership/data-dir-lock';
export * from './ownership/ownership-lease';
export { LeaseKeeper, newHolderId, type LeaseKeeperOptions } from './ownership/lease-keeper';
export { PostgresLeaseStore } from './postgres/postgres-lease-store';
export { LocalLease } from './ownership/local-lease';

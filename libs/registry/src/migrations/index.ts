import { InitialRegistrySchema1764000000000 } from './1764000000000-initial-registry-schema';
import { OwnershipLease1764800000000 } from './1764800000000-ownership-lease';

/** Every registry migration in order; listed explicitly so bundled builds find them. */
export const REGISTRY_MIGRATIONS = [
  InitialRegistrySchema1764000000000,
  OwnershipLease1764800000000,
];

export const REGISTRY_MIGRATIONS_TABLE = 'flotilla_migrations';

/** Recorded name of the first migration; its presence marks the tables as ours. */
export const INITIAL_MIGRATION_NAME = new InitialRegistrySchema1764000000000().name;

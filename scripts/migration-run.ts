/**
 * Applies (or with --revert, undoes the last of) the registry migrations:
 *   DATABASE_URL=postgres://… npm run migration:run [-- --revert]
 * The orchestrator also runs pending migrations itself when it opens the Postgres registry.
 */
import { DomainError, errorMessage } from '@flotilla/core';
import {
  createRegistryDataSource,
  describeDatabaseUrl,
  migrateRegistrySchema,
  revertLastRegistryMigration,
} from '@flotilla/registry';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('usage: DATABASE_URL=postgres://… npm run migration:run [-- --revert]');
    return 2;
  }
  const store = describeDatabaseUrl(databaseUrl);
  const ds = await createRegistryDataSource(databaseUrl)
    .initialize()
    .catch((err: unknown) => {
      const why = errorMessage(err);
      throw new DomainError('REGISTRY_UNAVAILABLE', `PostgreSQL not reachable at ${store}: ${why}`);
    });
  try {
    if (process.argv.includes('--revert')) {
      const reverted = await revertLastRegistryMigration(ds, store);
      console.log(
        reverted
          ? `reverted registry migration ${reverted} on ${store}`
          : `no registry migration to revert on ${store}`,
      );
    } else {
      const ran = await migrateRegistrySchema(ds, store);
      console.log(
        ran.length > 0
          ? `applied ${ran.length} migration(s) on ${store}: ${ran.join(', ')}`
          : `registry schema on ${store} is up to date`,
      );
    }
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const code = err instanceof DomainError ? `${err.code}: ` : '';
    console.error(`migration failed: ${code}${errorMessage(err)}`);
    process.exit(1);
  },
);

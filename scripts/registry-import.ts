/**
 * One-shot import of a JSON engine registry into PostgreSQL:
 *   DATABASE_URL=postgres://… npm run registry:import -- data/engine-registry.json
 * Idempotent: re-running updates changed records and reports what it did.
 */
import { DomainError, errorMessage } from '@flotilla/core';
import { PostgresRegistry, describeDatabaseUrl, importJsonRegistry } from '@flotilla/registry';

async function main(): Promise<number> {
  const file = process.argv[2];
  const databaseUrl = process.env.DATABASE_URL;
  if (!file || !databaseUrl) {
    console.error(
      'usage: DATABASE_URL=postgres://… npm run registry:import -- <engine-registry.json>',
    );
    return 2;
  }
  const target = new PostgresRegistry({ databaseUrl, retry: { attempts: 3, delayMs: 1_000 } });
  await target.open();
  try {
    const counts = await importJsonRegistry(file, target);
    console.log(
      `imported ${counts.read} engine record(s) from ${file} into ${describeDatabaseUrl(databaseUrl)}: ` +
        `${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`,
    );
    return 0;
  } finally {
    await target.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const code = err instanceof DomainError ? `${err.code}: ` : '';
    console.error(`registry import failed: ${code}${errorMessage(err)}`);
    process.exit(1);
  },
);

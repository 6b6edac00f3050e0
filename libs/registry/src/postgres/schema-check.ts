import { DomainError } from '@flotilla/core';
import type { DataSource, QueryRunner } from 'typeorm';
import { INITIAL_MIGRATION_NAME, REGISTRY_MIGRATIONS_TABLE } from '../migrations';
import { isTimeoutError } from './pg-errors';

/** The columns our migrations create, with their information_schema udt_name. */
export const EXPECTED_SCHEMA: Record<string, Record<string, string>> = {
  engine_state: {
    symbol: 'varchar',
    desired_state: 'varchar',
    observed_state: 'varchar',
    health: 'jsonb',
    config_overrides: 'jsonb',
    restart_history: '_timestamptz',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
    version: 'int4',
  },
  audit_event: {
    id: 'int8',
    at: 'timestamptz',
    trace_id: 'varchar',
    actor: 'varchar',
    action: 'varchar',
    subject: 'varchar',
    before: 'jsonb',
    after: 'jsonb',
    context: 'jsonb',
    notional: 'numeric',
  },
  ownership_lease: {
    name: 'varchar',
    holder: 'varchar',
    epoch: 'int8',
    acquired_at: 'timestamptz',
    expires_at: 'timestamptz',
  },
  engine_state_history: {
    id: 'int8',
    symbol: 'varchar',
    observed_state: 'varchar',
    lease_epoch: 'int8',
    holder: 'varchar',
    at: 'timestamptz',
  },
};

const ADVICE =
  'It was not modified. Move it aside (rename or drop the table) or point DATABASE_URL at a database Flotilla owns.';

async function existingColumns(ds: DataSource, table: string): Promise<Map<string, string> | null> {
  const rows: { column_name: string; udt_name: string }[] = await ds.query(
    `SELECT column_name, udt_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  if (rows.length === 0) return null;
  return new Map(rows.map((r) => [r.column_name, r.udt_name]));
}

function columnProblems(table: string, found: Map<string, string>): string[] {
  const expected = EXPECTED_SCHEMA[table];
  const problems: string[] = [];
  for (const [column, type] of Object.entries(expected)) {
    const actual = found.get(column);
    if (actual === undefined) problems.push(`column ${column} is missing`);
    else if (actual !== type) problems.push(`column ${column} is ${actual}, expected ${type}`);
  }
  for (const column of found.keys()) {
    if (!(column in expected)) problems.push(`unexpected column ${column}`);
  }
  return problems;
}

async function appliedMigrations(ds: DataSource): Promise<Set<string>> {
  const exists = await existingColumns(ds, REGISTRY_MIGRATIONS_TABLE);
  if (!exists) return new Set();
  const rows: { name: string }[] = await ds.query(
    `SELECT name FROM "${REGISTRY_MIGRATIONS_TABLE}"`,
  );
  return new Set(rows.map((r) => r.name));
}

/** Before migrating: a registry table that exists but that our migrations did not create is foreign. */
export async function assertNoForeignTables(ds: DataSource, store: string): Promise<void> {
  const applied = await appliedMigrations(ds);
  const ours = applied.has(INITIAL_MIGRATION_NAME);
  for (const table of Object.keys(EXPECTED_SCHEMA)) {
    const found = await existingColumns(ds, table);
    if (!found || ours) continue;
    const problems = columnProblems(table, found);
    const detail = problems.length > 0 ? problems.join('; ') : 'its columns match';
    throw new DomainError(
      'REGISTRY_CORRUPT',
      `PostgreSQL ${store}: table ${table} exists but was not created by Flotilla's migrations ` +
        `(${detail}). ${ADVICE}`,
    );
  }
}

/** After migrating: every registry table has exactly the columns and types we expect. */
export async function assertSchemaMatches(ds: DataSource, store: string): Promise<void> {
  for (const table of Object.keys(EXPECTED_SCHEMA)) {
    const found = await existingColumns(ds, table);
    const problems = found ? columnProblems(table, found) : ['the table is missing'];
    if (problems.length > 0) {
      throw new DomainError(
        'REGISTRY_CORRUPT',
        `PostgreSQL ${store}: table ${table} does not match Flotilla's schema: ${problems.join('; ')}. ${ADVICE}`,
      );
    }
  }
}

/** Any fixed key: serialises migrations of processes booting against the same database at once. */
export const REGISTRY_MIGRATION_LOCK_KEY = 7_271_845_001;

function statementTimeoutMs(ds: DataSource): string {
  const extra = (ds.options as { extra?: { statement_timeout?: unknown } }).extra;
  const ms = extra?.statement_timeout;
  return typeof ms === 'number' ? `${ms} ms` : 'the statement timeout';
}

/** Waits for the migration lock; a timeout says who to look for instead of a bare "canceling statement". */
async function takeMigrationLock(lock: QueryRunner, ds: DataSource, store: string): Promise<void> {
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [REGISTRY_MIGRATION_LOCK_KEY]);
  } catch (err) {
    if (!isTimeoutError(err)) throw err;
    const classId = Math.floor(REGISTRY_MIGRATION_LOCK_KEY / 2 ** 32);
    const objId = REGISTRY_MIGRATION_LOCK_KEY % 2 ** 32;
    throw new DomainError(
      'REGISTRY_UNAVAILABLE',
      `PostgreSQL ${store}: timed out after ${statementTimeoutMs(ds)} waiting for the registry ` +
        `migration lock (pg_advisory_lock(${REGISTRY_MIGRATION_LOCK_KEY})). Another Flotilla process ` +
        'is migrating this database or a session still holds the lock; find it with ' +
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = ${classId} ` +
        `AND objid = ${objId}; then start again.`,
    );
  }
}

/** Runs op holding the migration lock, so two processes never migrate one database at once. */
async function withMigrationLock<T>(
  ds: DataSource,
  store: string,
  op: () => Promise<T>,
): Promise<T> {
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await takeMigrationLock(lock, ds, store);
    return await op();
  } finally {
    await lock
      .query('SELECT pg_advisory_unlock($1)', [REGISTRY_MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lock.release();
  }
}

/** Checks for foreign tables, applies pending migrations (each in its own transaction), verifies. */
export function migrateRegistrySchema(ds: DataSource, store: string): Promise<string[]> {
  return withMigrationLock(ds, store, async () => {
    await assertNoForeignTables(ds, store);
    const ran = await ds.runMigrations({ transaction: 'each' });
    await assertSchemaMatches(ds, store);
    return ran.map((m) => m.name);
  });
}

/** Undoes the last applied registry migration; returns its name, or null when none was applied. */
export function revertLastRegistryMigration(ds: DataSource, store: string): Promise<string | null> {
  return withMigrationLock(ds, store, async () => {
    const applied = await appliedMigrations(ds);
    if (applied.size === 0) return null;
    const rows: { name: string }[] = await ds.query(
      `SELECT name FROM "${REGISTRY_MIGRATIONS_TABLE}" ORDER BY "timestamp" DESC, id DESC LIMIT 1`,
    );
    await ds.undoLastMigration({ transaction: 'each' });
    return rows[0]?.name ?? null;
  });
}

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DomainError, dec } from '@flotilla/core';
import {
  PostgresRegistry,
  REGISTRY_MIGRATION_LOCK_KEY,
  ResilientRegistry,
  createRegistryDataSource,
} from '@flotilla/registry';
import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from './pg-test-db';
import { describeRegistryContract } from './registry-contract';

const ALL_TABLES = [
  'audit_event',
  'engine_state',
  'engine_state_history',
  'flotilla_migrations',
  'ownership_lease',
];

async function openError(registry: PostgresRegistry): Promise<DomainError> {
  const error = await registry.open().then(
    () => null,
    (err: unknown) => err,
  );
  await registry.close();
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function tables(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

/** The append-only trigger function and the triggers that call it, as the database has them. */
async function appendOnlyGuards(db: TestDatabase): Promise<{ fn: number; triggers: string[] }> {
  const fn = await db.query<unknown[]>(
    `SELECT 1 FROM pg_proc WHERE proname = 'audit_event_reject_change'`,
  );
  const triggers = await db.query<{ tgname: string }[]>(
    `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`,
  );
  return { fn: fn.length, triggers: triggers.map((t) => t.tgname) };
}

function migrationRun(databaseUrl: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ['dist/scripts/migration-run.js', ...args], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.trim();
}

if (pgUnavailableReason) reportPostgresUnavailable(pgUnavailableReason);
else
  describe('PostgresRegistry', () => {
    let db: TestDatabase;
    const scratch: TestDatabase[] = [];

    async function scratchDb(): Promise<TestDatabase> {
      const extra = await createTestDatabase();
      scratch.push(extra);
      return extra;
    }

    beforeAll(async () => {
      db = await createTestDatabase();
    });

    afterAll(async () => {
      await Promise.all([db, ...scratch].map((d) => d?.drop()));
    });

    describeRegistryContract(
      'PostgresRegistry',
      async () => ({
        registry: new PostgresRegistry({ databaseUrl: db.url }),
        reopen: () => new PostgresRegistry({ databaseUrl: db.url }),
      }),
      async () => {
        await db.query('DELETE FROM engine_state');
      },
    );

    describeRegistryContract(
      'ResilientRegistry over PostgresRegistry',
      async () => {
        const wrap = () => new ResilientRegistry(new PostgresRegistry({ databaseUrl: db.url }));
        return { registry: wrap(), reopen: wrap };
      },
      async () => {
        await db.query('DELETE FROM engine_state');
      },
    );

    it('keeps parallel upserts from two processes-worth of pools consistent', async () => {
      const a = new PostgresRegistry({ databaseUrl: db.url, connection: { poolSize: 4 } });
      const b = new PostgresRegistry({ databaseUrl: db.url, connection: { poolSize: 4 } });
      await Promise.all([a.open(), b.open()]);
      try {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? a : b).upsert('RACEUSDT', { desiredState: i % 3 ? 'running' : 'stopped' }),
          ),
        );
        expect((await a.get('RACEUSDT'))?.version).toBe(40);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('runs migrations on open, and down() leaves only the empty migrations table', async () => {
      const empty = await scratchDb();
      const registry = new PostgresRegistry({ databaseUrl: empty.url });
      await registry.open();
      await registry.close();
      expect(await tables(empty)).toEqual(ALL_TABLES);
      const ds = await createRegistryDataSource(empty.url).initialize();
      try {
        await ds.undoLastMigration();
        expect(await tables(empty)).toEqual(['audit_event', 'engine_state', 'flotilla_migrations']);
        await ds.undoLastMigration();
      } finally {
        await ds.destroy();
      }
      expect(await tables(empty)).toEqual(['flotilla_migrations']);
      expect(await empty.query('SELECT * FROM flotilla_migrations')).toEqual([]);
    });

    it('migrates an empty database up, down and up again with the script, guards included', async () => {
      const empty = await scratchDb();
      const guarded = {
        fn: 1,
        triggers: ['audit_event_no_truncate', 'audit_event_no_update_delete'],
      };
      expect(migrationRun(empty.url)).toMatch(
        /applied 2 migration\(s\) .*InitialRegistrySchema.*OwnershipLease/,
      );
      expect(await appendOnlyGuards(empty)).toEqual(guarded);
      expect(migrationRun(empty.url)).toMatch(/is up to date$/);

      expect(migrationRun(empty.url, '--revert')).toMatch(/reverted registry migration Ownership/);
      expect(migrationRun(empty.url, '--revert')).toMatch(/reverted registry migration Initial/);
      expect(await tables(empty)).toEqual(['flotilla_migrations']);
      expect(await appendOnlyGuards(empty)).toEqual({ fn: 0, triggers: [] });
      expect(migrationRun(empty.url, '--revert')).toMatch(/no registry migration to revert/);

      expect(migrationRun(empty.url)).toMatch(/applied 2 migration\(s\)/);
      expect(await tables(empty)).toEqual(ALL_TABLES);
      expect(await appendOnlyGuards(empty)).toEqual(guarded);
      await empty.query(
        `INSERT INTO audit_event (at, actor, action, subject) VALUES (now(), 'a', 'b', 'c')`,
      );
      await expect(empty.query('DELETE FROM audit_event')).rejects.toThrow(/append-only: DELETE/);
      await expect(empty.query('TRUNCATE audit_event')).rejects.toThrow(/append-only: TRUNCATE/);
    }, 90_000); // seven runs of the migration script, each a fresh node process

    it('names the migration lock when another session holds it past the statement timeout', async () => {
      const holder = new DataSource({ type: 'postgres', url: db.url });
      await holder.initialize();
      const session = holder.createQueryRunner();
      await session.connect();
      try {
        await session.query('SELECT pg_advisory_lock($1)', [REGISTRY_MIGRATION_LOCK_KEY]);
        const error = await openError(
          new PostgresRegistry({
            databaseUrl: db.url,
            connection: { queryTimeoutMs: 400 },
            retry: { attempts: 1, delayMs: 10 },
          }),
        );
        expect(error.code).toBe('REGISTRY_UNAVAILABLE');
        expect(error.message).toContain(db.name);
        expect(error.message).toContain('timed out after 400 ms');
        expect(error.message).toContain(`pg_advisory_lock(${REGISTRY_MIGRATION_LOCK_KEY})`);
        expect(error.message).toContain('Another Flotilla process');
      } finally {
        await session.release();
        await holder.destroy();
      }
    });

    it('lets two processes open an empty database at once, migrating it once', async () => {
      const empty = await scratchDb();
      const a = new PostgresRegistry({ databaseUrl: empty.url });
      const b = new PostgresRegistry({ databaseUrl: empty.url });
      await Promise.all([a.open(), b.open()]);
      await Promise.all([a.close(), b.close()]);
      expect(await empty.query('SELECT name FROM flotilla_migrations')).toHaveLength(2);
    });

    it('refuses a foreign engine_state table, names the problem and leaves it alone', async () => {
      const foreign = await scratchDb();
      await foreign.query('CREATE TABLE engine_state (symbol text PRIMARY KEY, state text)');
      const error = await openError(new PostgresRegistry({ databaseUrl: foreign.url }));
      expect(error.code).toBe('REGISTRY_CORRUPT');
      expect(error.message).toContain('table engine_state exists but was not created by Flotilla');
      expect(error.message).toContain('column desired_state is missing');
      expect(error.message).toContain('unexpected column state');
      expect(error.message).toContain('It was not modified');
      expect(await tables(foreign)).toEqual(['engine_state']);
    });

    it('refuses a registry table changed after migration', async () => {
      const tampered = await scratchDb();
      const registry = new PostgresRegistry({ databaseUrl: tampered.url });
      await registry.open();
      await registry.close();
      await tampered.query('ALTER TABLE engine_state ALTER COLUMN health TYPE text');
      const error = await openError(new PostgresRegistry({ databaseUrl: tampered.url }));
      expect(error.code).toBe('REGISTRY_CORRUPT');
      expect(error.message).toContain('column health is text, expected jsonb');
    });

    it('fails boot against an unreachable server within the bounded retry, without the password', async () => {
      const started = Date.now();
      const error = await openError(
        new PostgresRegistry({
          databaseUrl: 'postgres://flotilla:s3cr3t-pw@127.0.0.1:1/flotilla',
          retry: { attempts: 3, delayMs: 50 },
          connection: { connectTimeoutMs: 1_000 },
        }),
      );
      expect(error.code).toBe('REGISTRY_UNAVAILABLE');
      expect(error.message).toContain('127.0.0.1:1/flotilla');
      expect(error.message).toContain('after 3 attempt(s)');
      expect(error.message).not.toContain('s3cr3t-pw');
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    describe('audit_event', () => {
      let registry: PostgresRegistry;

      beforeAll(async () => {
        registry = new PostgresRegistry({ databaseUrl: db.url });
        await registry.open();
      });

      afterAll(async () => {
        await registry.close();
      });

      it('appends events with exact decimal notional and finds them by subject and trace', async () => {
        const event = {
          at: '2026-03-01T10:00:00.123Z',
          traceId: 'trace-1',
          actor: 'operator:alice',
          action: 'order.placed',
          subject: 'BTCUSDT',
          before: null,
          after: { side: 'buy', qty: '0.001' },
          context: { bid: '64000.10', ask: '64000.20' },
          notional: dec('12345678901234.123456789012345678'),
        };
        const stored = await registry.appendAudit(event);
        await registry.appendAudit({ ...event, traceId: 'trace-2', notional: null });
        expect(stored.id).toMatch(/^\d+$/);
        const byTrace = await registry.listAudit({ traceId: 'trace-1' });
        expect(byTrace).toHaveLength(1);
        expect(byTrace[0].notional?.toFixed()).toBe('12345678901234.123456789012345678');
        expect(byTrace[0]).toMatchObject({
          at: event.at,
          after: event.after,
          context: event.context,
        });
        expect(await registry.listAudit({ subject: 'BTCUSDT' })).toHaveLength(2);
      });

      it('rejects UPDATE and DELETE at the database level', async () => {
        await registry.appendAudit({
          at: '2026-03-01T10:00:00.000Z',
          traceId: null,
          actor: 'supervisor',
          action: 'engine.restart',
          subject: 'ETHUSDT',
          before: null,
          after: null,
          context: {},
          notional: null,
        });
        await expect(db.query(`UPDATE audit_event SET actor = 'mallory'`)).rejects.toThrow(
          /append-only: UPDATE/,
        );
        await expect(db.query('DELETE FROM audit_event')).rejects.toThrow(/append-only: DELETE/);
        expect((await registry.listAudit({ subject: 'ETHUSDT' }))[0].actor).toBe('supervisor');
      });
    });
  });

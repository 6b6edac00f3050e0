import { DomainError } from '@flotilla/core';
import { PostgresRegistry, ResilientRegistry } from '@flotilla/registry';
import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from './pg-test-db';

if (pgUnavailableReason) reportPostgresUnavailable(pgUnavailableReason);
else
  describe('ResilientRegistry over PostgreSQL: a write the database refuses for good', () => {
    let db: TestDatabase;

    beforeAll(async () => {
      db = await createTestDatabase();
    });

    afterAll(async () => {
      await db?.drop();
    });

    it('is REGISTRY_WRITE_FAILED naming the store and the symbol, not queued, the store still up', async () => {
      const registry = new ResilientRegistry(new PostgresRegistry({ databaseUrl: db.url }));
      await registry.open();
      try {
        await registry.upsert('BTCUSDT', { desiredState: 'stopped' });
        // A rule the row breaks (check_violation, 23514): bad data, not an outage.
        await db.query(
          `ALTER TABLE engine_state ADD CONSTRAINT no_running CHECK (desired_state <> 'running')`,
        );
        const err: unknown = await registry
          .upsert('BTCUSDT', { desiredState: 'running' })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe('REGISTRY_WRITE_FAILED');
        expect((err as DomainError).message).toMatch(
          /^postgres .+ refused the change to BTCUSDT: .*no_running/,
        );
        expect((err as DomainError).message).not.toContain(db.url);
        expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
        expect((await registry.get('BTCUSDT'))?.desiredState).toBe('stopped');
      } finally {
        await registry.close();
      }
    });
  });

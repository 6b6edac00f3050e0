import { PostgresLeaseStore, PostgresRegistry, type FenceToken } from '@flotilla/registry';
import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from './pg-test-db';

jest.setTimeout(30_000);

if (pgUnavailableReason) reportPostgresUnavailable(pgUnavailableReason);
else
  describe('PostgresRegistry fencing by the ownership lease', () => {
    let db: TestDatabase;
    let registry: PostgresRegistry;
    let leases: PostgresLeaseStore;
    let token: FenceToken | null = null;

    beforeAll(async () => {
      db = await createTestDatabase();
      registry = new PostgresRegistry({ databaseUrl: db.url });
      await registry.open();
      registry.fenceWith('fleet', () => token);
      leases = new PostgresLeaseStore(() => registry.dataSource, 'test');
    });

    afterAll(async () => {
      await registry?.close();
      await db?.drop();
    });

    it('refuses every write while this process holds no lease (standby), writing nothing', async () => {
      await expect(registry.upsert('BTCUSDT', { desiredState: 'running' })).rejects.toMatchObject({
        code: 'NOT_OWNER',
      });
      expect(await registry.get('BTCUSDT')).toBeUndefined();
    });

    it('writes under the current epoch and records observed states with it', async () => {
      const taken = await leases.tryAcquire('fleet', 'replica-a', 60_000);
      expect(taken).toEqual({ holder: 'replica-a', epoch: 1, acquired: true });
      token = { name: 'fleet', holder: 'replica-a', epoch: 1 };
      await registry.upsert('BTCUSDT', { desiredState: 'running', observedState: 'running' });
      const history = await db.query<{ lease_epoch: string; holder: string }[]>(
        `SELECT lease_epoch, holder FROM engine_state_history WHERE symbol = 'BTCUSDT'`,
      );
      expect(history).toEqual([{ lease_epoch: '1', holder: 'replica-a' }]);
    });

    it('refuses a write from the epoch before a takeover, and the lease is not taken while live', async () => {
      expect(await leases.tryAcquire('fleet', 'replica-b', 60_000)).toMatchObject({
        acquired: false,
        holder: 'replica-a',
        epoch: 1,
      });
      await db.query(
        `UPDATE ownership_lease SET expires_at = clock_timestamp() WHERE name = 'fleet'`,
      );
      expect(await leases.tryAcquire('fleet', 'replica-b', 60_000)).toMatchObject({
        acquired: true,
        epoch: 2,
      });
      await expect(registry.upsert('BTCUSDT', { desiredState: 'stopped' })).rejects.toMatchObject({
        code: 'LEASE_LOST',
      });
      await expect(registry.remove('BTCUSDT')).rejects.toMatchObject({ code: 'LEASE_LOST' });
      expect(await leases.renew({ name: 'fleet', holder: 'replica-a', epoch: 1 }, 60_000)).toBe(
        false,
      );
      expect(await leases.renew({ name: 'fleet', holder: 'replica-b', epoch: 2 }, 60_000)).toBe(
        true,
      );
      expect((await registry.get('BTCUSDT'))?.desiredState).toBe('running');
    });
  });

import { PostgresRegistry } from '@flotilla/registry';
import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from '../../registry/pg-test-db';
import {
  assertBuilt,
  killLeftoverOrchestrators,
  spawnOrchestrator,
  type OrchestratorProcess,
} from '../../support/orchestrator-process';
import { forkVenueSim, type VenueSimProcess } from '../../support/venue-sim-process';
import {
  API_TOKEN,
  engineStates,
  http,
  makeDataDir,
  removeDir,
  runningSymbols,
  waitUntil,
} from './process-tools';

const AUTOSTART = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const TTL_MS = 3_000;

interface Ownership {
  status: string;
  state: string;
  epoch: number | null;
  holder: string | null;
  self: string;
}

async function ownership(orch: OrchestratorProcess): Promise<{ status: number; lease: Ownership }> {
  const { status, body } = await http('GET', `${orch.baseUrl}/health/ready`, undefined, 5_000);
  const details = (body as { details?: { ownership?: Ownership } })?.details;
  return { status, lease: details?.ownership as Ownership };
}

async function metric(orch: OrchestratorProcess, name: string): Promise<number> {
  const text = await (await fetch(`${orch.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

jest.setTimeout(120_000);

if (pgUnavailableReason) reportPostgresUnavailable(pgUnavailableReason);
else
  describe('two replicas on one PostgreSQL database', () => {
    let sim: VenueSimProcess;
    let db: TestDatabase | undefined;
    const dirs: string[] = [];

    beforeAll(async () => {
      assertBuilt();
      sim = await forkVenueSim(['--port', '0']);
      db = await createTestDatabase();
    });

    afterAll(async () => {
      await killLeftoverOrchestrators();
      await db?.drop();
      await sim?.stop();
      for (const dir of dirs) await removeDir(dir);
    });

    async function replica(): Promise<OrchestratorProcess> {
      const dir = await makeDataDir();
      dirs.push(dir);
      return spawnOrchestrator({
        REGISTRY: 'postgres',
        DATABASE_URL: (db as TestDatabase).url,
        DATA_DIR: dir,
        API_TOKEN,
        VENUE_URL: sim.restUrl,
        VENUE_WS_URL: sim.wsPublicUrl,
        LOGGING_CONSOLE: 'false',
        OWNERSHIP_LEASE_TTL_MS: String(TTL_MS),
        OWNERSHIP_LEASE_RENEW_MS: '1000',
        OWNERSHIP_LEASE_RETRY_MS: '200',
      });
    }

    it('a standby waits, takes over after kill -9 within ttl + 5 s, and no engine ran under both epochs', async () => {
      const database = db as TestDatabase;
      const a = await replica();
      await waitUntil(
        'replica A to own the fleet and run it',
        () => engineStates(a.baseUrl),
        (s) => runningSymbols(s).join() === AUTOSTART.join(),
        60_000,
      );
      const owner = await ownership(a);
      expect(owner).toMatchObject({ status: 200, lease: { state: 'owner', epoch: 1 } });

      const b = await replica();
      const standby = await waitUntil(
        'replica B to report itself a standby',
        () => ownership(b),
        (r) => r.lease?.state === 'standby',
      );
      expect(standby.status).toBe(503);
      expect(standby.lease).toMatchObject({ holder: owner.lease.self, epoch: 1 });
      expect(await metric(a, 'flotilla_lease_owner')).toBe(1);
      expect(await metric(b, 'flotilla_lease_owner')).toBe(0);
      expect(await metric(b, 'flotilla_lease_epoch')).toBe(1);
      expect(runningSymbols(await engineStates(b.baseUrl))).toEqual([]);

      // A standby refuses operator actions, naming the holder, and writes nothing.
      const refused = await http('POST', `${b.baseUrl}/engines/stop/BTCUSDT`);
      expect(refused.status).toBe(503);
      expect(JSON.stringify(refused.body)).toContain(owner.lease.self);
      const desired = await database.query<{ desired_state: string }[]>(
        `SELECT desired_state FROM engine_state WHERE symbol = 'BTCUSDT'`,
      );
      expect(desired[0].desired_state).toBe('running');

      a.kill('SIGKILL');
      const killedAt = Date.now();
      await a.exited;
      await waitUntil(
        'replica B to take over',
        () => ownership(b),
        (r) => r.lease?.state === 'owner',
        TTL_MS + 10_000,
        50,
      );
      const takeoverMs = Date.now() - killedAt;
      await waitUntil(
        'replica B to run the fleet',
        () => engineStates(b.baseUrl),
        (s) => runningSymbols(s).join() === AUTOSTART.join(),
        30_000,
      );
      const runningMs = Date.now() - killedAt;
      console.log(
        `ownership takeover after kill -9: lease in ${takeoverMs} ms, engines running in ` +
          `${runningMs} ms (ttl ${TTL_MS} ms)`,
      );
      expect(takeoverMs).toBeLessThanOrEqual(TTL_MS + 5_000);
      expect((await ownership(b)).lease).toMatchObject({ state: 'owner', epoch: 2 });

      // From the registry's history: every symbol's observed states were written by epoch 1,
      // then by epoch 2, never interleaved; both epochs ran the autostart engines.
      const interleaved = await database.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM engine_state_history x JOIN engine_state_history y
           ON x.symbol = y.symbol AND x.id < y.id AND x.lease_epoch > y.lease_epoch`,
      );
      expect(Number(interleaved[0].n)).toBe(0);
      const ranBy = await database.query<{ lease_epoch: string; symbols: string }[]>(
        `SELECT lease_epoch, string_agg(DISTINCT symbol, ',' ORDER BY symbol) AS symbols
           FROM engine_state_history WHERE observed_state = 'running' GROUP BY lease_epoch
           ORDER BY lease_epoch`,
      );
      expect(ranBy).toEqual([
        { lease_epoch: '1', symbols: AUTOSTART.join() },
        { lease_epoch: '2', symbols: AUTOSTART.join() },
      ]);
      const firstOfB = await database.query<{ at: Date }[]>(
        `SELECT min(at) AS at FROM engine_state_history WHERE lease_epoch = 2`,
      );
      const lastOfA = await database.query<{ at: Date }[]>(
        `SELECT max(at) AS at FROM engine_state_history WHERE lease_epoch = 1`,
      );
      expect(new Date(firstOfB[0].at).getTime()).toBeGreaterThan(new Date(lastOfA[0].at).getTime());

      // A write under the dead holder's epoch is refused (fencing).
      const stale = new PostgresRegistry({ databaseUrl: database.url });
      await stale.open();
      try {
        stale.fenceWith('fleet', () => ({ name: 'fleet', holder: owner.lease.self, epoch: 1 }));
        await expect(stale.upsert('BTCUSDT', { desiredState: 'stopped' })).rejects.toMatchObject({
          code: 'LEASE_LOST',
        });
      } finally {
        await stale.close();
      }
      const after = await database.query<{ desired_state: string }[]>(
        `SELECT desired_state FROM engine_state WHERE symbol = 'BTCUSDT'`,
      );
      expect(after[0].desired_state).toBe('running');

      // A graceful stop releases the lease at once.
      expect(await b.stop()).toBe(0);
      const lease = await database.query<{ free: boolean }[]>(
        `SELECT expires_at <= clock_timestamp() AS free FROM ownership_lease WHERE name = 'fleet'`,
      );
      expect(lease[0].free).toBe(true);
    });
  });

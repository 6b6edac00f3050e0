import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from '../../registry/pg-test-db';
import {
  assertBuilt,
  killLeftoverOrchestrators,
  runOrchestratorToExit,
  spawnOrchestrator,
  type OrchestratorProcess,
} from '../../support/orchestrator-process';
import { forkVenueSim, type VenueSimProcess } from '../../support/venue-sim-process';
import {
  API_TOKEN,
  engineStates,
  http,
  runningSymbols,
  waitUntil,
  type HttpAnswer,
} from './process-tools';

const AUTOSTART = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

async function desiredStatesInDb(db: TestDatabase): Promise<Record<string, string>> {
  const rows = await db.query<{ symbol: string; desired_state: string }[]>(
    'SELECT symbol, desired_state FROM engine_state ORDER BY symbol',
  );
  return Object.fromEntries(rows.map((r) => [r.symbol, r.desired_state]));
}

function ready(orch: OrchestratorProcess): Promise<HttpAnswer> {
  return http('GET', `${orch.baseUrl}/health/ready`, undefined, 5_000);
}

function deps(orch: OrchestratorProcess): Promise<HttpAnswer> {
  return http('GET', `${orch.baseUrl}/health/deps`, undefined, 5_000);
}

const registryStatus = (answer: HttpAnswer): unknown =>
  (answer.body as { dependencies?: { registry?: { status?: string } } }).dependencies?.registry
    ?.status;

jest.setTimeout(60_000);

if (pgUnavailableReason) reportPostgresUnavailable(pgUnavailableReason);
else
  describe('orchestrator process on PostgreSQL', () => {
    let sim: VenueSimProcess;
    let db: TestDatabase | undefined;
    let env: Record<string, string>;

    beforeAll(async () => {
      assertBuilt();
      sim = await forkVenueSim(['--port', '0']);
    });

    afterAll(async () => {
      await sim?.stop();
    });

    beforeEach(async () => {
      db = await createTestDatabase();
      env = {
        REGISTRY: 'postgres',
        DATABASE_URL: db.url,
        API_TOKEN,
        VENUE_URL: sim.restUrl,
        VENUE_WS_URL: sim.wsPublicUrl,
        LOGGING_CONSOLE: 'false',
        REGISTRY_RETRY_INITIAL_MS: '100',
        REGISTRY_RETRY_MAX_MS: '400',
        HEALTH_DEPS_INTERVAL_MS: '200',
      };
    });

    afterEach(async () => {
      await killLeftoverOrchestrators();
      if (db) {
        await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
        await db.drop();
      }
      db = undefined;
    });

    it('resumes exactly the desired-running engines after kill -9', async () => {
      const orch = await spawnOrchestrator(env);
      await waitUntil(
        'the autostart engines to run',
        () => engineStates(orch.baseUrl),
        (s) => runningSymbols(s).join() === AUTOSTART.join(),
      );
      expect((await http('POST', `${orch.baseUrl}/engines/start/XRPUSDT`)).status).toBe(201);
      expect((await http('POST', `${orch.baseUrl}/engines/stop/ETHUSDT`)).status).toBe(200);
      orch.kill('SIGKILL');
      expect((await orch.exited).signal).toBe('SIGKILL');

      const expected = {
        BTCUSDT: 'running',
        ETHUSDT: 'stopped',
        SOLUSDT: 'running',
        XRPUSDT: 'running',
      };
      expect(await desiredStatesInDb(db as TestDatabase)).toEqual(expected);
      const again = await spawnOrchestrator(env);
      const states = await waitUntil(
        'the desired-running engines to resume',
        () => engineStates(again.baseUrl),
        (s) => runningSymbols(s).length >= 3,
      );
      expect(runningSymbols(states)).toEqual(['BTCUSDT', 'SOLUSDT', 'XRPUSDT']);
      expect(states.ETHUSDT ?? 'absent').not.toBe('running');
      expect(await again.stop()).toBe(0);
      expect(await desiredStatesInDb(db as TestDatabase)).toEqual(expected);
    });

    it('rides out a database outage: live and ready stay up, both say why, operator actions land after', async () => {
      const database = db as TestDatabase;
      const orch = await spawnOrchestrator(env);
      await waitUntil(
        'ready',
        () => ready(orch),
        (r) => r.status === 200,
      );
      await waitUntil(
        'the autostart engines to run',
        () => engineStates(orch.baseUrl),
        (s) => runningSymbols(s).join() === AUTOSTART.join(),
      );

      await database.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
      await database.admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}'`,
      );
      const down = await waitUntil(
        'deps to report the registry down',
        () => deps(orch),
        (r) => registryStatus(r) === 'down',
      );
      expect(down.status).toBe(200);
      expect(JSON.stringify(down.body)).toContain(database.name);
      const readyDuring = await ready(orch);
      expect(readyDuring.status).toBe(200);
      expect(registryStatus(readyDuring)).toBe('down');
      expect(JSON.stringify(readyDuring.body)).toContain(database.name);
      expect((await http('GET', `${orch.baseUrl}/health/live`)).status).toBe(200);
      expect(runningSymbols(await engineStates(orch.baseUrl))).toEqual(AUTOSTART);

      expect((await http('POST', `${orch.baseUrl}/engines/stop/ETHUSDT`)).status).toBe(200);
      expect((await http('POST', `${orch.baseUrl}/engines/start/XRPUSDT`)).status).toBe(201);
      const during = await engineStates(orch.baseUrl);
      expect(runningSymbols(during)).toEqual(['BTCUSDT', 'SOLUSDT', 'XRPUSDT']);
      expect((await ready(orch)).status).toBe(200);
      expect((await http('GET', `${orch.baseUrl}/health/live`)).status).toBe(200);

      await database.admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
      await waitUntil(
        'the registry back up',
        () => deps(orch),
        (r) => registryStatus(r) === 'up',
        15_000,
      );
      expect(await desiredStatesInDb(database)).toEqual({
        BTCUSDT: 'running',
        ETHUSDT: 'stopped',
        SOLUSDT: 'running',
        XRPUSDT: 'running',
      });
      expect(runningSymbols(await engineStates(orch.baseUrl))).toEqual([
        'BTCUSDT',
        'SOLUSDT',
        'XRPUSDT',
      ]);
      expect(await orch.stop()).toBe(0);
    });

    it('exits non-zero on an unreachable database, naming host:port and not the password', async () => {
      const password = 'n0t-a-real-passw0rd';
      const run = await runOrchestratorToExit(
        { ...env, DATABASE_URL: `postgres://flotilla:${password}@127.0.0.1:1/flotilla` },
        30_000,
      );
      expect(run.signal).toBeNull();
      expect(run.code).not.toBe(0);
      expect(run.elapsedMs).toBeLessThan(20_000);
      expect(run.stderr).toContain('127.0.0.1:1');
      expect(run.stderr).toMatch(/not reachable/);
      expect(run.stderr + run.stdout).not.toContain(password);
    });

    it('refuses to boot on a foreign engine_state table and leaves it alone', async () => {
      const database = db as TestDatabase;
      await database.query('CREATE TABLE engine_state (id serial PRIMARY KEY, name text)');
      await database.query(`INSERT INTO engine_state (name) VALUES ('theirs')`);
      const run = await runOrchestratorToExit(env, 20_000);
      expect(run.signal).toBeNull();
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/table engine_state exists but was not created by Flotilla/);
      expect(run.stderr).toContain(database.name);
      expect(await database.query('SELECT id, name FROM engine_state')).toEqual([
        { id: 1, name: 'theirs' },
      ]);
    });
  });

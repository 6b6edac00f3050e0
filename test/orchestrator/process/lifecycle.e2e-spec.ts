import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertBuilt,
  freePort,
  killLeftoverOrchestrators,
  runOrchestratorToExit,
  spawnOrchestrator,
  type OrchestratorProcess,
} from '../../support/orchestrator-process';
import {
  API_TOKEN,
  desiredStatesInFile,
  embeddedSimPids,
  engineStates,
  http,
  killPids,
  makeDataDir,
  removeDir,
  runningSymbols,
  uniqueSimSeed,
  waitUntil,
} from './process-tools';

const AUTOSTART = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const AFTER_CHANGES = ['BTCUSDT', 'SOLUSDT', 'XRPUSDT'];

/** Waits for the autostart fleet, then starts XRPUSDT and stops ETHUSDT over HTTP. */
async function changeFleet(orch: OrchestratorProcess, token: string): Promise<void> {
  await waitUntil(
    'the autostart engines to run',
    () => engineStates(orch.baseUrl),
    (s) => runningSymbols(s).join() === AUTOSTART.join(),
  );
  expect((await http('POST', `${orch.baseUrl}/engines/start/XRPUSDT`, token)).status).toBe(201);
  expect((await http('POST', `${orch.baseUrl}/engines/stop/ETHUSDT`, token)).status).toBe(200);
  const states = await waitUntil(
    'XRPUSDT running and ETHUSDT stopped',
    () => engineStates(orch.baseUrl),
    (s) => runningSymbols(s).join() === AFTER_CHANGES.join(),
  );
  expect(states.ETHUSDT).toBe('stopped');
}

/** Boots again on the same DATA_DIR and checks exactly the desired-running engines came back. */
async function expectResumed(env: Record<string, string>): Promise<OrchestratorProcess> {
  const again = await spawnOrchestrator(env);
  const states = await waitUntil(
    'the desired-running engines to resume',
    () => engineStates(again.baseUrl),
    (s) => runningSymbols(s).length >= AFTER_CHANGES.length,
  );
  expect(runningSymbols(states)).toEqual(AFTER_CHANGES);
  expect(states.ETHUSDT ?? 'absent').not.toBe('running');
  return again;
}

jest.setTimeout(60_000);

describe('orchestrator process lifecycle (JSON registry)', () => {
  let dataDir: string | undefined;
  let seed: number;

  beforeAll(() => {
    assertBuilt();
  });

  beforeEach(async () => {
    dataDir = await makeDataDir();
    seed = uniqueSimSeed();
  });

  afterEach(async () => {
    await killLeftoverOrchestrators();
    await killPids(await embeddedSimPids(seed));
    await removeDir(dataDir);
    dataDir = undefined;
  });

  it('npm start defaults: embedded sim, autostart, banner, token file; SIGTERM exits 0 and resumes', async () => {
    const dir = dataDir as string;
    // No API_TOKEN, no VENUE_URL, console logging on: what `npm start` does. The seed only tags the sim child.
    const env = { DATA_DIR: dir, VENUE_SIM_SEED: String(seed) };
    const orch = await spawnOrchestrator(env);
    expect(await embeddedSimPids(seed)).toHaveLength(1);

    const tokenFile = join(dir, 'api-token');
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(orch.stdout()).toContain(`${orch.baseUrl}/docs`);
    expect(orch.stdout()).toContain(tokenFile);
    // Not a terminal: stdout is strict JSONL, every line naming its process and host.
    for (const line of orch
      .stdout()
      .split('\n')
      .filter((l) => l !== '')) {
      expect(JSON.parse(line)).toMatchObject({ pid: orch.pid, host: expect.any(String) as string });
    }

    await changeFleet(orch, token);
    expect(orch.stdout()).not.toContain(token);
    expect(orch.stderr()).not.toContain(token);

    const signalledAt = Date.now();
    orch.kill('SIGTERM');
    const readiness: number[] = [];
    let exited = false;
    void orch.exited.then(() => (exited = true));
    while (!exited && Date.now() - signalledAt < 12_000) {
      readiness.push((await http('GET', `${orch.baseUrl}/health/ready`, undefined, 1_000)).status);
      await new Promise((r) => setTimeout(r, 20));
    }
    const { code, signal } = await orch.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    // Not ready once the signal is handled: 503 while draining, then the socket closes. Only the
    // first probe may race the signal (the child may read it before the signal) and answer 200.
    const firstDown = readiness.findIndex((s) => s !== 200);
    expect(firstDown).toBeLessThanOrEqual(1);
    expect(readiness.slice(firstDown).filter((s) => s !== 503 && s !== 0)).toEqual([]);

    expect(await desiredStatesInFile(dir)).toEqual({
      BTCUSDT: 'running',
      ETHUSDT: 'stopped',
      SOLUSDT: 'running',
      XRPUSDT: 'running',
    });
    expect(await embeddedSimPids(seed)).toEqual([]);

    const again = await expectResumed(env);
    expect(await again.stop()).toBe(0);
  });

  it('kill -9: the sim child exits by itself, the file parses, desired-running engines come back', async () => {
    const dir = dataDir as string;
    const env = {
      DATA_DIR: dir,
      API_TOKEN,
      VENUE_SIM_SEED: String(seed),
      LOGGING_CONSOLE: 'false',
    };
    const orch = await spawnOrchestrator(env);
    const [simPid] = await embeddedSimPids(seed);
    expect(simPid).toBeGreaterThan(0);
    await changeFleet(orch, API_TOKEN);

    orch.kill('SIGKILL');
    expect(await orch.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await waitUntil(
      'the orphaned embedded simulator to exit',
      () => embeddedSimPids(seed),
      (pids) => pids.length === 0,
      5_000,
    );

    expect(await desiredStatesInFile(dir)).toEqual({
      BTCUSDT: 'running',
      ETHUSDT: 'stopped',
      SOLUSDT: 'running',
      XRPUSDT: 'running',
    });
    const again = await expectResumed(env);
    expect(await again.stop()).toBe(0);
  });

  it('a corrupt registry file stops boot naming the file and is left byte for byte', async () => {
    const dir = dataDir as string;
    const file = join(dir, 'engine-registry.json');
    const corrupt = '{"version":1,"engines":{"BTCUSDT":{"symbol":"BTCUSDT",';
    await writeFile(file, corrupt);
    const run = await runOrchestratorToExit(
      { DATA_DIR: dir, API_TOKEN, VENUE_SIM_SEED: String(seed), LOGGING_CONSOLE: 'false' },
      15_000,
    );
    expect(run.signal).toBeNull();
    expect(run.code).not.toBe(0);
    expect(run.elapsedMs).toBeLessThan(10_000);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/not valid JSON/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(await readFile(file, 'utf8')).toBe(corrupt);
    await waitUntil(
      'no embedded simulator left behind',
      () => embeddedSimPids(seed),
      (pids) => pids.length === 0,
      5_000,
    );
  });

  it('a bad config value stops boot naming the key, the value and the rule', async () => {
    const dir = dataDir as string;
    const run = await runOrchestratorToExit(
      { DATA_DIR: dir, API_TOKEN, HEALTH_INTERVAL_MS: 'abc', VENUE_SIM_SEED: String(seed) },
      15_000,
    );
    expect(run.code).not.toBe(0);
    expect(run.signal).toBeNull();
    expect(run.stderr).toContain('HEALTH_INTERVAL_MS');
    expect(run.stderr).toContain('health.intervalMs');
    expect(run.stderr).toContain('"abc"');
    expect(run.stderr).toMatch(/must be an integer/);
    expect(await embeddedSimPids(seed)).toEqual([]);
  });

  it('an unreachable venue stops boot after a bounded retry, naming the venue', async () => {
    const port = await freePort(); // nothing listens there
    const venueUrl = `http://127.0.0.1:${port}`;
    const run = await runOrchestratorToExit(
      {
        DATA_DIR: dataDir as string,
        API_TOKEN,
        VENUE_URL: venueUrl,
        VENUE_WS_URL: `ws://127.0.0.1:${port}/v5/public/linear`,
      },
      30_000, // the bound: 4 attempts 1, 2 and 4 s apart
    );
    expect(run.signal).toBeNull();
    expect(run.code).not.toBe(0);
    const retries = run.stdout.split('\n').filter((l) => l.includes('instruments not loaded'));
    expect(retries).toHaveLength(3);
    expect(run.stderr).toContain(`cannot load instruments from ${venueUrl} after 4 attempts`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

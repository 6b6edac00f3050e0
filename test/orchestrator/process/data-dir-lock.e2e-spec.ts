import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATA_DIR_LOCK_FILE } from '@flotilla/registry';
import {
  assertBuilt,
  killLeftoverOrchestrators,
  runOrchestratorToExit,
  spawnOrchestrator,
} from '../../support/orchestrator-process';
import { forkVenueSim, type VenueSimProcess } from '../../support/venue-sim-process';
import {
  API_TOKEN,
  engineStates,
  makeDataDir,
  removeDir,
  runningSymbols,
  waitUntil,
} from './process-tools';

const AUTOSTART = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

jest.setTimeout(60_000);

describe('one process per DATA_DIR (JSON registry)', () => {
  let sim: VenueSimProcess;
  let dir: string | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    assertBuilt();
    sim = await forkVenueSim(['--port', '0']);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  beforeEach(async () => {
    dir = await makeDataDir();
    env = {
      DATA_DIR: dir,
      API_TOKEN,
      VENUE_URL: sim.restUrl,
      VENUE_WS_URL: sim.wsPublicUrl,
      LOGGING_CONSOLE: 'false',
    };
  });

  afterEach(async () => {
    await killLeftoverOrchestrators();
    await removeDir(dir);
    dir = undefined;
  });

  it('a second process stops at boot with one line naming the holder; the first runs on', async () => {
    const first = await spawnOrchestrator(env);
    await waitUntil(
      'the autostart engines to run',
      () => engineStates(first.baseUrl),
      (s) => runningSymbols(s).join() === AUTOSTART.join(),
    );

    const second = await runOrchestratorToExit(env, 30_000);
    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`locked by pid ${first.pid}@\\S+`));
    expect(second.stdout).not.toContain('Flotilla listening');

    expect(first.isRunning()).toBe(true);
    expect(runningSymbols(await engineStates(first.baseUrl))).toEqual(AUTOSTART);
    expect(await first.stop()).toBe(0);
    await expect(readFile(join(dir as string, DATA_DIR_LOCK_FILE))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('takes over the lock a killed process left behind (its pid is gone)', async () => {
    const first = await spawnOrchestrator(env);
    first.kill('SIGKILL');
    await first.exited;
    const lockPath = join(dir as string, DATA_DIR_LOCK_FILE);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: first.pid });

    const next = await spawnOrchestrator(env);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: next.pid });
    expect(await next.stop()).toBe(0);
  });

  it('refuses a fresh lock held on another host, and takes it over once stale', async () => {
    const lockPath = join(dir as string, DATA_DIR_LOCK_FILE);
    const foreign = { pid: 4242, host: 'other-node', startedAt: 'x', token: 'feedface' };
    await writeFile(lockPath, JSON.stringify(foreign));
    const refused = await runOrchestratorToExit(env, 30_000);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('locked by pid 4242@other-node');

    // Not refreshed for longer than ownership.lockStaleAfterMs (30 s): its holder is gone.
    const past = new Date(Date.now() - 60_000);
    await utimes(lockPath, past, past);
    const next = await spawnOrchestrator(env);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: next.pid });
    expect(await next.stop()).toBe(0);
  });
});

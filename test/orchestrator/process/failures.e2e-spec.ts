import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { JsonFileRegistry } from '@flotilla/registry';
import {
  assertBuilt,
  killLeftoverOrchestrators,
  spawnOrchestrator,
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

interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

async function orchestratorLog(dataDir: string): Promise<LogLine[]> {
  const dir = join(dataDir, 'logs');
  const files = (await readdir(dir)).filter((f) => f.startsWith('orchestrator-')).sort();
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  return texts.flatMap((t) =>
    t
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine),
  );
}

/** symbol → observedState from the JSON registry file. */
async function observedInFile(dataDir: string): Promise<Record<string, string>> {
  const text = await readFile(join(dataDir, 'engine-registry.json'), 'utf8');
  const doc = JSON.parse(text) as { engines: Record<string, { observedState: string }> };
  return Object.fromEntries(Object.entries(doc.engines).map(([s, r]) => [s, r.observedState]));
}

async function metric(baseUrl: string, name: string): Promise<number> {
  const text = (await (await fetch(`${baseUrl}/metrics`)).text()).split('\n');
  const line = text.find((l) => l.startsWith(`${name} `));
  return line === undefined ? NaN : Number(line.split(' ').at(-1));
}

jest.setTimeout(60_000);

describe('orchestrator process: failures that must be seen (JSON registry)', () => {
  let sim: VenueSimProcess;
  let dataDir: string | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    assertBuilt();
    sim = await forkVenueSim(['--port', '0']);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  beforeEach(async () => {
    dataDir = await makeDataDir();
    env = {
      DATA_DIR: dataDir,
      API_TOKEN,
      VENUE_URL: sim.restUrl,
      VENUE_WS_URL: sim.wsPublicUrl,
      LOGGING_CONSOLE: 'false',
    };
  });

  afterEach(async () => {
    await killLeftoverOrchestrators();
    await removeDir(dataDir);
    dataDir = undefined;
  });

  it('an engine whose resume fails at boot is failed with its reason, counted and logged', async () => {
    const seeded = JsonFileRegistry.inDataDir(dataDir as string);
    await seeded.open();
    await seeded.upsert('BTCUSDT', {
      desiredState: 'running',
      configOverrides: { buyThreshold: '7' },
    });
    await seeded.upsert('ETHUSDT', { desiredState: 'running' });
    await seeded.close();

    const orch = await spawnOrchestrator(env);
    await waitUntil(
      'BTCUSDT failed and ETHUSDT running',
      () => engineStates(orch.baseUrl),
      (s) => s.BTCUSDT === 'failed' && s.ETHUSDT === 'running',
    );
    const btc = await http('GET', `${orch.baseUrl}/engines/status/BTCUSDT`);
    expect(btc.body).toMatchObject({ status: 'failed', desiredStatus: 'running' });
    expect((btc.body as { lastError: string }).lastError).toMatch(/^start failed: .*buyThreshold/);
    const fleet = await http('GET', `${orch.baseUrl}/engines/status`);
    expect(fleet.body).toMatchObject({ total: 2, running: 1, failed: 1 });
    expect(await metric(orch.baseUrl, 'flotilla_engine_resume_failures_total')).toBe(1);
    expect(await orch.stop()).toBe(0);
    const resumeFailed = (await orchestratorLog(dataDir as string)).filter(
      (l) => l.msg === 'resume failed',
    );
    expect(resumeFailed).toEqual([
      expect.objectContaining({ level: 'error', symbol: 'BTCUSDT', state: 'failed' }),
    ]);
  });

  it('after kill -9, boot writes the observed state of engines it has not started yet', async () => {
    const dir = dataDir as string;
    const first = await spawnOrchestrator(env);
    await waitUntil(
      'the autostart engines to run',
      () => engineStates(first.baseUrl),
      (s) => runningSymbols(s).join() === AUTOSTART.join(),
    );
    await waitUntil(
      'the file to say running',
      () => observedInFile(dir),
      (o) => AUTOSTART.every((s) => o[s] === 'running'),
      5_000,
    );
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    // A long stagger keeps ETHUSDT and SOLUSDT waiting: their records must not claim running.
    const again = await spawnOrchestrator({ ...env, RESUME_STAGGER_MS: '60000' });
    const observed = await waitUntil(
      'the stale observed states to be corrected',
      () => observedInFile(dir),
      (o) => o.ETHUSDT === 'stopped' && o.SOLUSDT === 'stopped' && o.BTCUSDT === 'running',
      10_000,
    );
    expect(observed).toEqual({ BTCUSDT: 'running', ETHUSDT: 'stopped', SOLUSDT: 'stopped' });
    expect(await engineStates(again.baseUrl)).toEqual({
      BTCUSDT: 'running',
      ETHUSDT: 'stopped',
      SOLUSDT: 'stopped',
    });
    expect(await again.stop()).toBe(0);
    const corrected = (await orchestratorLog(dir)).filter(
      (l) => l.msg === 'corrected observed states a killed process left live',
    );
    expect(corrected).toEqual([expect.objectContaining({ level: 'warn', count: 3 })]);
  });

  it('a command the registry cannot save is a 503; a shutdown with unsaved writes exits 1', async () => {
    const dir = dataDir as string;
    const orch = await spawnOrchestrator(env);
    await waitUntil(
      'the autostart engines to run',
      () => engineStates(orch.baseUrl),
      (s) => runningSymbols(s).join() === AUTOSTART.join(),
    );
    // A directory where the registry file is renamed to: every write fails, as on a full disk.
    // The service may land a write between the rm and the mkdir; take the path again until ours holds.
    const file = join(dir, 'engine-registry.json');
    await waitUntil(
      'a directory in place of the registry file',
      async () => {
        await rm(file, { recursive: true, force: true });
        return mkdir(file).then(
          () => true,
          () => false,
        );
      },
      (placed) => placed,
    );
    const start = await http('POST', `${orch.baseUrl}/engines/start/XRPUSDT`, API_TOKEN);
    expect(start.status).toBe(503);
    expect(start.body).toMatchObject({ statusCode: 503, code: 'REGISTRY_UNAVAILABLE' });
    expect(await engineStates(orch.baseUrl)).not.toHaveProperty('XRPUSDT');

    expect(await orch.stop()).toBe(1);
    const unsaved = (await orchestratorLog(dir)).filter((l) =>
      /changes the registry never saved/.test(l.msg),
    );
    expect(unsaved).toHaveLength(1);
    expect(unsaved[0].msg).toMatch(/^shutdown: 3 engine record\(s\)/);
  });
});

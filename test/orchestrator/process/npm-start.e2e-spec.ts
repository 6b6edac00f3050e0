import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertBuilt, freePort } from '../../support/orchestrator-process';
import {
  API_TOKEN,
  embeddedSimPids,
  isAlive,
  killPids,
  makeDataDir,
  parentPid,
  removeDir,
  uniqueSimSeed,
  waitUntil,
} from './process-tools';

const ROOT = join(__dirname, '..', '..', '..');

interface NpmStart {
  readonly npm: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
}

/** `npm start` as an operator runs it, in its own process group so the test can clean up after it. */
function npmStart(env: Record<string, string>): NpmStart {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOST: '127.0.0.1', ...env },
  });
  let stdout = '';
  npm.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  npm.stderr?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { npm, exited, stdout: () => stdout };
}

/** The simulator's pid and its parents: the service, then the launcher. */
async function processChain(
  seed: number,
): Promise<{ sim: number; service: number; launcher: number }> {
  const [sim] = await embeddedSimPids(seed);
  const service = (await parentPid(sim)) ?? -1;
  const launcher = (await parentPid(service)) ?? -1;
  return { sim, service, launcher };
}

jest.setTimeout(120_000);

describe('npm start (scripts/start.cjs)', () => {
  let dataDir: string | undefined;
  let seed: number;
  let run: NpmStart | undefined;
  const started: number[] = [];

  beforeAll(() => {
    assertBuilt();
  });

  beforeEach(async () => {
    dataDir = await makeDataDir();
    seed = uniqueSimSeed();
  });

  afterEach(async () => {
    if (run?.npm.pid && run.npm.exitCode === null) {
      try {
        process.kill(-run.npm.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await killPids(started.splice(0));
    await killPids(await embeddedSimPids(seed));
    await removeDir(dataDir);
    run = undefined;
  });

  async function startAndWaitForBanner(): Promise<{
    sim: number;
    service: number;
    launcher: number;
  }> {
    const port = await freePort();
    run = npmStart({
      DATA_DIR: dataDir as string,
      PORT: String(port),
      API_TOKEN,
      VENUE_SIM_SEED: String(seed),
      LOGGING_CONSOLE: 'false',
    });
    const current = run;
    await waitUntil(
      'the banner',
      async () => current.stdout(),
      (out) => out.includes('Flotilla listening'),
      90_000,
      100,
    );
    const chain = await processChain(seed);
    started.push(chain.service, chain.sim);
    return chain;
  }

  it('skips the build on an unchanged tree; SIGTERM to npm stops the service and its simulator, exit 0', async () => {
    const chain = await startAndWaitForBanner();
    const npm = run as NpmStart;
    expect(npm.stdout()).toContain('start: build is up to date, not rebuilding');
    expect(npm.stdout()).not.toContain('nest build');
    expect(chain.sim).toBeGreaterThan(0);
    // npm's `sh -c` is replaced by the launcher (exec), so npm's signal reaches the launcher.
    expect(await parentPid(chain.launcher)).toBe(npm.npm.pid);
    const launcherArgv = await readFile(`/proc/${chain.launcher}/cmdline`, 'utf8');
    expect(launcherArgv.split('\0')).toContain('scripts/start.cjs');

    npm.npm.kill('SIGTERM');
    expect(await npm.exited).toEqual({ code: 0, signal: null });
    await waitUntil(
      'the service and the simulator to exit',
      async () => [await isAlive(chain.service), await isAlive(chain.sim)],
      (alive) => alive.every((a) => !a),
      10_000,
    );
    expect(() => process.kill(chain.service, 0)).toThrow();
    expect(() => process.kill(chain.sim, 0)).toThrow();
  });

  it('kill -9 of the launcher: the service stops by itself and takes its simulator with it', async () => {
    const chain = await startAndWaitForBanner();
    process.kill(chain.launcher, 'SIGKILL');
    // Orphans go to PID 1, which in a container may never reap them: a zombie counts as gone.
    const alive = await waitUntil(
      'the orphaned service and simulator to exit',
      async () => [await isAlive(chain.service), await isAlive(chain.sim)],
      (a) => a.every((up) => !up),
      15_000,
    );
    expect(alive).toEqual([false, false]);
  });
});

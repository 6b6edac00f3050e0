import { execFile, spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The launcher package.json's "bin" names: dist/apps/cli/main.js when built, else the TS source. */
export const FLOTILLA_BIN = join(__dirname, '..', '..', 'bin', 'flotilla.cjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

export interface CliEnv {
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/** Only what the test gives: no API_TOKEN, FLOTILLA_URL, PORT or DATA_DIR leaks in from the runner. */
function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    TZ: 'UTC',
    ...env,
  };
}

/** `node bin/flotilla.cjs …` to its exit. */
export function runFlotilla(args: readonly string[], opts: CliEnv = {}): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [FLOTILLA_BIN, ...args],
      { env: childEnv(opts.env), cwd: opts.cwd, timeout: 60_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout, stderr, elapsedMs: performance.now() - started });
      },
    );
  });
}

/** A long-running `flotilla …` (logs --follow) whose output the test watches, then kills. */
export interface FollowingCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

export function spawnFlotilla(args: readonly string[], opts: CliEnv = {}): FollowingCli {
  const child = spawn(process.execPath, [FLOTILLA_BIN, ...args], {
    env: childEnv(opts.env),
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The test app's server on an ephemeral loopback port (closed by the app's close()). */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const ORCHESTRATOR_MAIN = join(ROOT, 'dist', 'apps', 'orchestrator', 'main.js');

const STDOUT_CAP_BYTES = 1024 * 1024;
const STDERR_CAP_BYTES = 64 * 1024;
const READY_TIMEOUT_MS = 60_000;
const STOP_KILL_AFTER_MS = 15_000;

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A launched orchestrator child, whether or not it ever listened. */
export interface LaunchedOrchestrator {
  readonly baseUrl: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<ExitStatus>;
  /** The first 1 MB of stdout. */
  stdout(): string;
  /** The last 64 KB of stderr. */
  stderr(): string;
  /** Sends a signal if the process is still running. */
  kill(signal?: NodeJS.Signals): void;
  isRunning(): boolean;
}

export interface OrchestratorProcess extends LaunchedOrchestrator {
  /** SIGTERM, then SIGKILL after 15 s; resolves to the exit code. */
  stop(): Promise<number | null>;
}

export interface RunResult extends ExitStatus {
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

const launched = new Set<LaunchedOrchestrator>();

export function assertBuilt(): void {
  if (!existsSync(ORCHESTRATOR_MAIN)) {
    throw new Error(`${ORCHESTRATOR_MAIN} is missing: run npm run build before these tests`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the built orchestrator (cwd = repo root, as `npm start`) without waiting for it. */
export async function launchOrchestrator(
  env: Record<string, string>,
): Promise<LaunchedOrchestrator> {
  assertBuilt();
  const port = await freePort();
  // The young-generation size npm start and the Dockerfile give it; FLOTILLA_NODE_ARGS adds
  // more, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a benchmark's service.
  const nodeArgs = [
    '--max-semi-space-size=16',
    ...(process.env.FLOTILLA_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawn(process.execPath, [...nodeArgs, ORCHESTRATOR_MAIN], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // FLOTILLA_SERVICE_OUT=FILE keeps the service's whole stdout (e.g. --trace-gc lines) for a look later.
  const keep = process.env.FLOTILLA_SERVICE_OUT;
  if (keep) child.stdout?.pipe(createWriteStream(keep));
  child.stdout?.on('data', (c: Buffer) => {
    if (stdout.length < STDOUT_CAP_BYTES) stdout += c.toString('utf8');
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-STDERR_CAP_BYTES);
  });
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: child.exitCode, signal: child.signalCode }));
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const proc: LaunchedOrchestrator = {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    kill: (signal = 'SIGTERM') => {
      if (isRunning()) child.kill(signal);
    },
    isRunning,
  };
  launched.add(proc);
  void exited.then(() => launched.delete(proc));
  return proc;
}

/** Runs the built orchestrator as a child process and waits until /health/live answers. */
export async function spawnOrchestrator(
  env: Record<string, string>,
  readyTimeoutMs = READY_TIMEOUT_MS,
): Promise<OrchestratorProcess> {
  const proc = await launchOrchestrator(env);
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (!proc.isRunning()) {
      const { code, signal } = await proc.exited;
      throw new Error(`orchestrator exited (code ${code}, signal ${signal}): ${proc.stderr()}`);
    }
    try {
      if ((await fetch(`${proc.baseUrl}/health/live`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(
        `orchestrator did not answer /health/live within ${readyTimeoutMs} ms: ${proc.stderr()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ...proc, stop: () => stop(proc) };
}

/** Runs the orchestrator expecting it to exit by itself (a failed boot); SIGKILLs it at the deadline. */
export async function runOrchestratorToExit(
  env: Record<string, string>,
  timeoutMs: number,
): Promise<RunResult> {
  const started = Date.now();
  const proc = await launchOrchestrator(env);
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const status = await proc.exited;
  clearTimeout(timer);
  return {
    ...status,
    stdout: proc.stdout(),
    stderr: proc.stderr(),
    elapsedMs: Date.now() - started,
  };
}

/** SIGKILLs every orchestrator this module launched that is still running; returns how many. */
export async function killLeftoverOrchestrators(): Promise<number> {
  const running = [...launched].filter((p) => p.isRunning());
  for (const p of running) p.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
  return running.length;
}

async function stop(proc: LaunchedOrchestrator): Promise<number | null> {
  if (!proc.isRunning()) return (await proc.exited).code;
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_KILL_AFTER_MS);
  const { code } = await proc.exited;
  clearTimeout(timer);
  return code;
}

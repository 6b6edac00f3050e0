import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@flotilla/core';

const START_TIMEOUT_MS = 20_000;
const STOP_KILL_AFTER_MS = 3_000;

export interface SimExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One running simulator child, as the supervisor sees it (a fake in unit specs). */
export interface SimHandle {
  readonly pid: number;
  readonly port: number;
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  /** Settles once when the child has exited, whoever ended it. */
  readonly exited: Promise<SimExit>;
  /** SIGTERM, then SIGKILL after 3 s; resolves when the child is gone. */
  stop(): Promise<void>;
}

/** Starts a simulator listening on `port` (0: any free port); rejects if it exits or stays silent. */
export type SimLauncher = (port: number) => Promise<SimHandle>;

/** The simulator bundle sits beside the orchestrator's in dist/apps. */
export function venueSimEntry(): string {
  return join(__dirname, '..', 'venue-sim', 'main.js');
}

/** Forks dist/apps/venue-sim/main.js with the given market flags and waits for its IPC 'listening'. */
export function forkingSimLauncher(
  marketArgs: readonly string[],
  entry = venueSimEntry(),
): SimLauncher {
  return async (port) => {
    if (!existsSync(entry)) {
      throw new DomainError(
        'VENUE_UNAVAILABLE',
        `embedded simulator not found at ${entry}: run npm run build`,
      );
    }
    const child = fork(entry, ['--port', String(port), ...marketArgs], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    return awaitListening(child);
  };
}

async function awaitListening(child: ChildProcess): Promise<SimHandle> {
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
  const exited = new Promise<SimExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const urls = await new Promise<{ port: number; restUrl: string; wsPublicUrl: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new DomainError(
            'VENUE_UNAVAILABLE',
            `embedded simulator did not start within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`,
          ),
        );
      }, START_TIMEOUT_MS);
      child.on(
        'message',
        (m: { type?: string; port?: number; restUrl?: string; wsPublicUrl?: string }) => {
          if (m?.type === 'listening' && m.restUrl && m.wsPublicUrl && m.port) {
            clearTimeout(timer);
            resolve({ port: m.port, restUrl: m.restUrl, wsPublicUrl: m.wsPublicUrl });
          }
        },
      );
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new DomainError(
            'VENUE_UNAVAILABLE',
            `embedded simulator exited with ${code ?? signal}: ${stderr.trim()}`,
          ),
        );
      });
    },
  );
  return { pid: child.pid ?? -1, ...urls, exited, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<SimExit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_KILL_AFTER_MS);
  await exited;
  clearTimeout(timer);
}

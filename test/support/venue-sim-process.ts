import { ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface VenueSimProcess {
  readonly port: number;
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  readonly wsPrivateUrl: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

interface ListeningMessage {
  type: 'listening';
  port: number;
  restUrl: string;
  wsPublicUrl: string;
  wsPrivateUrl: string;
}

const MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'venue-sim', 'main.js');
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** Runs the built venue-sim in a child process and resolves once it reports it is listening. */
export async function forkVenueSim(args: string[]): Promise<VenueSimProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build`);
  // FLOTILLA_SIM_NODE_ARGS: node flags for the simulator (a CPU profile, say), as FLOTILLA_NODE_ARGS for the service.
  const execArgv = (process.env.FLOTILLA_SIM_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = fork(MAIN, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout?.resume();
  const listening = await new Promise<ListeningMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`venue-sim did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.on('message', (message: unknown) => {
      if (isListening(message)) {
        clearTimeout(timer);
        resolve(message);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`venue-sim exited (code ${code}, signal ${signal}) before listening: ${stderr}`),
      );
    });
  });
  const pid = child.pid ?? -1;
  return { ...listening, pid, stop: () => stopChild(child) };
}

function isListening(message: unknown): message is ListeningMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'listening'
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

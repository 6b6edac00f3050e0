import { randomInt } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const API_TOKEN = 'process-e2e-token-0123456789abcdef';
export const EMBEDDED_SIM_MAIN = 'dist/apps/venue-sim/main.js';

/** Polls an async condition until it holds or the deadline passes; returns the last value. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  holds: (value: T) => boolean,
  deadlineMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: T = await probe();
  while (!holds(last)) {
    if (Date.now() > end) {
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}; last: ${show(last)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
    last = await probe();
  }
  return last;
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, 500);
  } catch {
    return String(value);
  }
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'flotilla-process-'));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** A seed no other process uses, so the embedded simulator child can be found by its argv. */
export function uniqueSimSeed(): number {
  return randomInt(1_000_000, 2_000_000_000);
}

/** Pids of live processes whose argv holds every fragment (Linux /proc). */
export async function pidsWithArgs(...fragments: string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string;
    try {
      argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ');
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // a zombie has exited already
    } catch {
      continue; // exited while we looked
    }
    if (fragments.every((f) => argv.includes(f))) pids.push(Number(entry));
  }
  return pids;
}

export function embeddedSimPids(seed: number): Promise<number[]> {
  return pidsWithArgs(EMBEDDED_SIM_MAIN, '--seed', ` ${seed} `);
}

export async function killPids(pids: number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** status 0 means the connection failed (refused, reset, closed). */
export async function http(
  method: 'GET' | 'POST',
  url: string,
  token: string | undefined = API_TOKEN,
  timeoutMs = 5_000,
): Promise<HttpAnswer> {
  try {
    const res = await fetch(url, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  } catch {
    return { status: 0, body: null };
  }
}

/** symbol → status from GET /engines/status. */
export async function engineStates(baseUrl: string): Promise<Record<string, string>> {
  const { status, body } = await http('GET', `${baseUrl}/engines/status`);
  if (status !== 200) return {};
  const engines = (body as { engines: { symbol: string; status: string }[] }).engines;
  return Object.fromEntries(engines.map((e) => [e.symbol, e.status]));
}

export function runningSymbols(states: Record<string, string>): string[] {
  return Object.entries(states)
    .filter(([, s]) => s === 'running')
    .map(([symbol]) => symbol)
    .sort();
}

/** symbol → desiredState from the JSON registry file (throws if it does not parse). */
export async function desiredStatesInFile(dataDir: string): Promise<Record<string, string>> {
  const text = await readFile(join(dataDir, 'engine-registry.json'), 'utf8');
  const doc = JSON.parse(text) as { engines: Record<string, { desiredState: string }> };
  return Object.fromEntries(Object.entries(doc.engines).map(([s, r]) => [s, r.desiredState]));
}

/** The parent pid of a live process (Linux /proc), or undefined once it is gone. */
export async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid still exists (a zombie counts as gone). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

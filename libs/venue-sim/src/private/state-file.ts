import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { Clock, TimerHandle } from '@flotilla/core';
import {
  AccountSpec,
  DEFAULT_ACCOUNT,
  Exchange,
  ExchangeSnapshot,
  SNAPSHOT_VERSION,
} from '../exchange';
import { Market } from '../market';

/** At most one write per this many ms while the venue trades. */
export const STATE_WRITE_THROTTLE_MS = 200;

/**
 * The venue's accounts on disk (`--state FILE`): balances, orders, positions, executions. Writes
 * are atomic (temp file, fsync, rename, fsync of the directory) and throttled; flush() writes at
 * once (on close and SIGTERM).
 */
export class StateFile {
  private timer: TimerHandle | null = null;
  private dirty = false;

  constructor(
    readonly path: string,
    private readonly clock: Clock,
    private readonly snapshot: () => ExchangeSnapshot,
    private readonly throttleMs = STATE_WRITE_THROTTLE_MS,
  ) {}

  /** The saved snapshot, or undefined when the file does not exist; a bad file is an error. */
  static load(path: string): ExchangeSnapshot | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<ExchangeSnapshot>;
    if (parsed.version !== SNAPSHOT_VERSION || !Array.isArray(parsed.accounts)) {
      throw new Error(`state file ${path}: not a venue-sim state (version ${SNAPSHOT_VERSION})`);
    }
    return parsed as ExchangeSnapshot;
  }

  /** Notes a change; the write follows within throttleMs. */
  changed(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch (error) {
        // The next change retries; a venue that cannot save keeps trading and says so.
        this.dirty = true;
        process.stderr.write(`venue-sim: state file ${this.path}: ${String(error)}\n`);
      }
    }, this.throttleMs);
  }

  /** Writes now if anything changed since the last write. */
  flush(): void {
    this.timer?.cancel();
    this.timer = null;
    if (!this.dirty) return;
    this.dirty = false;
    writeAtomically(this.path, JSON.stringify(this.snapshot()));
  }
}

/**
 * The saved accounts, with the configured ones the file does not know added fresh; a configured
 * account's secret replaces the saved one (the balances stay the venue's).
 */
export function mergeAccounts(
  saved: ExchangeSnapshot,
  configured: readonly AccountSpec[],
  nowMs: number,
): ExchangeSnapshot {
  const byKey = new Map(configured.map((a) => [a.key, a]));
  const accounts = saved.accounts.map((a) => {
    const spec = byKey.get(a.key);
    return spec ? { ...a, secret: spec.secret } : a;
  });
  for (const spec of configured) {
    if (accounts.some((a) => a.key === spec.key)) continue;
    accounts.push({
      key: spec.key,
      secret: spec.secret,
      usdt: spec.usdt,
      walletBalance: spec.usdt,
      cumRealisedPnl: '0',
      updatedTime: nowMs,
      orders: [],
      positions: [],
      executions: [],
    });
  }
  return { ...saved, accounts };
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** A fresh exchange, or the one saved in the state file with the configured accounts merged in. */
export function openExchange(
  clock: Clock,
  markets: ReadonlyMap<string, Market>,
  seed: number,
  configured: readonly AccountSpec[] | undefined,
  statePath: string | undefined,
): Exchange {
  const accounts = configured ?? [DEFAULT_ACCOUNT];
  const saved = statePath ? StateFile.load(statePath) : undefined;
  if (!saved) return new Exchange({ clock, markets, accounts, seed });
  return Exchange.fromJSON(mergeAccounts(saved, accounts, clock.now()), { clock, markets, seed });
}

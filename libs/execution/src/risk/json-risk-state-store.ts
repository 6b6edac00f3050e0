import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SystemClock, type Clock } from '@flotilla/core';
import { fromDocument, toDocument, type RiskPersistedState } from './risk-state';

/** Where the RiskManager keeps its kill switch and daily PnL. */
export interface RiskStateStore {
  /** The saved state, or null when none was ever saved; throws when it cannot be trusted. */
  load(): Promise<RiskPersistedState | null>;
  /**
   * Saves this state (the latest wins when saves come faster than the disk): resolves once a
   * write holding it (or a newer state) is durable, rejects when that write failed.
   */
  save(state: RiskPersistedState): Promise<void>;
  /** Resolves when no write is queued or running. */
  flush(): Promise<void>;
}

export const RISK_STATE_FILE = 'risk-state.json';

/** The state file exists but cannot be read back: boot must stop rather than forget a kill switch. */
export class RiskStateCorruptError extends Error {
  readonly code = 'RISK_STATE_CORRUPT';

  constructor(
    readonly filePath: string,
    problem: string,
  ) {
    super(
      `risk state file ${filePath} is unreadable: ${problem}. It may hold an engaged kill switch, ` +
        'so Flotilla will not start without it: fix the file, or remove it once you are sure the ' +
        'kill switch should be released and the daily loss forgotten',
    );
    this.name = 'RiskStateCorruptError';
  }
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * DATA_DIR/risk-state.json, replaced atomically (temp file, fsync, rename, fsync of the directory).
 * Saves coalesce: while one write runs, further saves only replace the pending state, so a burst of
 * PnL updates costs at most two writes and the file always ends with the newest state.
 */
export class JsonRiskStateStore implements RiskStateStore {
  readonly filePath: string;
  private pending: RiskPersistedState | null = null;
  private pendingWaiters: Waiter[] = [];
  private running: Promise<void> | null = null;

  constructor(
    dataDir: string,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.filePath = join(dataDir, RISK_STATE_FILE);
  }

  async load(): Promise<RiskPersistedState | null> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new RiskStateCorruptError(this.filePath, (err as Error).message);
    }
    const parsed = fromDocument(text);
    if (typeof parsed === 'string') throw new RiskStateCorruptError(this.filePath, parsed);
    return parsed;
  }

  save(state: RiskPersistedState): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.pendingWaiters.push({ resolve, reject });
    });
    this.pending = state;
    this.kick();
    return done;
  }

  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running || !this.pending) return;
    const state = this.pending;
    const waiters = this.pendingWaiters;
    this.pending = null;
    this.pendingWaiters = [];
    this.running = this.write(toDocument(state, this.clock.now())).then(
      () => this.settle(waiters, null),
      (err: unknown) => this.settle(waiters, err ?? new Error('write failed')),
    );
  }

  private settle(waiters: Waiter[], err: unknown): void {
    this.running = null;
    for (const w of waiters) {
      if (err === null) w.resolve();
      else w.reject(err);
    }
    this.kick();
  }

  private async write(content: string): Promise<void> {
    const dir = dirname(this.filePath);
    await mkdir(dir, { recursive: true });
    const temp = join(
      dir,
      `.${basename(this.filePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(content, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temp, this.filePath);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  DomainError,
  SystemClock,
  isoUtc,
  silentLogger,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';

export const DATA_DIR_LOCK_FILE = 'flotilla.lock';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** Random per acquisition, so a restarted container with the same pid and host is told apart. */
  token: string;
}

export interface DataDirLockOptions {
  dataDir: string;
  clock?: Clock;
  logger?: StructuredLogger;
  /** The lock file is touched this often while held. */
  refreshMs: number;
  /** A lock not touched for this long is taken over whatever host holds it. */
  staleAfterMs: number;
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
  /** Called when the file is no longer ours (removed or taken over): the process must stop. */
  onLost?: (reason: string) => void;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string') {
      return { pid: v.pid, host: v.host, startedAt: String(v.startedAt), token: v.token };
    }
  } catch {
    // torn or foreign: judged by its age alone
  }
  return null;
}

/**
 * An exclusive lock on DATA_DIR: a file created with O_EXCL holding pid, host and start time,
 * touched every refreshMs while held and removed on release. A lock whose holder is gone (same
 * host and its pid is dead, or not touched for staleAfterMs, as after a pod moved to another node)
 * is taken over; any other lock stops the caller with one line naming pid@host.
 */
export class DataDirLock {
  readonly filePath: string;
  private refresher: TimerHandle | null = null;
  private held = false;

  private constructor(
    private readonly options: DataDirLockOptions,
    readonly holder: LockHolder,
    private readonly clock: Clock,
    private readonly logger: StructuredLogger,
  ) {
    this.filePath = join(options.dataDir, DATA_DIR_LOCK_FILE);
  }

  static async acquire(options: DataDirLockOptions): Promise<DataDirLock> {
    const clock = options.clock ?? new SystemClock();
    const holder: LockHolder = {
      pid: options.pid ?? process.pid,
      host: options.host ?? hostname(),
      startedAt: isoUtc(clock.now()),
      token: randomBytes(8).toString('hex'),
    };
    const lock = new DataDirLock(options, holder, clock, options.logger ?? silentLogger);
    await lock.take();
    return lock;
  }

  private async take(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.tryCreate()) {
        this.held = true;
        this.refresher = this.clock.setInterval(() => void this.refresh(), this.options.refreshMs);
        return;
      }
      const found = await this.inspect();
      if (!found) continue; // removed meanwhile: try again
      if (!found.gone) {
        const h = found.holder;
        const who = h ? `pid ${h.pid}@${h.host} (since ${h.startedAt})` : 'an unreadable lock';
        throw new DomainError(
          'DATA_DIR_LOCKED',
          `DATA_DIR ${this.options.dataDir} is locked by ${who} in ${this.filePath}; ` +
            'one process per DATA_DIR: stop that one first',
        );
      }
      await this.removeStale(found.text, found.reason);
    }
    throw new DomainError(
      'DATA_DIR_LOCKED',
      `DATA_DIR ${this.options.dataDir}: ${this.filePath} kept changing while it was being taken`,
    );
  }

  private async tryCreate(): Promise<boolean> {
    let fh;
    try {
      fh = await open(this.filePath, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      await fh.writeFile(`${JSON.stringify(this.holder)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return true;
  }

  private async inspect(): Promise<
    { text: string; holder: LockHolder | null; gone: boolean; reason: string } | undefined
  > {
    let text: string;
    let mtimeMs: number;
    try {
      text = await readFile(this.filePath, 'utf8');
      mtimeMs = (await stat(this.filePath)).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const holder = parseHolder(text);
    const ageMs = this.clock.now() - mtimeMs;
    const isAlive = this.options.isAlive ?? processIsAlive;
    if (holder && holder.host === this.holder.host) {
      if (holder.pid === this.holder.pid)
        return { text, holder, gone: true, reason: 'our own pid' };
      if (!isAlive(holder.pid)) return { text, holder, gone: true, reason: 'its pid is not alive' };
    }
    if (ageMs > this.options.staleAfterMs) {
      return { text, holder, gone: true, reason: `not refreshed for ${Math.round(ageMs)} ms` };
    }
    return { text, holder, gone: false, reason: '' };
  }

  /** Moves the stale file aside (atomic: of two takers only one wins) and checks it was the one judged. */
  private async removeStale(judged: string, reason: string): Promise<void> {
    const aside = `${this.filePath}.stale-${this.holder.token}`;
    try {
      await rename(this.filePath, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const moved = await readFile(aside, 'utf8');
    if (moved !== judged) {
      // Another process took over between our look and the rename: put its fresh lock back.
      await link(aside, this.filePath).catch(() => undefined);
    } else {
      this.logger.warn('took over a stale DATA_DIR lock', {
        file: this.filePath,
        reason,
        was: judged.trim(),
      });
    }
    await unlink(aside).catch(() => undefined);
  }

  /** Touches the file (run every refreshMs); reports the lock lost when the file is no longer ours. */
  async refresh(): Promise<void> {
    if (!this.held) return;
    try {
      const text = await readFile(this.filePath, 'utf8');
      if (parseHolder(text)?.token !== this.holder.token)
        return this.lose('taken by another process');
      const now = new Date(this.clock.now());
      await utimes(this.filePath, now, now);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.lose('lock file removed');
      this.logger.warn('DATA_DIR lock refresh failed', { file: this.filePath, error: String(err) });
    }
  }

  private lose(reason: string): void {
    if (!this.held) return;
    this.held = false;
    this.refresher?.cancel();
    this.logger.error('DATA_DIR lock lost', { file: this.filePath, reason });
    this.options.onLost?.(reason);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Synchronous, so it also runs from process 'exit'; removes the file only while it is ours. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.refresher?.cancel();
    try {
      if (parseHolder(readFileSync(this.filePath, 'utf8'))?.token === this.holder.token) {
        unlinkSync(this.filePath);
      }
    } catch {
      // already gone
    }
  }
}

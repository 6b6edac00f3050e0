import { appendFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Backoff,
  errorMessage,
  type BackoffOptions,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';

export interface AuditFileWriterOptions {
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  /** Lines waiting for the disk beyond this are dropped (counted, logged): only a failing disk gets there. */
  readonly maxQueuedLines?: number;
  /** Wait between attempts while the disk refuses writes. */
  readonly retryBackoff?: BackoffOptions;
  /** The append (injectable so tests can fail the disk). */
  readonly append?: (path: string, data: string) => Promise<void>;
}

export interface AuditWriterStats {
  readonly queued: number;
  readonly written: number;
  readonly dropped: number;
  readonly writeFailures: number;
}

interface Pending {
  readonly file: string;
  readonly line: string;
}

const DROP_LOG_EVERY = 10_000;

/**
 * Append-only JSONL files, written in batches: everything queued in one tick goes out in one
 * appendFile per file, cycles never overlap, and a file's lines keep their order (a failed
 * batch goes back to the front of the queue and is retried on the backoff schedule).
 */
export class AuditFileWriter {
  private queue: Pending[] = [];
  private running: Promise<boolean> | null = null;
  private scheduled = false;
  private retryTimer: TimerHandle | null = null;
  private dirReady = false;
  /** Files whose end has been checked for a torn last line since this process started. */
  private readonly checkedEnds = new Set<string>();
  private readonly backoff: Backoff;
  private readonly maxQueued: number;
  private readonly append: (path: string, data: string) => Promise<void>;
  private written = 0;
  private dropped = 0;
  private writeFailures = 0;

  constructor(private readonly o: AuditFileWriterOptions) {
    this.maxQueued = o.maxQueuedLines ?? 100_000;
    this.backoff = new Backoff(o.retryBackoff ?? { initialMs: 100, maxMs: 5_000 });
    this.append = o.append ?? ((path, data) => appendFile(path, data, 'utf8'));
  }

  /** Queues a line for its file; false when it was dropped because the queue is full. */
  enqueue(file: string, line: string): boolean {
    if (this.queue.length >= this.maxQueued) {
      this.dropped++;
      if (this.dropped === 1 || this.dropped % DROP_LOG_EVERY === 0) {
        this.o.logger.error('ALERT audit queue full: the disk is failing, audit lines DROPPED', {
          alert: 'audit_dropped',
          dropped: this.dropped,
          maxQueuedLines: this.maxQueued,
          dir: this.o.dir,
        });
      }
      return false;
    }
    this.queue.push({ file, line });
    this.schedule();
    return true;
  }

  stats(): AuditWriterStats {
    return {
      queued: this.queue.length,
      written: this.written,
      dropped: this.dropped,
      writeFailures: this.writeFailures,
    };
  }

  /** Writes everything queued; returns early (without throwing) if the disk refuses a write. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (this.queue.length === 0) return;
      if (!(await this.cycle())) return;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.retryTimer) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.cycle();
    });
  }

  private cycle(): Promise<boolean> {
    if (this.running) return this.running;
    this.retryTimer?.cancel();
    this.retryTimer = null;
    const batch = this.queue;
    this.queue = [];
    const run = this.writeBatch(batch).then((ok) => {
      this.running = null;
      if (this.queue.length > 0) {
        if (ok) this.schedule();
        else this.retryLater();
      }
      return ok;
    });
    this.running = run;
    return run;
  }

  private async writeBatch(batch: Pending[]): Promise<boolean> {
    if (batch.length === 0) return true;
    const byFile = new Map<string, string[]>();
    for (const p of batch) {
      const lines = byFile.get(p.file);
      if (lines) lines.push(p.line);
      else byFile.set(p.file, [p.line]);
    }
    const failed: Pending[] = [];
    let error: unknown = null;
    try {
      if (!this.dirReady) {
        await mkdir(this.o.dir, { recursive: true });
        this.dirReady = true;
      }
      await Promise.all(
        [...byFile].map(async ([file, lines]) => {
          try {
            const path = join(this.o.dir, file);
            const lead = (await this.endsTorn(path)) ? '\n' : '';
            await this.append(path, lead + lines.join(''));
            this.checkedEnds.add(path);
            this.written += lines.length;
          } catch (err) {
            error = err;
            for (const line of lines) failed.push({ file, line });
          }
        }),
      );
    } catch (err) {
      error = err;
      failed.length = 0;
      failed.push(...batch);
    }
    if (failed.length === 0) {
      this.backoff.reset();
      return true;
    }
    this.dirReady = false;
    this.writeFailures++;
    this.queue = [...failed, ...this.queue];
    this.o.logger.error('ALERT audit lines could not be written; retrying', {
      alert: 'audit_write_failed',
      dir: this.o.dir,
      lines: failed.length,
      error: errorMessage(error),
    });
    return false;
  }

  /**
   * A crash can leave a file's last line half-written; the first append of this process then
   * starts on a new line, so the torn line stays the only unreadable one.
   */
  private async endsTorn(path: string): Promise<boolean> {
    if (this.checkedEnds.has(path)) return false;
    let handle;
    try {
      handle = await open(path, 'r');
    } catch {
      return false;
    }
    try {
      const { size } = await handle.stat();
      if (size === 0) return false;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] !== 0x0a;
    } finally {
      await handle.close();
    }
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = this.o.clock.setTimeout(() => {
      this.retryTimer = null;
      void this.cycle();
    }, this.backoff.nextDelayMs());
  }
}

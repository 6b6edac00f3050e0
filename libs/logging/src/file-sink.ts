import { createWriteStream, mkdirSync, openSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { isoUtc } from '@flotilla/core';
import {
  LogFile,
  RetentionPolicy,
  compareLogFiles,
  logFile,
  pruneLogFiles,
  utcDay,
} from './log-files';

export interface FileSinkOptions {
  logDir: string;
  /** File name stem: `orchestrator` or `engine-BTCUSDT`. */
  stem: string;
  /** No file grows past this; a line that alone exceeds it is replaced by a short notice. */
  maxFileBytes: number;
  /** Files of this stream kept on disk, the one being written included (≥ 2). */
  maxFiles: number;
  retentionDays: number;
  /** This stream's files already on disk (scanLogDir), oldest first. */
  existing?: readonly LogFile[];
  /** Written into the notice that replaces an oversized line. */
  symbol?: string;
  report?: (message: string) => void;
}

/** Below this the notice that replaces an oversized line might not fit. */
export const MIN_FILE_BYTES = 1024;
/** After a write error, lines are dropped (and counted) this long before the file is reopened. */
const RETRY_AFTER_ERROR_MS = 1000;

interface OpenStream {
  stream: WriteStream;
  closed: Promise<void>;
  /** Set while the stream is corked behind streams still closing; it writes once they are closed. */
  ready: Promise<void> | null;
}

/**
 * One log stream as UTC-daily JSONL files split at a byte cap, at most maxFiles of them on disk.
 * The day and the split are decided from the caller's clock (the line's own `ts`), so a line is
 * always in the file of its day. Opened on the first write and closable at any time (for flush,
 * or to give back the descriptor when idle); the next write reopens the same file.
 */
export class FileSink {
  lastWriteMs = 0;
  private open: OpenStream | null = null;
  private current: LogFile | null = null;
  private bytes = 0;
  private readonly files: LogFile[];
  private readonly closing = new Set<Promise<void>>();
  private readonly policy: RetentionPolicy;
  private readonly report: (message: string) => void;
  private failedAtMs: number | null = null;
  private dropped = 0;

  constructor(private readonly opts: FileSinkOptions) {
    if (!Number.isInteger(opts.maxFileBytes) || opts.maxFileBytes < MIN_FILE_BYTES)
      throw new RangeError(`maxFileBytes must be an integer ≥ ${MIN_FILE_BYTES}`);
    if (!Number.isInteger(opts.maxFiles) || opts.maxFiles < 2)
      throw new RangeError('maxFiles must be an integer ≥ 2');
    this.files = [...(opts.existing ?? [])].sort(compareLogFiles);
    this.policy = { retentionDays: opts.retentionDays, maxFiles: opts.maxFiles };
    this.report = opts.report ?? ((message) => process.stderr.write(`${message}\n`));
  }

  get isOpen(): boolean {
    return this.open !== null;
  }

  /** This stream's files on disk, oldest first. */
  fileNames(): string[] {
    return this.files.map((f) => f.name);
  }

  write(level: string, line: string, nowMs: number): void {
    this.lastWriteMs = nowMs;
    if (this.failedAtMs !== null && nowMs - this.failedAtMs < RETRY_AFTER_ERROR_MS) {
      this.dropped += 1;
      return;
    }
    let text = `${line}\n`;
    let size = Buffer.byteLength(text);
    if (size > this.opts.maxFileBytes) {
      text = `${this.oversizeNotice(level, nowMs, size)}\n`;
      size = Buffer.byteLength(text);
    }
    try {
      this.streamFor(utcDay(nowMs), size, nowMs).write(text);
      this.bytes += size;
    } catch (err) {
      this.dropped += 1;
      this.fail(err as Error, nowMs, this.opts.stem);
    }
  }

  /** Applies retention now (the daily sweep does this for streams that are not being written). */
  prune(nowMs: number): string[] {
    const { logDir } = this.opts;
    return pruneLogFiles(logDir, this.files, this.policy, nowMs, this.current?.name, this.report);
  }

  /** Resolves once every line written so far, rotated files' included, has reached its file. */
  async close(timeoutMs = 5000): Promise<void> {
    this.endStream();
    if (this.closing.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    await Promise.race([Promise.all([...this.closing]), timeout]);
    clearTimeout(timer);
  }

  private streamFor(day: string, size: number, nowMs: number): WriteStream {
    let file = this.current;
    if (file?.day !== day) file = this.continueDay(day, nowMs);
    if (this.bytes > 0 && this.bytes + size > this.opts.maxFileBytes) {
      file = this.startFile(logFile(this.opts.stem, day, file.index + 1), 0, nowMs);
    }
    this.open ??= this.openStream(file);
    return this.open.stream;
  }

  /** The first line of a day, or since start: append to that day's newest file if there is one. */
  private continueDay(day: string, nowMs: number): LogFile {
    const last = this.files.filter((f) => f.day === day).at(-1);
    return last
      ? this.startFile(last, this.sizeOnDisk(last), nowMs)
      : this.startFile(logFile(this.opts.stem, day, 0), 0, nowMs);
  }

  private startFile(file: LogFile, bytes: number, nowMs: number): LogFile {
    this.endStream();
    this.current = file;
    this.bytes = bytes;
    if (!this.files.some((f) => f.name === file.name)) {
      this.files.push(file);
      this.files.sort(compareLogFiles);
    }
    this.prune(nowMs);
    return file;
  }

  private openStream(file: LogFile): OpenStream {
    mkdirSync(this.opts.logDir, { recursive: true });
    // Opened here, not by the stream a tick later: a file pruned right after a fast roll
    // would otherwise be created again, untracked, when its stream got round to opening it.
    const path = join(this.opts.logDir, file.name);
    const stream = createWriteStream(path, { fd: openSync(path, 'a') });
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
    stream.on('error', (err) => {
      if (this.open?.stream !== stream) {
        this.report(`logging: cannot write ${file.name}: ${err.message}`);
        return;
      }
      this.open = null;
      this.fail(err, this.lastWriteMs, file.name);
    });
    if (this.dropped > 0) {
      this.report(`logging: ${this.dropped} ${this.opts.stem} lines dropped after a write error`);
      this.dropped = 0;
    }
    this.failedAtMs = null;
    // A stream still closing (an idle close, a rotation) may hold lines not yet on disk: this one
    // writes after it, or a reopened file would get its new lines before its old ones.
    let ready: Promise<void> | null = null;
    if (this.closing.size > 0) {
      stream.cork();
      ready = Promise.all([...this.closing]).then(() => stream.uncork());
    }
    return { stream, closed, ready };
  }

  private endStream(): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    // end() would uncork at once, ahead of the streams this one waits for.
    if (open.ready) void open.ready.then(() => open.stream.end());
    else open.stream.end();
    const done = open.closed;
    this.closing.add(done);
    void done.then(() => this.closing.delete(done));
  }

  /** A full disk must not crash the process, nor print one error per line. */
  private fail(err: Error, nowMs: number, what: string): void {
    this.failedAtMs = nowMs;
    this.report(`logging: cannot write ${what}: ${err.message}`);
  }

  private sizeOnDisk(file: LogFile): number {
    try {
      return statSync(join(this.opts.logDir, file.name)).size;
    } catch {
      return 0;
    }
  }

  private oversizeNotice(level: string, nowMs: number, bytes: number): string {
    return JSON.stringify({
      ts: isoUtc(nowMs),
      level,
      ...(this.opts.symbol ? { symbol: this.opts.symbol } : {}),
      msg: 'log line dropped: larger than the file size cap',
      droppedBytes: bytes,
      maxFileBytes: this.opts.maxFileBytes,
    });
  }
}

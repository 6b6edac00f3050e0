import { join } from 'node:path';
import * as winston from 'winston';
import DailyRotateFile from 'winston-daily-rotate-file';

export interface FileSinkOptions {
  logDir: string;
  /** File name stem: `orchestrator` or `engine-BTCUSDT`. */
  stem: string;
  maxFileSizeMb: number;
  retentionDays: number;
}

/** The pre-serialised JSON line travels under this key; the format only copies it. */
export const LINE = Symbol('flotilla.line');
const MESSAGE = Symbol.for('message');

export const lineFormat = winston.format((info) => {
  (info as Record<symbol, unknown>)[MESSAGE] = (info as Record<symbol, unknown>)[LINE];
  return info;
});

interface OpenFile {
  logger: winston.Logger;
  transport: DailyRotateFile;
}

/**
 * One daily-rotated JSONL file, opened on the first write and closable at any time (for
 * flush, or to give back its file descriptor when idle); the next write reopens it.
 */
export class FileSink {
  private open: OpenFile | null = null;
  lastWriteMs = 0;

  constructor(private readonly opts: FileSinkOptions) {}

  get isOpen(): boolean {
    return this.open !== null;
  }

  write(level: string, line: string, nowMs: number): void {
    this.lastWriteMs = nowMs;
    const file = this.open ?? (this.open = this.openFile());
    file.logger.log({ level, message: '', [LINE]: line });
  }

  /** Resolves once every line written so far has reached the file. */
  close(timeoutMs = 5000): Promise<void> {
    const file = this.open;
    this.open = null;
    if (!file) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      file.transport.once('finish', () => {
        clearTimeout(timer);
        resolve();
      });
      // Unpiping makes winston-transport call close(), which ends the file stream.
      file.logger.remove(file.transport);
      file.logger.close();
    });
  }

  private openFile(): OpenFile {
    const { logDir, stem, maxFileSizeMb, retentionDays } = this.opts;
    const transport = new DailyRotateFile({
      dirname: logDir,
      filename: `${stem}-%DATE%`,
      extension: '.jsonl',
      datePattern: 'YYYYMMDD',
      utc: true,
      maxSize: `${Math.max(1, Math.round(maxFileSizeMb * 1024))}k`,
      maxFiles: `${retentionDays}d`,
      auditFile: join(logDir, '.audit', `${stem}.json`),
      eol: '\n',
    });
    const logger = winston.createLogger({
      level: 'debug',
      format: lineFormat(),
      transports: [transport],
      exitOnError: false,
    });
    // A full disk must not crash the process; winston re-emits transport errors here.
    logger.on('error', (err: Error) => {
      process.stderr.write(`logging: cannot write ${stem} log: ${err.message}\n`);
    });
    return { logger, transport };
  }
}

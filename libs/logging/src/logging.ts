import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import * as winston from 'winston';
import {
  Clock,
  LogFields,
  StructuredLogger,
  SystemClock,
  TimerHandle,
  normalizeSymbol,
} from '@flotilla/core';
import { FileSink, LINE, lineFormat } from './file-sink';
import { LogLevel, isEnabled, parseLogLevel } from './levels';
import { createNestLogger } from './nest-logger';
import { formatLine } from './record';
import { Redactor } from './redactor';

export interface LoggingOptions {
  dataDir: string;
  level: string;
  maxFileSizeMb: number;
  retentionDays: number;
  console: boolean;
  secrets?: string[];
  clock?: Clock;
  /** Per-symbol files kept open at once; the least recently written is closed beyond this. */
  maxOpenSymbolFiles?: number;
  /** A per-symbol file not written for this long gives its descriptor back. */
  idleCloseMs?: number;
}

export interface Logging {
  readonly root: StructuredLogger;
  readonly nest: LoggerService;
  readonly level: LogLevel;
  forSymbol(symbol: string): StructuredLogger;
  addSecret(value: string | undefined | null): void;
  /** Resolves when every line written so far is in its file (files reopen on the next line). */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Per-symbol files currently holding a file descriptor. */
  openSymbolFiles(): number;
}

export function createLogging(opts: LoggingOptions): Logging {
  return new WinstonLogging(opts);
}

class WinstonLogging implements Logging {
  readonly level: LogLevel;
  readonly root: StructuredLogger;
  readonly nest: LoggerService;
  private readonly logDir: string;
  private readonly clock: Clock;
  private readonly redactor: Redactor;
  private readonly rootSink: FileSink;
  private readonly symbolSinks = new Map<string, FileSink>();
  private readonly symbolLoggers = new Map<string, StructuredLogger>();
  private readonly closing = new Set<Promise<void>>();
  private readonly console: winston.Logger | null;
  private readonly maxOpenSymbolFiles: number;
  private readonly idleCloseMs: number;
  private readonly sweep: TimerHandle;
  private closed = false;

  constructor(private readonly opts: LoggingOptions) {
    this.level = parseLogLevel(opts.level);
    this.logDir = join(opts.dataDir, 'logs');
    this.clock = opts.clock ?? new SystemClock();
    this.redactor = new Redactor(opts.secrets);
    this.maxOpenSymbolFiles = Math.max(1, opts.maxOpenSymbolFiles ?? 128);
    this.idleCloseMs = opts.idleCloseMs ?? 5 * 60_000;
    this.rootSink = this.newSink('orchestrator');
    this.console = opts.console
      ? winston.createLogger({
          level: 'debug',
          format: lineFormat(),
          transports: [new winston.transports.Console()],
        })
      : null;
    this.root = this.structured(this.rootSink, undefined);
    this.nest = createNestLogger((level, msg, fields) =>
      this.emit(this.rootSink, undefined, level, msg, fields),
    );
    this.sweep = this.clock.setInterval(() => this.closeIdle(), this.idleCloseMs);
  }

  forSymbol(symbol: string): StructuredLogger {
    const id = normalizeSymbol(symbol);
    let logger = this.symbolLoggers.get(id);
    if (!logger) {
      const sink = this.newSink(`engine-${id}`);
      this.symbolSinks.set(id, sink);
      logger = this.structured(sink, id);
      this.symbolLoggers.set(id, logger);
    }
    return logger;
  }

  addSecret(value: string | undefined | null): void {
    this.redactor.addSecret(value);
  }

  openSymbolFiles(): number {
    let open = 0;
    for (const sink of this.symbolSinks.values()) if (sink.isOpen) open += 1;
    return open;
  }

  async flush(): Promise<void> {
    // Let winston's stream hand over anything still queued before the files are ended.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const sink of [this.rootSink, ...this.symbolSinks.values()]) {
      if (sink.isOpen) this.closeSink(sink);
    }
    await Promise.all([...this.closing]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.sweep.cancel();
    this.console?.close();
  }

  private structured(sink: FileSink, symbol: string | undefined): StructuredLogger {
    return {
      debug: (msg, fields) => this.emit(sink, symbol, 'debug', msg, fields),
      info: (msg, fields) => this.emit(sink, symbol, 'info', msg, fields),
      warn: (msg, fields) => this.emit(sink, symbol, 'warn', msg, fields),
      error: (msg, fields) => this.emit(sink, symbol, 'error', msg, fields),
    };
  }

  private emit(
    sink: FileSink,
    symbol: string | undefined,
    level: LogLevel,
    msg: string,
    fields: LogFields | undefined,
  ): void {
    if (this.closed || !isEnabled(level, this.level)) return;
    const nowMs = this.clock.now();
    const line = formatLine(this.redactor, nowMs, level, symbol, msg, fields);
    if (!sink.isOpen && sink !== this.rootSink) this.makeRoomForOneMore();
    sink.write(level, line, nowMs);
    this.console?.log({ level, message: '', [LINE]: line });
  }

  private makeRoomForOneMore(): void {
    const open = [...this.symbolSinks.values()].filter((s) => s.isOpen);
    if (open.length < this.maxOpenSymbolFiles) return;
    open.sort((a, b) => a.lastWriteMs - b.lastWriteMs);
    for (const sink of open.slice(0, open.length - this.maxOpenSymbolFiles + 1)) {
      this.closeSink(sink);
    }
  }

  private closeIdle(): void {
    const cutoffMs = this.clock.now() - this.idleCloseMs;
    for (const sink of this.symbolSinks.values()) {
      if (sink.isOpen && sink.lastWriteMs <= cutoffMs) this.closeSink(sink);
    }
  }

  private closeSink(sink: FileSink): void {
    const done = sink.close().finally(() => this.closing.delete(done));
    this.closing.add(done);
  }

  private newSink(stem: string): FileSink {
    const { maxFileSizeMb, retentionDays } = this.opts;
    return new FileSink({ logDir: this.logDir, stem, maxFileSizeMb, retentionDays });
  }
}

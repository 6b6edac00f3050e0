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
import { FileSink } from './file-sink';
import { AT, FileSinkTransport, SINK, type SinkInfo } from './file-sink-transport';
import { LogLevel, isEnabled, parseLogLevel } from './levels';
import { LINE } from './line-format';
import { LogFile, RetentionPolicy, pruneLogFiles, scanLogDir, utcDay } from './log-files';
import { createNestLogger } from './nest-logger';
import { prettyLine } from './pretty-line';
import { formatLine } from './record';
import { Redactor } from './redactor';
import { resolveStdoutFormat, type StdoutFormat } from './stdout-format';

export interface LoggingOptions {
  dataDir: string;
  level: string;
  maxFileSizeMb: number;
  retentionDays: number;
  /** Files kept per stream (the orchestrator's, each symbol's), the oldest deleted first. */
  maxFilesPerStream?: number;
  /** The size cap in bytes, overriding maxFileSizeMb (tests use caps of a few KiB). */
  maxFileBytes?: number;
  console: boolean;
  /** stdout: strict JSONL or one readable line per record; default by resolveStdoutFormat. */
  consoleFormat?: StdoutFormat;
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
  /** Retention over every stream, once per UTC day (the fleet's midnight job); true when it ran. */
  sweepRetention(nowMs?: number): boolean;
}

export const DEFAULT_MAX_FILES_PER_STREAM = 30;
const MIB = 1024 * 1024;

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
  /** Every line goes through winston: the JSONL files' transport, and stdout's when enabled. */
  private readonly winston: winston.Logger;
  private readonly maxOpenSymbolFiles: number;
  private readonly idleCloseMs: number;
  private readonly sweep: TimerHandle;
  private readonly policy: RetentionPolicy;
  private readonly maxFileBytes: number;
  /** Files of streams that have no sink yet (symbols not logging since start), by stem. */
  private readonly dormant: Map<string, LogFile[]>;
  private prunedDay: string;
  private closed = false;

  constructor(opts: LoggingOptions) {
    this.level = parseLogLevel(opts.level);
    this.logDir = join(opts.dataDir, 'logs');
    this.clock = opts.clock ?? new SystemClock();
    this.redactor = new Redactor(opts.secrets);
    this.maxOpenSymbolFiles = Math.max(1, opts.maxOpenSymbolFiles ?? 128);
    this.idleCloseMs = opts.idleCloseMs ?? 5 * 60_000;
    this.maxFileBytes = opts.maxFileBytes ?? Math.round(opts.maxFileSizeMb * MIB);
    this.policy = {
      retentionDays: opts.retentionDays,
      maxFiles: opts.maxFilesPerStream ?? DEFAULT_MAX_FILES_PER_STREAM,
    };
    this.dormant = scanOrReport(this.logDir);
    this.prunedDay = utcDay(this.clock.now());
    this.pruneDormant(this.clock.now());
    this.rootSink = this.newSink('orchestrator');
    this.winston = createWinston(opts.console, resolveStdoutFormat(opts.consoleFormat));
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
      const sink = this.newSink(`engine-${id}`, id);
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
    this.winston.close();
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
    const info: SinkInfo = { level, message: '', [LINE]: line, [SINK]: sink, [AT]: nowMs };
    this.winston.log(info as unknown as winston.LogEntry);
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
    const nowMs = this.clock.now();
    const cutoffMs = nowMs - this.idleCloseMs;
    for (const sink of this.symbolSinks.values()) {
      if (sink.isOpen && sink.lastWriteMs <= cutoffMs) this.closeSink(sink);
    }
    this.sweepRetention(nowMs);
  }

  /**
   * Applies retention to every stream once per UTC day (streams prune themselves when they start
   * a file; quiet ones still age out here). Run by the fleet's midnight job and by the idle sweep,
   * whichever comes first; true when it ran.
   */
  sweepRetention(nowMs: number = this.clock.now()): boolean {
    if (this.closed || utcDay(nowMs) === this.prunedDay) return false;
    this.prunedDay = utcDay(nowMs);
    for (const sink of [this.rootSink, ...this.symbolSinks.values()]) sink.prune(nowMs);
    this.pruneDormant(nowMs);
    return true;
  }

  private pruneDormant(nowMs: number): void {
    for (const [stem, files] of this.dormant) {
      pruneLogFiles(this.logDir, files, this.policy, nowMs, undefined, report);
      if (files.length === 0) this.dormant.delete(stem);
    }
  }

  private closeSink(sink: FileSink): void {
    const done = sink.close().finally(() => this.closing.delete(done));
    this.closing.add(done);
  }

  private newSink(stem: string, symbol?: string): FileSink {
    const existing = this.dormant.get(stem);
    this.dormant.delete(stem);
    return new FileSink({
      logDir: this.logDir,
      stem,
      symbol,
      maxFileBytes: this.maxFileBytes,
      maxFiles: this.policy.maxFiles,
      retentionDays: this.policy.retentionDays,
      existing,
      report,
    });
  }
}

const MESSAGE = Symbol.for('message');
const lineOf = (info: SinkInfo): string => info[LINE] as string;

function createWinston(toStdout: boolean, format: StdoutFormat): winston.Logger {
  const transports: winston.transport[] = [new FileSinkTransport(lineOf)];
  if (toStdout) {
    const render = format === 'pretty' ? prettyLine : (line: string) => line;
    const stdoutFormat = winston.format((info) => {
      const record = info as unknown as SinkInfo;
      (info as unknown as Record<symbol, unknown>)[MESSAGE] = render(lineOf(record));
      return info;
    });
    // Straight to process.stdout (winston's Console transport may go through console.log).
    transports.push(
      new winston.transports.Stream({ stream: process.stdout, format: stdoutFormat() }),
    );
  }
  // Levels are filtered before a line is built; winston sees only lines to be written.
  return winston.createLogger({ level: 'debug', exitOnError: false, transports });
}

function scanOrReport(logDir: string): Map<string, LogFile[]> {
  try {
    return scanLogDir(logDir);
  } catch (err) {
    report(`logging: cannot list ${logDir}, old logs are not pruned: ${(err as Error).message}`);
    return new Map();
  }
}

function report(message: string): void {
  process.stderr.write(`${message}\n`);
}

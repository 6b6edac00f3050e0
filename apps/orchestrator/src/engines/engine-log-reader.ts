import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { compareLogFiles, parseLogFileName, type LogFile } from '@flotilla/logging';
import {
  START_CURSOR,
  compareToCursor,
  cursorAt,
  formatLogCursor,
  type LogCursor,
} from './engine-log-cursor';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 64 * 1024;
/** Bytes one request reads at most: a backlog is paged, never loaded whole. */
export const DEFAULT_READ_BUDGET_BYTES = 4 * 1024 * 1024;

export interface LogPage {
  /** Parsed JSONL, oldest first; a line that is not a JSON object comes as `{ unparsed }`. */
  readonly lines: Record<string, unknown>[];
  readonly cursor: string;
}

interface Chunked {
  /** Complete lines, without their newline, oldest first. */
  readonly lines: Buffer[];
  /** The offset just after the last complete line returned. */
  readonly end: number;
}

/**
 * Reads one engine's JSONL files (DATA_DIR/logs/engine-<SYMBOL>-<YYYYMMDD>[.N].jsonl) as the
 * logging lib writes them: daily, split at a size cap, pruned by retention. Only files in logDir
 * whose parsed name has the stem of the (already validated) symbol are ever opened. A line still
 * being written (no newline yet) is left for the next read.
 */
export class EngineLogReader {
  constructor(
    private readonly logDir: string,
    private readonly budgetBytes = DEFAULT_READ_BUDGET_BYTES,
  ) {}

  /** The symbol's files, oldest first; none when the directory does not exist. */
  async files(symbol: string): Promise<LogFile[]> {
    const stem = `engine-${symbol}`;
    let names: string[];
    try {
      names = await readdir(this.logDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .map(parseLogFileName)
      .filter((f): f is LogFile => f !== null && f.stem === stem)
      .sort(compareLogFiles);
  }

  /** The last `count` lines, and a cursor at the end of the newest file's complete lines. */
  async tail(files: readonly LogFile[], count: number): Promise<LogPage> {
    const newest = files.at(-1);
    if (!newest) return page([], START_CURSOR);
    let cursor: LogCursor | undefined;
    let budget = this.budgetBytes;
    const collected: Buffer[][] = [];
    let wanted = count;
    for (let i = files.length - 1; i >= 0 && wanted > 0 && budget > 0; i -= 1) {
      const read = await this.withFile(files[i], (fh, size) =>
        readBackward(fh, size, wanted, budget),
      );
      cursor ??= cursorAt(newest, read?.end ?? 0);
      if (!read) continue;
      collected.unshift(read.lines);
      wanted -= read.lines.length;
      budget -= read.bytes;
    }
    return page(collected.flat().slice(-count), cursor ?? cursorAt(newest, 0));
  }

  /** Up to `count` lines written after the cursor, oldest first, and the cursor after them. */
  async after(files: readonly LogFile[], from: LogCursor, count: number): Promise<LogPage> {
    const later = files.filter((f) => compareToCursor(f, from) >= 0);
    let cursor = from;
    let budget = this.budgetBytes;
    const lines: Buffer[] = [];
    for (const file of later) {
      const atCursor = compareToCursor(file, from) === 0;
      const read = await this.withFile(file, (fh, size) =>
        // A file smaller than the offset was replaced: read it from the start.
        readForward(
          fh,
          atCursor && from.offset <= size ? from.offset : 0,
          count - lines.length,
          budget,
        ),
      );
      if (!read) continue;
      lines.push(...read.lines);
      budget -= read.bytes;
      cursor = cursorAt(file, read.end);
      if (lines.length >= count || budget <= 0) break;
      // On to a newer file: this one rotated, and a torn last line in it is skipped, not awaited.
    }
    return page(lines, cursor);
  }

  /** Runs read on the open file; undefined when the file is gone (pruned since the listing). */
  private async withFile<T>(
    file: LogFile,
    read: (fh: FileHandle, size: number) => Promise<T>,
  ): Promise<T | undefined> {
    let fh: FileHandle;
    try {
      fh = await open(join(this.logDir, file.name), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return await read(fh, (await fh.stat()).size);
    } finally {
      await fh.close();
    }
  }
}

function page(lines: Buffer[], cursor: LogCursor): LogPage {
  return { lines: lines.map(parseLine), cursor: formatLogCursor(cursor) };
}

function parseLine(line: Buffer): Record<string, unknown> {
  const text = line.toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // not JSON: returned as text below
  }
  return { unparsed: text };
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The last `count` complete lines before `size` (fewer once `budget` bytes are read). */
async function readBackward(
  fh: FileHandle,
  size: number,
  count: number,
  budget: number,
): Promise<Chunked & { bytes: number }> {
  let pos = size;
  let newlines = 0;
  const chunks: Buffer[] = [];
  // count + 1 newlines guarantee count complete lines after the first one.
  while (pos > 0 && newlines <= count && size - pos < budget) {
    const len = Math.min(CHUNK_BYTES, pos, budget - (size - pos));
    pos -= len;
    const chunk = await readAt(fh, pos, len);
    chunks.unshift(chunk);
    for (const byte of chunk) if (byte === NEWLINE) newlines += 1;
  }
  const buf = Buffer.concat(chunks);
  const last = buf.lastIndexOf(NEWLINE);
  if (last < 0) return { lines: [], end: pos === 0 ? 0 : size, bytes: buf.length };
  const parts = splitLines(buf.subarray(0, last + 1));
  // Before `pos` the first part began earlier: it is not a whole line.
  const whole = pos > 0 ? parts.slice(1) : parts;
  return { lines: whole.slice(-count), end: pos + last + 1, bytes: buf.length };
}

/** Up to `count` complete lines from `offset` (fewer once `budget` bytes are read, but one). */
async function readForward(
  fh: FileHandle,
  offset: number,
  count: number,
  budget: number,
): Promise<Chunked & { bytes: number }> {
  const lines: Buffer[] = [];
  let end = offset;
  let pending = Buffer.alloc(0);
  let pos = offset;
  let bytes = 0;
  // Past the budget only to finish a first line: a follower must always make progress.
  while (lines.length < count && (bytes < budget || lines.length === 0)) {
    const chunk = await readAt(
      fh,
      pos,
      bytes < budget ? Math.min(CHUNK_BYTES, budget - bytes) : CHUNK_BYTES,
    );
    if (chunk.length === 0) break;
    pos += chunk.length;
    bytes += chunk.length;
    pending = Buffer.concat([pending, chunk]);
    let start = 0;
    for (let nl = pending.indexOf(NEWLINE); nl >= 0; nl = pending.indexOf(NEWLINE, start)) {
      lines.push(pending.subarray(start, nl));
      end += nl + 1 - start;
      start = nl + 1;
      if (lines.length === count) break;
    }
    pending = pending.subarray(start);
  }
  return { lines, end, bytes };
}

function splitLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = buf.indexOf(NEWLINE); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
    lines.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  return lines;
}

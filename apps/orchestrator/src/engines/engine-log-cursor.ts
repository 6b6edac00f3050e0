import { compareLogFiles, type LogFile } from '@flotilla/logging';

/**
 * A place in one engine's JSONL log stream: a file (its UTC day and size-split index) and the byte
 * offset just after the last line read from it. Sent to clients as `YYYYMMDD.INDEX:OFFSET`, which
 * names no path: the reader rebuilds the file name from the validated symbol and these numbers.
 */
export interface LogCursor {
  readonly day: string;
  readonly index: number;
  readonly offset: number;
}

const CURSOR = /^(\d{8})\.(\d{1,6}):(\d{1,15})$/;

/** Before every file: a follower of an engine that has not logged yet starts here. */
export const START_CURSOR: LogCursor = { day: '00000000', index: 0, offset: 0 };

export const CURSOR_RULE = 'cursor must be a cursor returned by this route, e.g. 20261202.0:4096';

export function parseLogCursor(text: string): LogCursor | null {
  const m = CURSOR.exec(text);
  if (!m) return null;
  const offset = Number(m[3]);
  return Number.isSafeInteger(offset) ? { day: m[1], index: Number(m[2]), offset } : null;
}

export function formatLogCursor(cursor: LogCursor): string {
  return `${cursor.day}.${cursor.index}:${cursor.offset}`;
}

export function cursorAt(file: LogFile, offset: number): LogCursor {
  return { day: file.day, index: file.index, offset };
}

/** Orders a file against the file a cursor points into (offsets aside). */
export function compareToCursor(file: LogFile, cursor: LogCursor): number {
  return compareLogFiles(file, { ...file, day: cursor.day, index: cursor.index });
}

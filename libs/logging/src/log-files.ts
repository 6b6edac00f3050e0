import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isoUtc } from '@flotilla/core';

const DAY_MS = 86_400_000;
const NAME = /^(orchestrator|engine-[A-Z0-9]+)-(\d{8})(?:\.([1-9]\d*))?\.jsonl$/;

/**
 * One file of a log stream: `<stem>-<YYYYMMDD>.jsonl`, then `.1.jsonl`, `.2.jsonl` … as the size
 * cap splits the day (the names winston-daily-rotate-file used, so older files are recognised).
 */
export interface LogFile {
  name: string;
  stem: string;
  day: string;
  index: number;
}

export interface RetentionPolicy {
  /** A file goes once its whole UTC day is more than this many days old. */
  retentionDays: number;
  /** Files kept per stream, the one being written included; the oldest go first. */
  maxFiles: number;
}

export function utcDay(ms: number): string {
  return isoUtc(ms).slice(0, 10).replace(/-/g, '');
}

export function logFile(stem: string, day: string, index: number): LogFile {
  const name = `${stem}-${day}${index === 0 ? '' : `.${index}`}.jsonl`;
  return { name, stem, day, index };
}

export function parseLogFileName(name: string): LogFile | null {
  const m = NAME.exec(name);
  return m ? logFile(m[1], m[2], m[3] === undefined ? 0 : Number(m[3])) : null;
}

export function compareLogFiles(a: LogFile, b: LogFile): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  return a.index - b.index;
}

/** Every stream's files in dir, each list oldest first; a missing dir holds none. */
export function scanLogDir(dir: string): Map<string, LogFile[]> {
  const streams = new Map<string, LogFile[]>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return streams;
    throw err;
  }
  for (const name of names) {
    const file = parseLogFileName(name);
    if (!file) continue;
    const list = streams.get(file.stem) ?? [];
    list.push(file);
    streams.set(file.stem, list);
  }
  for (const list of streams.values()) list.sort(compareLogFiles);
  return streams;
}

function dayNumber(day: string): number {
  return (
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8))) / DAY_MS
  );
}

/**
 * What the policy removes from one stream's files (sorted oldest first): every file dated more
 * than retentionDays days before today, then the oldest beyond maxFiles. `active`, the file being
 * written, is never chosen.
 */
export function selectExpired(
  files: readonly LogFile[],
  policy: RetentionPolicy,
  nowMs: number,
  active?: string,
): LogFile[] {
  const oldestKept = dayNumber(utcDay(nowMs)) - policy.retentionDays;
  const expired = files.filter((f) => f.name !== active && dayNumber(f.day) < oldestKept);
  const left = files.filter((f) => !expired.includes(f));
  const excess = left
    .filter((f) => f.name !== active)
    .slice(0, Math.max(0, left.length - policy.maxFiles));
  return [...expired, ...excess].sort(compareLogFiles);
}

/**
 * Deletes what the policy expires and drops it from `files` (kept sorted, updated in place).
 * A file that cannot be deleted stays listed, so the next prune tries again.
 */
export function pruneLogFiles(
  dir: string,
  files: LogFile[],
  policy: RetentionPolicy,
  nowMs: number,
  active: string | undefined,
  report: (message: string) => void,
): string[] {
  const removed: string[] = [];
  for (const file of selectExpired(files, policy, nowMs, active)) {
    try {
      unlinkSync(join(dir, file.name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        report(`logging: cannot remove old log ${file.name}: ${(err as Error).message}`);
        continue;
      }
    }
    files.splice(files.indexOf(file), 1);
    removed.push(file.name);
  }
  return removed;
}

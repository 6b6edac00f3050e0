import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { StoredAuditEntry } from '../contracts';
import { parseAuditLine } from './audit-line';

export interface ReadOutcome {
  /** Lines that were not a whole entry (a torn last line after a crash); skipped, never fatal. */
  readonly skipped: number;
}

/** Streams one JSONL file oldest first; a missing file has no entries. */
export async function readAuditFile(
  path: string,
  onEntry: (e: StoredAuditEntry) => void,
): Promise<ReadOutcome> {
  let skipped = 0;
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.length === 0) continue;
      const entry = parseAuditLine(line);
      if (entry) onEntry(entry);
      else skipped++;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  } finally {
    lines.close();
    stream.destroy();
  }
  return { skipped };
}

/** The JSONL files of the audit directory (none when it does not exist yet). */
export async function listAuditFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

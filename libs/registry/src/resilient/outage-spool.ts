import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DomainError } from '@flotilla/core';
import type { EngineRecordPatch } from '@flotilla/engine';
import {
  readFileIfExists,
  removeFileDurably,
  removeStaleTempFiles,
  writeFileAtomic,
} from '../json/atomic-write';
import { CoalescedWrites } from '../json/coalesced-writes';
import { isPlainObject, patchProblem } from '../record';
import { parseVersionedDocument } from '../json/versioned-document';
import type { PendingWrite } from './pending-writes';

export const REGISTRY_SPOOL_FILE = 'registry-spool.json';
export const REGISTRY_SPOOL_VERSION = 1;

export interface SpoolContents {
  /** The store the writes were meant for, as it was named when they were spooled. */
  store: string | null;
  /** The ownership lease epoch the writes were accepted under; null without a lease. */
  leaseEpoch: number | null;
  writes: Map<string, PendingWrite>;
}

interface SpoolDocument {
  version: typeof REGISTRY_SPOOL_VERSION;
  store: string;
  leaseEpoch?: number;
  writes: Record<string, PendingWrite>;
}

function corrupt(filePath: string, problem: string): DomainError {
  return new DomainError(
    'REGISTRY_CORRUPT',
    `engine registry outage spool ${filePath} cannot be used: ${problem}. It holds registry ` +
      'writes accepted while the store was down that may never have reached it; it was not ' +
      'modified. Fix it, or move it aside to give those writes up, then start again.',
  );
}

function writeProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return 'is not an object';
  const extra = Object.keys(value).find((k) => k !== 'remove' && k !== 'patch');
  if (extra !== undefined) return `has unknown field ${JSON.stringify(extra)}`;
  if (typeof value.remove !== 'boolean') return 'remove is not true or false';
  if (value.patch === null) return value.remove ? null : 'owes neither a removal nor a patch';
  const problem = patchProblem(value.patch);
  return problem ? `patch ${problem}` : null;
}

/** Parses and checks a spool file; throws REGISTRY_CORRUPT naming the file and the problem. */
export function parseSpool(filePath: string, text: string): SpoolContents {
  const { doc, entries } = parseVersionedDocument(
    text,
    REGISTRY_SPOOL_VERSION,
    'writes',
    (problem) => corrupt(filePath, problem),
  );
  const writes = new Map<string, PendingWrite>();
  for (const [symbol, write] of Object.entries(entries)) {
    const problem = writeProblem(write);
    if (problem) throw corrupt(filePath, `writes.${symbol} ${problem}`);
    const { remove, patch } = write as { remove: boolean; patch: EngineRecordPatch | null };
    writes.set(symbol, { remove, patch });
  }
  const leaseEpoch = doc.leaseEpoch;
  if (leaseEpoch !== undefined && !(Number.isSafeInteger(leaseEpoch) && Number(leaseEpoch) > 0)) {
    throw corrupt(filePath, 'leaseEpoch is not a positive integer');
  }
  return {
    store: typeof doc.store === 'string' ? doc.store : null,
    leaseEpoch: typeof leaseEpoch === 'number' ? leaseEpoch : null,
    writes,
  };
}

export function serializeSpool(
  store: string,
  writes: ReadonlyMap<string, PendingWrite>,
  leaseEpoch: number | null = null,
): string {
  const doc: SpoolDocument = {
    version: REGISTRY_SPOOL_VERSION,
    store,
    ...(leaseEpoch !== null ? { leaseEpoch } : {}),
    writes: Object.fromEntries(writes),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Write-ahead file for the writes ResilientRegistry owes its store: rewritten atomically whenever
 * they change during an outage and removed once they have landed, so a crash in between loses
 * nothing. Writes go through CoalescedWrites: each writes what is owed when it starts.
 */
export class OutageSpool {
  /** True while the file may hold something other than what was last asked for. */
  dirty = false;
  private onDisk = true;
  private readonly writes = new CoalescedWrites(() => this.write());

  constructor(
    readonly filePath: string,
    private readonly store: string,
    private readonly owed: () => ReadonlyMap<string, PendingWrite>,
    private readonly leaseEpoch: () => number | null = () => null,
  ) {}

  /** What a previous process left; empty when there is no file. Never modifies a bad file. */
  async load(): Promise<SpoolContents> {
    const text = await readFileIfExists(this.filePath, 'engine registry outage spool');
    if (text === null) {
      this.onDisk = false;
      await removeStaleTempFiles(this.filePath);
      return { store: null, leaseEpoch: null, writes: new Map() };
    }
    const contents = parseSpool(this.filePath, text);
    await removeStaleTempFiles(this.filePath);
    this.onDisk = true;
    return contents;
  }

  /** Resolves once a write that began after the call has landed on disk. */
  persist(): Promise<void> {
    return this.writes.request();
  }

  private async write(): Promise<void> {
    const owed = this.owed();
    try {
      if (owed.size === 0) {
        if (this.onDisk || this.dirty) await removeFileDurably(this.filePath);
        this.onDisk = false;
      } else {
        await mkdir(dirname(this.filePath), { recursive: true });
        await writeFileAtomic(this.filePath, serializeSpool(this.store, owed, this.leaseEpoch()));
        this.onDisk = true;
      }
      this.dirty = false;
    } catch (err) {
      this.dirty = true;
      throw new Error(
        `engine registry outage spool ${this.filePath} cannot be written: ${(err as Error).message}`,
      );
    }
  }
}

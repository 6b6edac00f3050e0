import type { EngineRecordPatch } from '@flotilla/engine';
import { mergePatches } from '../record';

/** What is still owed to the store for one symbol: an optional removal, then an optional patch. */
export interface PendingWrite {
  remove: boolean;
  patch: EngineRecordPatch | null;
}

/** Folds a newer pending write into an older one so each symbol owes at most one write. */
export function combineWrites(older: PendingWrite, newer: PendingWrite): PendingWrite {
  if (newer.remove) return { remove: true, patch: newer.patch };
  const patch =
    older.patch && newer.patch
      ? mergePatches(older.patch, newer.patch)
      : (newer.patch ?? older.patch);
  return { remove: older.remove, patch };
}

/** At most one merged write per symbol: the queue is bounded by the number of engines. */
export class PendingWrites {
  private readonly writes = new Map<string, PendingWrite>();

  get size(): number {
    return this.writes.size;
  }

  has(symbol: string): boolean {
    return this.writes.has(symbol);
  }

  symbols(): string[] {
    return [...this.writes.keys()];
  }

  get(symbol: string): PendingWrite | undefined {
    return this.writes.get(symbol);
  }

  /** Every owed write by symbol, as a copy: what the outage spool persists. */
  entries(): Map<string, PendingWrite> {
    return new Map(this.writes);
  }

  /** Sets (or with undefined, clears) what a symbol owes; used to undo a write never acknowledged. */
  replace(symbol: string, write: PendingWrite | undefined): void {
    if (write) this.writes.set(symbol, write);
    else this.writes.delete(symbol);
  }

  add(symbol: string, write: PendingWrite): void {
    const older = this.writes.get(symbol);
    this.writes.set(symbol, older ? combineWrites(older, write) : write);
  }

  take(symbol: string): PendingWrite | undefined {
    const write = this.writes.get(symbol);
    this.writes.delete(symbol);
    return write;
  }

  /** Puts back a write that failed, under anything queued for the symbol meanwhile. */
  restore(symbol: string, write: PendingWrite): void {
    const newer = this.writes.get(symbol);
    this.writes.set(symbol, newer ? combineWrites(write, newer) : write);
  }
}

import type {
  AuditAction,
  AuditEntry,
  AuditFilter,
  AuditReader,
  AuditSink,
  StoredAuditEntry,
} from '../contracts';

/** The audit trail in memory, both sides: append, query, fills. failFills makes fills() reject. */
export class MemoryAudit implements AuditSink, AuditReader {
  readonly entries: StoredAuditEntry[] = [];
  failFills: Error | null = null;
  private seq = 0;

  append(entry: AuditEntry): void {
    this.entries.push({ ...entry, seq: ++this.seq });
  }

  async query(filter: AuditFilter): Promise<StoredAuditEntry[]> {
    const limit = Math.min(filter.limit ?? 100, 1000);
    return Promise.resolve(
      this.entries
        .filter(
          (e) =>
            (filter.symbol === undefined || e.symbol === filter.symbol) &&
            (filter.action === undefined || e.action === filter.action) &&
            (filter.since === undefined || e.atMs >= filter.since) &&
            (filter.traceId === undefined || e.traceId === filter.traceId),
        )
        .reverse()
        .slice(0, limit),
    );
  }

  async fills(symbol: string): Promise<StoredAuditEntry[]> {
    if (this.failFills) return Promise.reject(this.failFills);
    return Promise.resolve(this.entries.filter((e) => e.symbol === symbol && e.action === 'fill'));
  }

  /** The actions in order, optionally of one symbol. */
  actions(symbol?: string): AuditAction[] {
    return this.entries
      .filter((e) => symbol === undefined || e.symbol === symbol)
      .map((e) => e.action);
  }

  of(action: AuditAction): StoredAuditEntry[] {
    return this.entries.filter((e) => e.action === action);
  }
}

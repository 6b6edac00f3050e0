import type { AuditFilter, StoredAuditEntry } from '../contracts';

export const MAX_QUERY_LIMIT = 1000;
export const DEFAULT_QUERY_LIMIT = 100;

/** The filter's limit, defaulted and clamped to 1..1000. */
export function queryLimit(filter: AuditFilter): number {
  const asked = filter.limit ?? DEFAULT_QUERY_LIMIT;
  if (!Number.isFinite(asked)) return DEFAULT_QUERY_LIMIT;
  return Math.min(MAX_QUERY_LIMIT, Math.max(1, Math.floor(asked)));
}

export function matchesFilter(e: StoredAuditEntry, f: AuditFilter): boolean {
  return (
    (f.symbol === undefined || e.symbol === f.symbol) &&
    (f.action === undefined || e.action === f.action) &&
    (f.since === undefined || e.atMs >= f.since) &&
    (f.traceId === undefined || e.traceId === f.traceId)
  );
}

/** The most recent entries, in append order, in a fixed-size ring. */
export class RecentAuditIndex {
  private readonly ring: (StoredAuditEntry | undefined)[];
  private next = 0;
  private size = 0;
  /** True once an entry has been pushed out: older entries are only in the files. */
  evicted = false;

  constructor(readonly capacity: number) {
    this.ring = new Array<StoredAuditEntry | undefined>(Math.max(1, capacity));
  }

  push(e: StoredAuditEntry): void {
    if (this.size === this.ring.length) this.evicted = true;
    else this.size++;
    this.ring[this.next] = e;
    this.next = (this.next + 1) % this.ring.length;
  }

  /** The oldest entry still held. */
  oldest(): StoredAuditEntry | undefined {
    if (this.size === 0) return undefined;
    return this.ring[(this.next - this.size + this.ring.length) % this.ring.length];
  }

  /** Up to `limit` matching entries, newest first. */
  newestFirst(filter: AuditFilter, limit: number): StoredAuditEntry[] {
    const out: StoredAuditEntry[] = [];
    for (let i = 1; i <= this.size && out.length < limit; i++) {
      const e = this.ring[(this.next - i + this.ring.length) % this.ring.length]!;
      if (matchesFilter(e, filter)) out.push(e);
    }
    return out;
  }
}

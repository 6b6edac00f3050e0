import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  errorMessage,
  type BackoffOptions,
  type Clock,
  type StructuredLogger,
} from '@flotilla/core';
import type {
  AuditEntry,
  AuditFilter,
  AuditReader,
  AuditSink,
  StoredAuditEntry,
} from '../contracts';
import { AuditFileWriter, type AuditWriterStats } from './audit-file-writer';
import { listAuditFiles, readAuditFile } from './audit-file-reader';
import { AuditForwarder, type AuditForwarderStats, type AuditForwardPort } from './audit-forwarder';
import { RecentAuditIndex, matchesFilter, queryLimit } from './audit-index';
import { auditFileName, toAuditLine } from './audit-line';

export const AUDIT_DIR = 'audit';

export interface AuditTrailOptions {
  /** DATA_DIR; the files go to DATA_DIR/audit/. */
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  /** REGISTRY=postgres: the registry (its AuditPort) also receives every entry. */
  readonly port?: AuditForwardPort | null;
  /** Recent entries served from memory (default 20,000). */
  readonly indexSize?: number;
  /** Lines waiting for a failing disk before they are dropped (default 100,000). */
  readonly maxQueuedLines?: number;
  readonly diskRetryBackoff?: BackoffOptions;
  readonly forward?: { attempts?: number; backoff?: BackoffOptions; maxQueued?: number };
  /** Tests: a failing disk. */
  readonly append?: (path: string, data: string) => Promise<void>;
}

export interface AuditTrailStats {
  readonly appended: number;
  readonly file: AuditWriterStats;
  readonly forward: AuditForwarderStats | null;
  /** Unreadable lines met while reading the files (a torn last line after a crash). */
  readonly skippedLines: number;
}

/**
 * The audit trail (SPEC 7): append() is synchronous and never throws; entries are numbered,
 * indexed in memory, written as JSONL per symbol under DATA_DIR/audit/ in batches, and, with a
 * port, forwarded to the registry's audit table without ever delaying or risking the file line.
 */
export class AuditTrail implements AuditSink, AuditReader {
  readonly dir: string;
  private seq = 0;
  private skippedLines = 0;
  private readonly index: RecentAuditIndex;
  private readonly writer: AuditFileWriter;
  private readonly forwarder: AuditForwarder | null;
  /** Files held entries before this process: older entries may be only there. */
  private readonly hadHistory: boolean;

  constructor(private readonly o: AuditTrailOptions) {
    this.dir = join(o.dataDir, AUDIT_DIR);
    this.index = new RecentAuditIndex(o.indexSize ?? 20_000);
    this.writer = new AuditFileWriter({
      dir: this.dir,
      clock: o.clock,
      logger: o.logger,
      maxQueuedLines: o.maxQueuedLines,
      retryBackoff: o.diskRetryBackoff,
      append: o.append,
    });
    this.forwarder = o.port
      ? new AuditForwarder({ port: o.port, clock: o.clock, logger: o.logger, ...o.forward })
      : null;
    this.hadHistory = hasAuditFiles(this.dir);
  }

  append(entry: AuditEntry): void {
    try {
      const stored: StoredAuditEntry = { ...entry, seq: ++this.seq };
      this.index.push(stored);
      this.writer.enqueue(auditFileName(entry.symbol), toAuditLine(stored));
      this.forwarder?.enqueue(stored);
    } catch (err) {
      this.o.logger.error('ALERT audit entry could not be queued', {
        alert: 'audit_append_failed',
        action: entry?.action,
        symbol: entry?.symbol,
        error: errorMessage(err),
      });
    }
  }

  /** Writes what is queued and waits for the registry forwarding (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([this.writer.flush(), this.forwarder?.flush()]);
  }

  stats(): AuditTrailStats {
    return {
      appended: this.seq,
      file: this.writer.stats(),
      forward: this.forwarder?.stats() ?? null,
      skippedLines: this.skippedLines,
    };
  }

  async query(filter: AuditFilter): Promise<StoredAuditEntry[]> {
    const limit = queryLimit(filter);
    const recent = this.index.newestFirst(filter, limit);
    if (recent.length >= limit || this.memoryIsComplete(filter)) return recent;
    return this.queryFiles(filter, limit);
  }

  async fills(symbol: string): Promise<StoredAuditEntry[]> {
    await this.writer.flush();
    const out: StoredAuditEntry[] = [];
    const { skipped } = await readAuditFile(join(this.dir, auditFileName(symbol)), (e) => {
      if (e.action === 'fill' && e.symbol === symbol) out.push(e);
    });
    this.noteSkipped(skipped, symbol);
    return out;
  }

  private memoryIsComplete(filter: AuditFilter): boolean {
    if (!this.index.evicted && !this.hadHistory) return true;
    const oldest = this.index.oldest();
    return filter.since !== undefined && oldest !== undefined && oldest.atMs < filter.since;
  }

  /** Newest first from the files: each file keeps only its last `limit` matches while streaming. */
  private async queryFiles(filter: AuditFilter, limit: number): Promise<StoredAuditEntry[]> {
    await this.writer.flush();
    const files =
      filter.symbol !== undefined ? [auditFileName(filter.symbol)] : await listAuditFiles(this.dir);
    const found: StoredAuditEntry[] = [];
    for (const file of files) {
      const tail: StoredAuditEntry[] = [];
      const { skipped } = await readAuditFile(join(this.dir, file), (e) => {
        if (!matchesFilter(e, filter)) return;
        tail.push(e);
        if (tail.length > limit * 2) tail.splice(0, tail.length - limit);
      });
      this.noteSkipped(skipped, file);
      // newest of the file first, so a stable sort keeps the file's own order on equal times
      found.push(...tail.slice(-limit).reverse());
    }
    return found.sort((a, b) => b.atMs - a.atMs).slice(0, limit);
  }

  private noteSkipped(skipped: number, where: string): void {
    if (skipped === 0) return;
    this.skippedLines += skipped;
    this.o.logger.warn('unreadable audit lines skipped (a torn write after a crash?)', {
      file: where,
      skipped,
    });
  }
}

function hasAuditFiles(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => f.endsWith('.jsonl'));
  } catch {
    return false;
  }
}

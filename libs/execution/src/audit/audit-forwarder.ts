import {
  dec,
  errorMessage,
  isoUtc,
  retryWithBackoff,
  type BackoffOptions,
  type Clock,
  type Decimal,
  type StructuredLogger,
} from '@flotilla/core';
import type { StoredAuditEntry } from '../contracts';

/**
 * The registry's audit event, as libs/registry's AuditPort takes it (PostgresRegistry implements
 * it). Declared here by shape because libs/execution does not import libs/registry.
 */
export interface AuditForwardEvent {
  at: string;
  traceId: string | null;
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
  context: Record<string, unknown>;
  notional: Decimal | null;
}

export interface AuditForwardPort {
  appendAudit(event: AuditForwardEvent): Promise<unknown>;
}

export interface AuditForwarderOptions {
  readonly port: AuditForwardPort;
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  /** Attempts per event before it is given up (it stays in the JSONL file). */
  readonly attempts?: number;
  readonly backoff?: BackoffOptions;
  /** Events waiting for the database beyond this are not forwarded (counted, logged). */
  readonly maxQueued?: number;
}

export interface AuditForwarderStats {
  readonly queued: number;
  readonly forwarded: number;
  readonly failed: number;
  readonly dropped: number;
}

/** The registry row of one entry: subject is the symbol (or "fleet"), context the details plus the request id. */
export function toAuditEvent(e: StoredAuditEntry): AuditForwardEvent {
  const raw = e.details.notional;
  let notional: Decimal | null = null;
  if (typeof raw === 'string') {
    try {
      notional = dec(raw);
    } catch {
      notional = null;
    }
  }
  return {
    at: isoUtc(e.atMs),
    traceId: e.traceId,
    actor: e.actor,
    action: e.action,
    subject: e.symbol ?? 'fleet',
    before: null,
    after: null,
    context: { ...e.details, requestId: e.requestId },
    notional: notional?.isFinite() ? notional : null,
  };
}

/**
 * Forwards entries to the registry's audit table one at a time, in append order, each retried on
 * core's backoff; the caller never waits for it and a failure never touches the JSONL file.
 */
export class AuditForwarder {
  private readonly queue: StoredAuditEntry[] = [];
  private pumping: Promise<void> | null = null;
  private forwarded = 0;
  private failed = 0;
  private dropped = 0;

  constructor(private readonly o: AuditForwarderOptions) {}

  enqueue(entry: StoredAuditEntry): void {
    if (this.queue.length >= (this.o.maxQueued ?? 10_000)) {
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 1_000 === 0) {
        this.o.logger.error('ALERT audit forwarding to the registry is behind; events skipped', {
          alert: 'audit_forward_dropped',
          dropped: this.dropped,
        });
      }
      return;
    }
    this.queue.push(entry);
    this.pumping ??= this.pump().finally(() => {
      this.pumping = null;
    });
  }

  stats(): AuditForwarderStats {
    return {
      queued: this.queue.length,
      forwarded: this.forwarded,
      failed: this.failed,
      dropped: this.dropped,
    };
  }

  /** Resolves once every queued event was forwarded or given up. */
  async flush(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private async pump(): Promise<void> {
    for (let entry = this.queue.shift(); entry; entry = this.queue.shift()) {
      const event = toAuditEvent(entry);
      try {
        await retryWithBackoff(() => this.o.port.appendAudit(event), {
          attempts: this.o.attempts ?? 5,
          backoff: this.o.backoff ?? { initialMs: 500, maxMs: 10_000 },
          clock: this.o.clock,
          onFailure: (f) =>
            this.o.logger.warn('audit event not stored in the registry', {
              seq: entry?.seq,
              action: event.action,
              attempt: f.attempt,
              retryInMs: f.retryInMs,
              error: errorMessage(f.error),
            }),
        });
        this.forwarded++;
      } catch (err) {
        this.failed++;
        this.o.logger.error(
          'ALERT audit event given up for the registry (kept in the JSONL file)',
          {
            alert: 'audit_forward_failed',
            seq: entry.seq,
            action: event.action,
            subject: event.subject,
            error: errorMessage(err),
          },
        );
      }
    }
  }
}

import type { Decimal } from '@flotilla/core';

/** One operation that touched capital or control (SPEC 7). */
export interface AuditEvent {
  /** ISO-8601 UTC time the operation happened. */
  at: string;
  traceId: string | null;
  /** Who caused it: an operator identity, "engine:<SYMBOL>", "supervisor", ... */
  actor: string;
  /** What happened, e.g. "order.placed", "engine.start". */
  action: string;
  /** What it happened to, e.g. the symbol or an order id. */
  subject: string;
  before: unknown;
  after: unknown;
  /** Market context at that moment (prices as decimal strings). */
  context: Record<string, unknown>;
  /** Money involved, if any; exact decimal, never a float. */
  notional: Decimal | null;
}

export interface StoredAuditEvent extends AuditEvent {
  /** Store-assigned, increasing id (bigint as a decimal string). */
  id: string;
}

/** Append-only audit sink; adapters never update or delete an event. */
export interface AuditPort {
  appendAudit(event: AuditEvent): Promise<StoredAuditEvent>;
}

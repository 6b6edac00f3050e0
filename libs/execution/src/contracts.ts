import type { Clock, Decimal, StructuredLogger } from '@flotilla/core';
import type { PositionCareSettings } from './care-settings';
import type {
  ExecutionHost,
  ExecutionStatusView,
  OrderLeg,
  OrderSide,
  OrderType,
  VenuePort,
} from '@flotilla/engine';

/*
 * The contracts between the parts of execution: the per-engine executor, the shared RiskManager,
 * the audit trail, and the orchestrator's trading desk (HTTP views). Domain form: Decimal for
 * money, epoch ms for time. The HTTP layer turns them into strings and ISO times.
 */

// ---------------------------------------------------------------- orders and positions

export type OrderState =
  | 'new'
  | 'submitted'
  | 'accepted'
  | 'rejected'
  | 'partially-filled'
  | 'filled'
  | 'cancelled'
  | 'expired'
  | 'unknown';

export type PositionState = 'flat' | 'opening' | 'unprotected' | 'open' | 'closing';

export interface TrackedOrder {
  readonly clientOrderId: string;
  readonly orderId: string | null;
  readonly symbol: string;
  readonly leg: OrderLeg;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly state: OrderState;
  readonly qty: Decimal;
  readonly filledQty: Decimal;
  readonly price: Decimal | null;
  readonly avgPrice: Decimal | null;
  readonly triggerPrice: Decimal | null;
  readonly reduceOnly: boolean;
  readonly signalId: string;
  readonly traceId: string;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /** Why it was rejected, cancelled or is unknown. */
  readonly reason: string | null;
}

/** Per-engine execution settings, per symbol (config engineDefaults + symbols overrides). */
export interface ExecutionSettings {
  /** Quote notional per entry (USDT), default 100. */
  readonly entryNotional: Decimal;
  /** Stop loss distance from the entry price in percent, default 1. */
  readonly stopLossPct: Decimal;
  /** Take profit distance from the entry price in percent, default 2. */
  readonly takeProfitPct: Decimal;
  /** Close the position on a signal of the opposite side, default true. */
  readonly exitOnOppositeSignal: boolean;
  /** Leverage set on the venue before the first entry, default 1. */
  readonly leverage: Decimal;
  /** A fill without a confirmed venue-side stop after this long is closed at market, default 3000. */
  readonly stopConfirmTimeoutMs: number;
  /** Trailing stop, protection guard, aged positions; POSITION_CARE_DEFAULTS when absent. */
  readonly care?: PositionCareSettings;
}

// ---------------------------------------------------------------- execution statistics

export interface ExecutionStats {
  readonly signals: number;
  readonly entriesSubmitted: number;
  readonly entriesFilled: number;
  readonly entriesRejected: number;
  readonly riskRefusals: number;
  /** Recent signal → entry acknowledged by the venue, ms (bounded ring, oldest first). */
  readonly signalToAckMs: readonly number[];
  /** Recent entry slippage against the signal's mid, basis points, adverse positive. */
  readonly slippageBps: readonly number[];
}

// ---------------------------------------------------------------- audit trail (SPEC 7)

export const AUDIT_ACTIONS = [
  'order.submitted',
  'order.accepted',
  'order.rejected',
  'order.partially-filled',
  'order.filled',
  'order.cancelled',
  'order.expired',
  'order.unknown',
  'order.resolved',
  'fill',
  'stop.placed',
  'stop.confirmed',
  'stop.moved',
  'stop.missing',
  'position.opened',
  'position.closed',
  'position.emergency-close',
  'risk.refused',
  'reconcile.started',
  'reconcile.adopted',
  'reconcile.cancelled',
  'reconcile.difference',
  'reconcile.done',
  'reconcile.failed',
  'engine.paused',
  'operator.pause',
  'operator.resume',
  'operator.flatten',
  'operator.kill-switch',
  'operator.risk-reset',
  'risk.day-rolled',
  // position care (issue 11)
  'guard.finding',
  'guard.emergency-stop',
  'zombie.cancelled',
  'zombie.adopted',
  'zombie.gave-up',
  'aged.exit-placed',
  'aged.exit-moved',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A detail value: decimals go in as strings (exact), never as floats. */
export type AuditValue = string | number | boolean | null;

/**
 * One audited operation. `fill` entries carry details fillId, orderId, clientOrderId, side,
 * price, qty, fee, realizedPnl (the fill's realised PnL before fees) as decimal strings, so the
 * realised PnL can be recomputed from the trail alone.
 */
export interface AuditEntry {
  readonly atMs: number;
  /** null for fleet-wide operations (kill switch). */
  readonly symbol: string | null;
  readonly action: AuditAction;
  /** One id from the signal through its orders to its fills (the signal id); operator: request id. */
  readonly traceId: string | null;
  /** "engine:BTCUSDT", "operator", "risk", "reconcile", "supervisor". */
  readonly actor: string;
  readonly requestId: string | null;
  readonly details: Readonly<Record<string, AuditValue>>;
}

export interface StoredAuditEntry extends AuditEntry {
  /** Increasing per process; with the symbol's file it orders the trail. */
  readonly seq: number;
}

export interface AuditFilter {
  readonly symbol?: string;
  readonly action?: AuditAction;
  /** Epoch ms; entries at or after. */
  readonly since?: number;
  readonly traceId?: string;
  /** Newest first, default 100, at most 1000. */
  readonly limit?: number;
}

/** Append is synchronous and never throws to the caller: entries are queued and written in order. */
export interface AuditSink {
  append(entry: AuditEntry): void;
}

export interface AuditReader {
  query(filter: AuditFilter): Promise<StoredAuditEntry[]>;
  /** Every `fill` entry of the symbol, oldest first (to rebuild realised PnL at start). */
  fills(symbol: string): Promise<StoredAuditEntry[]>;
}

// ---------------------------------------------------------------- shared risk (SPEC 9)

export interface RiskLimits {
  readonly maxOpenPositions: number;
  readonly maxTotalExposure: Decimal;
  readonly minOrderNotional: Decimal;
  /** Per engine: at most this notional in one symbol's position. */
  readonly maxPositionNotional: Decimal;
  /** Realised loss (positive number) per UTC day that pauses entries fleet-wide until the day ends or a reset. */
  readonly dailyLossLimit: Decimal;
}

export type RiskRefusalReason =
  | 'kill-switch'
  | 'daily-loss'
  | 'max-open-positions'
  | 'max-exposure'
  | 'min-notional'
  | 'max-position'
  | 'position-open';

export interface RiskReservation {
  readonly id: number;
  readonly symbol: string;
  readonly notional: Decimal;
}

export type RiskDecision =
  | { readonly ok: true; readonly reservation: RiskReservation }
  | { readonly ok: false; readonly reason: RiskRefusalReason; readonly detail: string };

export interface RiskStatus {
  readonly limits: RiskLimits;
  readonly openPositions: number;
  readonly reservedPositions: number;
  readonly exposure: Decimal;
  readonly reservedExposure: Decimal;
  /** Realised PnL since the start of the current UTC day (negative = loss). */
  readonly dailyRealizedPnl: Decimal;
  readonly dailyLossBreached: boolean;
  readonly day: string;
  readonly killSwitch: {
    readonly engaged: boolean;
    readonly atMs: number | null;
    readonly by: string | null;
  };
  readonly refusals: Readonly<Record<RiskRefusalReason, number>>;
}

/**
 * Shared by every engine; synchronous (one thread), so a check and its reservation are one step
 * and N engines signalling in the same millisecond cannot breach a limit.
 */
export interface RiskGate {
  /** Checks every limit for a new entry of this notional and reserves it when all pass. */
  reserve(symbol: string, notional: Decimal): RiskDecision;
  /** The entry filled (fully or partly): the reservation becomes the symbol's open exposure. */
  commit(reservation: RiskReservation, filledNotional: Decimal): void;
  /** Rejected, cancelled or expired with nothing filled: the capacity is free again. */
  release(reservation: RiskReservation): void;
  /** A position found on the venue (reconciliation): counted whatever the limits say. */
  adopt(symbol: string, notional: Decimal): void;
  /** The symbol's position is flat. */
  closed(symbol: string): void;
  /** A realised PnL change (fees included); losses count toward the daily limit. */
  recordRealized(symbol: string, pnl: Decimal, atMs: number): void;
  /** Fast check without reserving: kill switch and daily loss. */
  entriesBlocked(): RiskRefusalReason | null;
  status(): RiskStatus;
}

// ---------------------------------------------------------------- the executor as the desk sees it

/** What the orchestrator's trading views read from one engine's current executor. */
export interface ExecutorView {
  readonly symbol: string;
  status(): ExecutionStatusView;
  /** Live orders and recent finished ones (bounded), oldest first. */
  orders(): readonly TrackedOrder[];
  stats(): ExecutionStats;
}

// ---------------------------------------------------------------- the executor's dependencies

/**
 * The client order id of one leg of one signal (libs/venue's clientOrderId, injected so execution
 * does not import the venue adapter). Ours start with "fl": fle- entry, fls- stop, flt- take
 * profit, flc- close.
 */
export type ClientOrderIdOf = (symbol: string, signalId: string, leg: OrderLeg) => string;

export interface ExecutorDeps {
  readonly host: ExecutionHost;
  readonly venue: VenuePort;
  readonly risk: RiskGate;
  readonly audit: AuditSink;
  readonly auditReader: AuditReader;
  readonly settings: ExecutionSettings;
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  readonly clientOrderIdOf: ClientOrderIdOf;
  /** Wait before looking up an order whose send ended unclear, and between lookups; default 1000. */
  readonly lookupDelayMs?: number;
  /** Lookups that find nothing before the order is resent with the same client order id; default 3. */
  readonly lookupAttempts?: number;
  /** First delay of the reconciliation retry backoff; default 1000 (doubling to 30 s). */
  readonly reconcileRetryMs?: number;
  /** Told each signal → entry acknowledged latency in ms as it is recorded (a metrics histogram). */
  readonly onEntryAck?: (ms: number) => void;
}

import { Decimal, errorMessage, type OrderBookView } from '@flotilla/core';
import type { OrderLeg, VenuePosition } from '@flotilla/engine';
import type {
  AuditAction,
  AuditValue,
  ExecutorDeps,
  OrderState,
  PositionState,
  RiskReservation,
} from './contracts';
import { ExecStatsRecorder } from './exec-stats';
import type { OrderTrigger } from './order-machine';
import { OrderTracker, type MutableOrder } from './order-tracker';
import { PnlLedger } from './pnl-ledger';
import { nextPositionState, type PositionTrigger } from './position-machine';

/** The audit action of an order reaching a state (partial fills are audited as fills). */
const ORDER_AUDIT: Partial<Record<OrderState, AuditAction>> = {
  accepted: 'order.accepted',
  rejected: 'order.rejected',
  filled: 'order.filled',
  cancelled: 'order.cancelled',
  expired: 'order.expired',
  unknown: 'order.unknown',
};

/** The one position an engine holds, with what protects it. */
export interface PositionRecord {
  state: PositionState;
  /** The signal that opened it (or a reconciliation id): the position's trace. */
  signalId: string | null;
  traceId: string | null;
  side: 'long' | 'short' | null;
  reservation: RiskReservation | null;
  committed: boolean;
  entryClientId: string | null;
  stopPrice: Decimal | null;
  takeProfitPrice: Decimal | null;
  stopConfirmed: boolean;
  /** Where the confirmed stop lives: the venue position's stopLoss or a reduce-only order of ours. */
  stopSource: 'position' | 'order' | null;
  openedAtMs: number | null;
  unprotectedSinceMs: number | null;
  lastStopCheckMs: number | null;
  realizedAtOpen: Decimal;
  signalMid: Decimal | null;
  signalMonoMs: number | null;
  flattenRequested: boolean;
  closeAttempts: number;
}

export function flatPosition(realized: Decimal): PositionRecord {
  return {
    state: 'flat',
    signalId: null,
    traceId: null,
    side: null,
    reservation: null,
    committed: false,
    entryClientId: null,
    stopPrice: null,
    takeProfitPrice: null,
    stopConfirmed: false,
    stopSource: null,
    openedAtMs: null,
    unprotectedSinceMs: null,
    lastStopCheckMs: null,
    realizedAtOpen: realized,
    signalMid: null,
    signalMonoMs: null,
    flattenRequested: false,
    closeAttempts: 0,
  };
}

export interface ReconcileProgress {
  state: 'pending' | 'running' | 'done' | 'failed';
  atMs: number | null;
  differences: number;
  error: string | null;
}

/**
 * The state one executor's parts share: the ledger, the orders, the position record, stats, and
 * the two ways out (audit, venue calls whose outcome comes back through the engine's mailbox).
 */
export class ExecCore {
  readonly symbol: string;
  ledger = new PnlLedger();
  readonly orders = new OrderTracker();
  readonly stats = new ExecStatsRecorder();
  position: PositionRecord = flatPosition(new Decimal(0));
  /** The engine's latest book; the mark (mid) is read from it when needed, not on every event. */
  book: OrderBookView | null = null;
  /** The private stream's latest position report for this symbol (it may come before the fill). */
  streamPosition: VenuePosition | null = null;
  private lastMark: Decimal | null = null;
  stopped = false;
  readonly reconcile: ReconcileProgress = {
    state: 'pending',
    atMs: null,
    differences: 0,
    error: null,
  };

  constructor(readonly deps: ExecutorDeps) {
    this.symbol = deps.host.symbol;
  }

  /** The book's mid (or its one side), else the last one known. */
  get mark(): Decimal | null {
    const bid = this.book?.bestBid();
    const ask = this.book?.bestAsk();
    if (bid && ask) this.lastMark = bid.price.add(ask.price).div(2);
    else if (bid ?? ask) this.lastMark = (bid ?? ask)?.price ?? this.lastMark;
    return this.lastMark;
  }

  get actor(): string {
    return `engine:${this.symbol}`;
  }

  now(): number {
    return this.deps.clock.now();
  }

  clientOrderId(signalId: string, leg: OrderLeg): string {
    return this.deps.clientOrderIdOf(this.symbol, signalId, leg);
  }

  audit(
    action: AuditAction,
    traceId: string | null,
    details: Record<string, AuditValue>,
    by: { actor?: string; requestId?: string | null } = {},
  ): void {
    this.deps.audit.append({
      atMs: this.now(),
      symbol: this.symbol,
      action,
      traceId,
      actor: by.actor ?? this.actor,
      requestId: by.requestId ?? null,
      details,
    });
  }

  /**
   * Moves an order by the table and audits where it went; a stale venue event (the pair is not in
   * the table any more) changes nothing and returns null.
   */
  moveOrder(
    clientOrderId: string,
    trigger: OrderTrigger,
    reason: string | null = null,
    details: Record<string, AuditValue> = {},
  ): MutableOrder | null {
    const moved = this.orders.move(clientOrderId, trigger, this.now(), reason);
    if (!moved) return null;
    const { order, to } = moved;
    const action = ORDER_AUDIT[to];
    if (action) {
      this.audit(action, order.traceId, {
        clientOrderId,
        orderId: order.orderId,
        leg: order.leg,
        side: order.side,
        qty: order.qty.toFixed(),
        filledQty: order.filledQty.toFixed(),
        reason,
        ...details,
      });
    }
    return order;
  }

  /** Moves the position by the table; an invalid pair is a bug and throws. */
  movePosition(trigger: PositionTrigger): void {
    const from = this.position.state;
    this.position.state = nextPositionState(from, trigger);
    this.deps.logger.debug('position moved', {
      symbol: this.symbol,
      from,
      trigger,
      to: this.position.state,
    });
  }

  /**
   * Starts a venue call and posts its outcome into the engine's mailbox; the handlers run there,
   * and not at all once the run has stopped. Nothing waits on the promise here.
   */
  call<T>(
    name: string,
    start: () => Promise<T>,
    onOk: (v: T) => void,
    onErr: (err: unknown) => void,
  ): void {
    let promise: Promise<T>;
    try {
      promise = start();
    } catch (err) {
      promise = Promise.reject(err instanceof Error ? err : new Error(errorMessage(err)));
    }
    void promise.then(
      (value) =>
        this.deps.host.post(name, () => {
          if (!this.stopped) onOk(value);
        }),
      (err: unknown) =>
        this.deps.host.post(name, () => {
          if (!this.stopped) onErr(err);
        }),
    );
  }
}

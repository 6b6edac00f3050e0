import type { Decimal } from '@flotilla/core';
import type { OrderLeg, OrderSide, OrderType, VenueOrder } from '@flotilla/engine';
import type { OrderState, TrackedOrder } from './contracts';
import {
  canOrderTransition,
  isOrderFinal,
  nextOrderState,
  type OrderTrigger,
} from './order-machine';

/** Finished orders kept for the desk's views. */
export const FINISHED_ORDERS_KEPT = 100;

export type MutableOrder = { -readonly [K in keyof TrackedOrder]: TrackedOrder[K] };

export interface NewOrder {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly leg: OrderLeg;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly qty: Decimal;
  readonly price: Decimal | null;
  readonly triggerPrice: Decimal | null;
  readonly reduceOnly: boolean;
  readonly signalId: string;
  readonly traceId: string;
}

const PREFIX_LEG: ReadonlyArray<[string, OrderLeg]> = [
  ['fle-', 'entry'],
  ['fls-', 'stop'],
  ['flt-', 'take-profit'],
  ['flc-', 'close'],
];

/** The leg an id of ours names by its prefix; null for an id that is not ours. */
export function legOfClientId(clientOrderId: string): OrderLeg | null {
  return PREFIX_LEG.find(([p]) => clientOrderId.startsWith(p))?.[1] ?? null;
}

/**
 * One engine's orders by client order id: live ones, and the last FINISHED_ORDERS_KEPT finished
 * ones (a fill can arrive after its order's final event). Moves go through the order table.
 */
export class OrderTracker {
  private readonly live = new Map<string, MutableOrder>();
  private readonly finished = new Map<string, MutableOrder>();

  create(o: NewOrder, nowMs: number): MutableOrder {
    const order: MutableOrder = {
      ...o,
      orderId: null,
      state: 'new',
      filledQty: o.qty.mul(0),
      avgPrice: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      reason: null,
    };
    this.live.set(o.clientOrderId, order);
    return order;
  }

  /** An order of ours found open on the venue (reconciliation): tracked as accepted. */
  adopt(o: VenueOrder, leg: OrderLeg, nowMs: number): MutableOrder {
    const order = this.create(
      {
        clientOrderId: o.clientOrderId,
        symbol: o.symbol,
        leg,
        side: o.side,
        type: o.type,
        qty: o.qty,
        price: o.price,
        triggerPrice: o.triggerPrice,
        reduceOnly: o.reduceOnly,
        signalId: o.clientOrderId,
        traceId: `reconcile-${nowMs}`,
      },
      nowMs,
    );
    order.orderId = o.orderId;
    order.filledQty = o.filledQty;
    order.avgPrice = o.avgPrice;
    this.move(o.clientOrderId, 'submit', nowMs);
    this.move(o.clientOrderId, o.filledQty.gt(0) ? 'partialFill' : 'accept', nowMs);
    return order;
  }

  find(clientOrderId: string): MutableOrder | undefined {
    return this.live.get(clientOrderId) ?? this.finished.get(clientOrderId);
  }

  /**
   * Moves an order by the table. A venue event that no longer applies (a late "accepted" after
   * the fill) is stale: returns null and changes nothing. An unlisted id also returns null.
   */
  move(
    clientOrderId: string,
    trigger: OrderTrigger,
    nowMs: number,
    reason: string | null = null,
  ): { from: OrderState; to: OrderState; order: MutableOrder } | null {
    const order = this.live.get(clientOrderId);
    if (!order || !canOrderTransition(order.state, trigger)) return null;
    const from = order.state;
    order.state = nextOrderState(from, trigger);
    order.updatedAtMs = nowMs;
    if (reason !== null) order.reason = reason;
    if (isOrderFinal(order.state)) this.finish(order);
    return { from, to: order.state, order };
  }

  liveOrders(): MutableOrder[] {
    return [...this.live.values()];
  }

  /** Live and recent finished orders, oldest first. */
  all(): TrackedOrder[] {
    return [...this.finished.values(), ...this.live.values()]
      .map((o) => ({ ...o }))
      .sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  private finish(order: MutableOrder): void {
    this.live.delete(order.clientOrderId);
    this.finished.set(order.clientOrderId, order);
    if (this.finished.size > FINISHED_ORDERS_KEPT) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
  }
}

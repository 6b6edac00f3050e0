import { errorMessage } from '@flotilla/core';
import {
  VenueError,
  type PlaceOrderRequest,
  type PlaceResult,
  type VenueOrder,
} from '@flotilla/engine';
import type { ExecCore } from './exec-core';
import type { OrderTrigger } from './order-machine';
import type { MutableOrder } from './order-tracker';

export interface PlaceHandlers {
  /** The venue holds the order (answered, or found by a lookup after an unclear send). */
  onPlaced(order: MutableOrder): void;
  /**
   * Not sent, rejected, or not found after the lookups and one resend. `refused`: the venue itself
   * refused the order (VenueError 'rejected'), so sending it again is not expected to help.
   */
  onFailed(order: MutableOrder, reason: string, refused: boolean): void;
}

interface Unclear {
  readonly request: PlaceOrderRequest;
  readonly handlers: PlaceHandlers;
  nextLookupAtMs: number;
  lookupsLeft: number;
  resent: boolean;
  inFlight: boolean;
}

/** How a venue's order status moves our order. */
export function triggerOfVenueOrder(o: VenueOrder): OrderTrigger {
  switch (o.status) {
    case 'open':
      return o.filledQty.gt(0) ? 'partialFill' : 'accept';
    case 'closed':
      return 'fill';
    case 'canceled':
      return 'cancel';
    case 'rejected':
      return 'reject';
  }
}

/**
 * Sends orders and settles their outcome. A send that ends unclear (VenueError 'unknown-outcome')
 * leaves the order `unknown`; it is looked up by client order id on the timer, and when the venue
 * does not know it after `lookupAttempts` lookups it is resent once with the same client order id
 * (the venue refuses a duplicate, so the resend cannot double it). Still unknown after that: given
 * up as rejected; a fill that arrives later is still applied to the position.
 */
export class OrderPlacer {
  private readonly unclear = new Map<string, Unclear>();
  private readonly lookupDelayMs: number;
  private readonly lookupAttempts: number;

  constructor(private readonly core: ExecCore) {
    this.lookupDelayMs = core.deps.lookupDelayMs ?? 1000;
    this.lookupAttempts = core.deps.lookupAttempts ?? 3;
  }

  /** Tracks and sends; null (nothing sent) when this (signal, leg) already has an order. */
  place(request: PlaceOrderRequest, traceId: string, handlers: PlaceHandlers): MutableOrder | null {
    const core = this.core;
    const clientOrderId = core.clientOrderId(request.signalId, request.leg);
    if (core.orders.find(clientOrderId)) {
      core.deps.logger.warn('a second order for one signal and leg was refused', {
        symbol: core.symbol,
        clientOrderId,
        leg: request.leg,
      });
      return null;
    }
    const order = core.orders.create(
      {
        clientOrderId,
        symbol: request.symbol,
        leg: request.leg,
        side: request.side,
        type: request.type,
        qty: request.qty,
        price: request.price ?? null,
        triggerPrice: request.triggerPrice ?? null,
        reduceOnly: request.reduceOnly ?? false,
        signalId: request.signalId,
        traceId,
      },
      core.now(),
    );
    core.orders.move(clientOrderId, 'submit', core.now());
    core.audit('order.submitted', traceId, {
      clientOrderId,
      leg: request.leg,
      side: request.side,
      type: request.type,
      qty: request.qty.toFixed(),
      triggerPrice: request.triggerPrice?.toFixed() ?? null,
      stopLoss: request.stopLoss?.toFixed() ?? null,
      takeProfit: request.takeProfit?.toFixed() ?? null,
      reduceOnly: request.reduceOnly ?? false,
    });
    this.send(order, request, handlers);
    return order;
  }

  /** Lookups that are due, and unclear orders the private stream has resolved meanwhile. */
  onTimer(nowMs: number): void {
    for (const [clientOrderId, u] of this.unclear) {
      const order = this.core.orders.find(clientOrderId);
      if (!order) {
        this.unclear.delete(clientOrderId);
      } else if (order.state !== 'unknown') {
        if (order.state !== 'submitted') this.settle(clientOrderId, order, u);
      } else if (!u.inFlight && nowMs >= u.nextLookupAtMs) {
        this.lookup(clientOrderId, u);
      }
    }
  }

  /** How many orders wait for their outcome to be known. */
  get unclearCount(): number {
    return this.unclear.size;
  }

  private send(order: MutableOrder, request: PlaceOrderRequest, handlers: PlaceHandlers): void {
    this.core.call(
      'venue.place',
      () => this.core.deps.venue.place(request),
      (result) => this.onResult(order, result, handlers),
      (err) => this.onError(order, request, handlers, err),
    );
  }

  private onResult(order: MutableOrder, result: PlaceResult, handlers: PlaceHandlers): void {
    const id = order.clientOrderId;
    this.unclear.delete(id);
    if (result.kind === 'placed') {
      order.orderId = result.orderId;
      const ack = { orderId: result.orderId, alreadyPlaced: result.alreadyPlaced };
      // A market order's fill may come over the stream before its ack: the ack is still audited.
      if (!this.core.moveOrder(id, 'accept', null, ack)) {
        this.core.audit('order.accepted', order.traceId, {
          clientOrderId: id,
          leg: order.leg,
          state: order.state,
          ...ack,
        });
      }
      handlers.onPlaced(order);
      return;
    }
    const reason = `${result.reason}: ${result.detail}`;
    this.core.moveOrder(id, 'reject', reason, { notSent: result.reason });
    handlers.onFailed(order, reason, false);
  }

  private onError(
    order: MutableOrder,
    request: PlaceOrderRequest,
    handlers: PlaceHandlers,
    err: unknown,
  ): void {
    const id = order.clientOrderId;
    const message = errorMessage(err);
    if (err instanceof VenueError && err.kind === 'unknown-outcome') {
      this.core.moveOrder(id, 'unclear', message);
      const earlier = this.unclear.get(id);
      this.unclear.set(id, {
        request,
        handlers,
        nextLookupAtMs: this.core.now() + this.lookupDelayMs,
        lookupsLeft: this.lookupAttempts,
        resent: earlier?.resent ?? false,
        inFlight: false,
      });
      return;
    }
    this.unclear.delete(id);
    const kind = err instanceof VenueError ? err.kind : 'error';
    this.core.moveOrder(id, 'reject', message, { errorKind: kind });
    handlers.onFailed(order, message, kind === 'rejected');
  }

  private lookup(clientOrderId: string, u: Unclear): void {
    u.inFlight = true;
    const core = this.core;
    core.call(
      'venue.orderByClientId',
      () => core.deps.venue.orderByClientId(core.symbol, clientOrderId),
      (found) => {
        u.inFlight = false;
        const order = core.orders.find(clientOrderId);
        if (!order || order.state !== 'unknown') return; // the stream settled it meanwhile
        if (found) {
          order.orderId = found.orderId;
          core.audit('order.resolved', order.traceId, {
            clientOrderId,
            orderId: found.orderId,
            status: found.status,
          });
          core.moveOrder(clientOrderId, triggerOfVenueOrder(found));
          this.settle(clientOrderId, order, u);
        } else if (--u.lookupsLeft > 0) {
          u.nextLookupAtMs = core.now() + this.lookupDelayMs;
        } else if (!u.resent) {
          u.resent = true;
          core.orders.move(clientOrderId, 'resend', core.now());
          core.audit('order.submitted', order.traceId, { clientOrderId, resend: true });
          this.send(order, u.request, u.handlers);
        } else {
          core.moveOrder(clientOrderId, 'reject', 'not found after lookups and one resend');
          this.settle(clientOrderId, order, u);
        }
      },
      (err) => {
        u.inFlight = false;
        u.nextLookupAtMs = core.now() + this.lookupDelayMs;
        core.deps.logger.warn('order lookup failed', {
          symbol: core.symbol,
          clientOrderId,
          error: errorMessage(err),
        });
      },
    );
  }

  private settle(clientOrderId: string, order: MutableOrder, u: Unclear): void {
    this.unclear.delete(clientOrderId);
    if (
      order.state === 'accepted' ||
      order.state === 'partially-filled' ||
      order.state === 'filled'
    ) {
      u.handlers.onPlaced(order);
    } else {
      u.handlers.onFailed(order, order.reason ?? order.state, false);
    }
  }
}

import type { Instrument } from '@flotilla/core';
import {
  VenueError,
  type PlaceOrderRequest,
  type PlaceResult,
  type VenueOrder,
} from '@flotilla/engine';
import type { BybitClient } from './bybit-client';
import { parseOrder } from './bybit-parse';

import { clientOrderId, isProtectiveLeg } from './client-order-id';
import type { Priority } from './request-budget';
import { quantise, type QuantisedOrder } from './rounding';
import { BudgetShortError, classifyVenueError } from './classify';
import type { VenueCalls } from './venue-calls';
import { CircuitOpenError, type VenueGuard } from './venue-guard';
import type { VenueMetrics } from './venue-metrics';

/** BTCUSDT → BTC/USDT:USDT, ccxt's name for a linear perpetual. */
export const ccxtSymbol = (instrument: Instrument): string =>
  `${instrument.base}/${instrument.quote}:${instrument.quote}`;

const num = (d: { toFixed(): string } | undefined): number | undefined =>
  d === undefined ? undefined : Number(d.toFixed());

/** ccxt's unified params for one order (research §3.1). */
function orderParams(
  request: PlaceOrderRequest,
  q: QuantisedOrder,
  id: string,
): Record<string, unknown> {
  const params: Record<string, unknown> = { clientOrderId: id, positionIdx: 0 };
  if (request.timeInForce) {
    params.timeInForce = request.timeInForce === 'PostOnly' ? 'PO' : request.timeInForce;
  }
  if (request.reduceOnly || isProtectiveLeg(request.leg)) params.reduceOnly = true;
  if (q.triggerPrice) {
    const buy = request.side === 'buy';
    const rises = request.leg === 'take-profit' ? !buy : buy;
    params.triggerPrice = num(q.triggerPrice);
    params.triggerDirection = rises ? 'above' : 'below';
  }
  if (q.stopLoss) params.stopLoss = { triggerPrice: num(q.stopLoss) };
  if (q.takeProfit) params.takeProfit = { triggerPrice: num(q.takeProfit) };
  return params;
}

interface Attempt {
  /** An earlier send's outcome is unknown: look the id up before sending again. */
  lookUpFirst: boolean;
}

/**
 * Places one order so that it is booked at most once: the id is fixed by (symbol, signal, leg); a
 * timeout, network error or 5xx is resolved by looking the id up before anything is resent; a
 * 110072 means an earlier send went through, so the booked order is fetched and returned.
 */
export class OrderPlacer {
  constructor(
    private readonly client: BybitClient,
    private readonly calls: VenueCalls,
    private readonly guard: VenueGuard,
    private readonly metrics: VenueMetrics,
    private readonly instrumentOf: (symbol: string) => Instrument | undefined,
  ) {}

  async place(request: PlaceOrderRequest): Promise<PlaceResult> {
    const id = clientOrderId(request.symbol, request.signalId, request.leg);
    const notSent = (
      reason: Extract<PlaceResult, { kind: 'not-sent' }>['reason'],
      detail: string,
    ): PlaceResult => {
      this.metrics.order(`not-sent:${reason}`);
      return { kind: 'not-sent', clientOrderId: id, reason, detail };
    };
    const instrument = this.instrumentOf(request.symbol);
    if (!instrument) return notSent('unknown-symbol', `${request.symbol} is not listed`);
    const q = quantise(request, instrument);
    if (!q.ok) return notSent(q.reason, q.detail);
    const protective = isProtectiveLeg(request.leg) || request.reduceOnly === true;
    const send = { request, instrument, id, params: orderParams(request, q.order, id), q: q.order };
    const attempt: Attempt = { lookUpFirst: false };
    try {
      const result = protective
        ? await this.guard.protective(() => this.attempt(send, attempt, 'protective'))
        : await this.guard.entry(() => this.attempt(send, attempt, 'entry', 2));
      this.metrics.order(
        result.kind === 'placed' && result.alreadyPlaced ? 'already-placed' : 'placed',
      );
      return result;
    } catch (err) {
      if (err instanceof CircuitOpenError) return notSent('breaker-open', err.message);
      if (err instanceof BudgetShortError) return notSent('budget-short', err.message);
      const c = classifyVenueError(err);
      this.metrics.order(c.kind === 'rejected' ? 'rejected' : 'failed');
      throw err instanceof VenueError
        ? err
        : new VenueError(
            c.kind === 'duplicate' ? 'unknown-outcome' : c.kind,
            `${id}: ${c.reason}`,
            c.retCode,
          );
    }
  }

  /** The order the venue holds under this client id, open or recently closed. */
  async lookup(
    instrument: Instrument,
    id: string,
    priority: Priority,
  ): Promise<VenueOrder | undefined> {
    const orders = await this.calls.run('order/realtime', priority, id, () =>
      this.client.fetchOpenOrders(ccxtSymbol(instrument), undefined, undefined, {
        orderLinkId: id,
      }),
    );
    const match = orders.find((o) => o.info.orderLinkId === id);
    return match ? parseOrder(match.info) : undefined;
  }

  private async attempt(
    send: {
      request: PlaceOrderRequest;
      instrument: Instrument;
      id: string;
      params: Record<string, unknown>;
      q: QuantisedOrder;
    },
    state: Attempt,
    priority: Priority,
    sendsLeft = 1,
  ): Promise<PlaceResult> {
    const { request, instrument, id } = send;
    const placed = (orderId: string, alreadyPlaced: boolean): PlaceResult => ({
      kind: 'placed',
      orderId,
      clientOrderId: id,
      alreadyPlaced,
    });
    if (state.lookUpFirst) {
      const found = await this.lookupOrRetry(instrument, id, priority);
      if (found) return placed(found.orderId, true);
    }
    try {
      const order = await this.calls.run('order/create', priority, id, () =>
        this.client.createOrder(
          ccxtSymbol(instrument),
          request.type,
          request.side,
          Number(send.q.qty.toFixed()),
          num(send.q.price),
          send.params,
        ),
      );
      return placed(
        order.id ?? (typeof order.info.orderId === 'string' ? order.info.orderId : ''),
        false,
      );
    } catch (err) {
      if (err instanceof BudgetShortError) throw err;
      const c = classifyVenueError(err);
      if (c.kind === 'duplicate') {
        const found = await this.lookupOrRetry(instrument, id, priority);
        if (found) return placed(found.orderId, true);
        throw new VenueError(
          'unknown-outcome',
          `${id}: venue says duplicate but does not return it`,
          c.retCode,
        );
      }
      if (c.kind !== 'unknown-outcome') throw err;
      state.lookUpFirst = true;
      const found = await this.lookupOrRetry(instrument, id, priority);
      if (found) return placed(found.orderId, true);
      if (sendsLeft > 1) return this.attempt(send, { lookUpFirst: false }, priority, sendsLeft - 1);
      throw new VenueError(
        'retryable',
        `${id}: not booked after ${c.reason}; resend with the same id`,
      );
    }
  }

  /** A failed lookup leaves the outcome open: retryable, and the next attempt looks up first. */
  private async lookupOrRetry(
    instrument: Instrument,
    id: string,
    priority: Priority,
  ): Promise<VenueOrder | undefined> {
    try {
      return await this.lookup(instrument, id, priority);
    } catch (err) {
      const c = classifyVenueError(err);
      if (c.kind === 'rejected') throw err;
      throw new VenueError(
        'retryable',
        `${id}: lookup after an unclear outcome failed: ${c.reason}`,
        c.retCode,
      );
    }
  }
}

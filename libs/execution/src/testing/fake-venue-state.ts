import { Decimal, floorToStep } from '@flotilla/core';
import type { OrderLeg, PlaceOrderRequest, VenueOrder, VenuePosition } from '@flotilla/engine';

export type FakeVenueOrder = { -readonly [K in keyof VenueOrder]: VenueOrder[K] } & {
  stopLoss: Decimal | null;
  takeProfit: Decimal | null;
  leg: OrderLeg;
};
export type FakePosition = { -readonly [K in keyof VenuePosition]: VenuePosition[K] };

const testLeg: Record<OrderLeg, string> = { entry: 'e', stop: 's', 'take-profit': 't', close: 'c' };

/** Test client order ids with our prefixes: "fl" + leg code + "-" + symbol + "-" + signal id. */
export function testClientOrderId(symbol: string, signalId: string, leg: OrderLeg): string {
  return `fl${testLeg[leg]}-${symbol}-${signalId}`;
}

/** Moves the symbol's venue position by one trade (one-way mode: average entry, flat clears SL/TP). */
export function applyTrade(
  positions: Map<string, FakePosition>,
  symbol: string,
  side: 'buy' | 'sell',
  price: Decimal,
  qty: Decimal,
): void {
  const pos = positions.get(symbol) ?? {
    symbol,
    side: 'flat',
    size: new Decimal(0),
    entryPrice: null,
    unrealisedPnl: new Decimal(0),
    leverage: new Decimal(1),
    stopLoss: null,
    takeProfit: null,
  };
  const signed = (pos.side === 'short' ? pos.size.neg() : pos.size).add(
    side === 'buy' ? qty : qty.neg(),
  );
  const growing = pos.size.isZero() || (pos.side === 'long') === (side === 'buy');
  if (growing) {
    pos.entryPrice = (pos.entryPrice ?? price)
      .mul(pos.size)
      .add(price.mul(qty))
      .div(pos.size.add(qty));
  }
  pos.size = signed.abs();
  pos.side = signed.isZero() ? 'flat' : signed.gt(0) ? 'long' : 'short';
  if (signed.isZero()) Object.assign(pos, { entryPrice: null, stopLoss: null, takeProfit: null });
  positions.set(symbol, pos);
}

/** An open order for a test to seed (defaults: a resting market sell of 1, not reduce-only). */
export function seededOrder(
  o: Partial<VenueOrder> & { clientOrderId: string; symbol: string },
  orderId: string,
): FakeVenueOrder {
  return {
    orderId,
    side: 'sell',
    type: 'market',
    status: 'open',
    qty: new Decimal(1),
    filledQty: new Decimal(0),
    price: null,
    avgPrice: null,
    triggerPrice: null,
    reduceOnly: false,
    stopLoss: null,
    takeProfit: null,
    leg: 'entry',
    ...o,
  };
}

export function seededPosition(
  p: Partial<VenuePosition> & { symbol: string; side: 'long' | 'short'; size: Decimal },
): FakePosition {
  return {
    entryPrice: null,
    unrealisedPnl: new Decimal(0),
    leverage: new Decimal(1),
    stopLoss: null,
    takeProfit: null,
    ...p,
  };
}

/** The venue's record of a placed request; the size floored to the step, as the port does. */
export function bookedOrder(
  request: PlaceOrderRequest,
  clientOrderId: string,
  orderId: string,
  qtyStep: Decimal,
): FakeVenueOrder {
  return {
    orderId,
    clientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    status: 'open',
    qty: floorToStep(request.qty, qtyStep),
    filledQty: new Decimal(0),
    price: request.price ?? null,
    avgPrice: null,
    triggerPrice: request.triggerPrice ?? null,
    reduceOnly: request.reduceOnly ?? false,
    stopLoss: request.stopLoss ?? null,
    takeProfit: request.takeProfit ?? null,
    leg: request.leg,
  };
}

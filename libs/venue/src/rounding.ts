import { Decimal, floorToStep, type Instrument } from '@flotilla/core';
import type { NotSentReason, PlaceOrderRequest } from '@flotilla/engine';

/** The request's numbers on the instrument's grid, each rounded the way that keeps the order valid. */
export interface QuantisedOrder {
  readonly qty: Decimal;
  readonly price?: Decimal;
  readonly triggerPrice?: Decimal;
  readonly stopLoss?: Decimal;
  readonly takeProfit?: Decimal;
}

export type Quantised =
  | { readonly ok: true; readonly order: QuantisedOrder }
  | { readonly ok: false; readonly reason: NotSentReason; readonly detail: string };

type Direction = 'down' | 'up';

/** Onto the tick grid, rounding the given way. */
export function roundToTickSide(value: Decimal, tick: Decimal, direction: Direction): Decimal {
  return toTick(value, tick, direction);
}

function toTick(value: Decimal, tick: Decimal, direction: Direction): Decimal {
  const steps = value.div(tick);
  return (direction === 'down' ? steps.floor() : steps.ceil()).mul(tick);
}

/**
 * Which way a conditional price rounds so it stays on the protective side: a sell stop sits below
 * the market (down), a buy stop above it (up); a take-profit is the mirror image.
 */
function triggerDirection(request: PlaceOrderRequest): Direction {
  const sell = request.side === 'sell';
  if (request.leg === 'take-profit') return sell ? 'up' : 'down';
  return sell ? 'down' : 'up';
}

const notSent = (reason: NotSentReason, detail: string): Quantised => ({
  ok: false,
  reason,
  detail,
});

/**
 * Quantity truncated to the step (never more than asked); a buy limit rounded down and a sell limit
 * up (never a worse price); triggers on the protective side; attached stop-loss and take-profit of
 * an entry likewise (a buy's stop below, so down; its take-profit above, so up). Below the minimum
 * quantity or notional, or anything rounding to 0: not sent, with the reason.
 */
export function quantise(request: PlaceOrderRequest, instrument: Instrument): Quantised {
  const { tickSize, qtyStep, minOrderQty, minNotional } = instrument;
  if (request.type === 'limit' && request.price === undefined) {
    return notSent('invalid-request', 'a limit order needs a price');
  }
  const qty = floorToStep(request.qty, qtyStep);
  if (qty.lte(0) || qty.lt(minOrderQty)) {
    return notSent(
      'below-min-qty',
      `qty ${request.qty.toFixed()} truncates to ${qty.toFixed()} (step ${qtyStep.toFixed()}), below the minimum ${minOrderQty.toFixed()}`,
    );
  }
  const buy = request.side === 'buy';
  const price = request.price && toTick(request.price, tickSize, buy ? 'down' : 'up');
  const triggerPrice =
    request.triggerPrice && toTick(request.triggerPrice, tickSize, triggerDirection(request));
  const stopLoss = request.stopLoss && toTick(request.stopLoss, tickSize, buy ? 'down' : 'up');
  const takeProfit =
    request.takeProfit && toTick(request.takeProfit, tickSize, buy ? 'up' : 'down');
  for (const [name, value] of Object.entries({ price, triggerPrice, stopLoss, takeProfit })) {
    if (value !== undefined && value.lte(0)) {
      return notSent(
        'invalid-request',
        `${name} rounds to ${value.toFixed()} on tick ${tickSize.toFixed()}`,
      );
    }
  }
  // A market order's notional is checked by the venue (110094): the port does not know its fill price.
  const reference = price ?? triggerPrice;
  // Protective legs only shrink a position: refusing a small stop would leave it unprotected.
  const opens = request.leg === 'entry' && !request.reduceOnly;
  if (reference && opens && qty.mul(reference).lt(minNotional)) {
    return notSent(
      'below-min-notional',
      `notional ${qty.mul(reference).toFixed()} is below the minimum ${minNotional.toFixed()}`,
    );
  }
  return { ok: true, order: { qty, price, triggerPrice, stopLoss, takeProfit } };
}

import { Decimal } from '@flotilla/core';
import { Market } from '../market';
import { Account } from './account';
import { refuse, RET } from './errors';
import { lastPrice, MatchContext, stepOf } from './matching';
import {
  boolField,
  checkNotional,
  checkPrice,
  checkQty,
  checkTpSl,
  checkTriggerSide,
  decimalField,
  orderLinkIdField,
  positionIdxField,
  sideField,
  stringField,
  timeInForceField,
} from './rules';
import {
  MAX_ACTIVE_PER_SYMBOL,
  MAX_CONDITIONAL_PER_SYMBOL,
  RequestBody,
  SimOrder,
  TAKER_FEE_RATE,
} from './types';

const ZERO = new Decimal(0);

/** Validates an `order/create` body in Bybit's order of checks and builds the order it books. */
export function buildOrder(
  ctx: MatchContext,
  account: Account,
  market: Market,
  body: RequestBody,
): SimOrder {
  const spec = market.grid.spec;
  positionIdxField(body);
  const side = sideField(body);
  const orderType = stringField(body, 'orderType');
  if (orderType !== 'Market' && orderType !== 'Limit') {
    refuse(RET.PARAMS, 'params error: orderType invalid');
  }
  const closeOnTrigger = boolField(body, 'closeOnTrigger');
  // A close-on-trigger order "can only reduce the position" (research §3.1): reduce-only too.
  const reduceOnly = boolField(body, 'reduceOnly') || closeOnTrigger;
  const position = account.positions.get(spec.symbol);
  let qty = decimalField(body, 'qty');
  if (qty === null) refuse(RET.PARAMS, 'params error: qty invalid');
  // qty 0 with reduceOnly + closeOnTrigger closes the whole position (research §3.1).
  if (qty.isZero() && reduceOnly && closeOnTrigger) {
    qty = position?.size.abs() ?? ZERO;
    if (qty.isZero())
      refuse(RET.REDUCE_ONLY, 'current position is zero, cannot fix reduce-only order qty');
  }
  checkQty(spec, qty);
  const price = orderType === 'Limit' ? decimalField(body, 'price') : null;
  if (orderType === 'Limit') {
    if (price === null) refuse(RET.PARAMS, 'params error: price invalid');
    checkPrice(spec, price);
  }
  const timeInForce = orderType === 'Market' ? 'IOC' : timeInForceField(body);
  const orderLinkId = orderLinkIdField(body);
  if (orderLinkId !== '' && account.linkIds.has(orderLinkId)) {
    refuse(RET.DUPLICATE_ORDER_LINK_ID, 'OrderLinkedID is duplicate');
  }
  const last = lastPrice(market);
  const triggerPrice = decimalField(body, 'triggerPrice');
  let triggerDirection: 0 | 1 | 2 = 0;
  if (triggerPrice !== null) {
    const direction = stringField(body, 'triggerDirection');
    if (direction !== '1' && direction !== '2') {
      refuse(RET.PARAMS, 'params error: triggerDirection invalid');
    }
    triggerDirection = direction === '1' ? 1 : 2;
    checkPrice(spec, triggerPrice, 'triggerPrice');
    checkTriggerSide(triggerDirection, triggerPrice, last);
    const conditional = account
      .liveOrders(spec.symbol)
      .filter((o) => o.orderStatus === 'Untriggered').length;
    if (conditional >= MAX_CONDITIONAL_PER_SYMBOL) {
      refuse(RET.TOO_MANY_STOP_ORDERS, 'too many stop orders');
    }
  }
  const takeProfit = nonZero(decimalField(body, 'takeProfit'));
  const stopLoss = nonZero(decimalField(body, 'stopLoss'));
  if ((takeProfit || stopLoss) && reduceOnly) {
    refuse(RET.PARAMS, 'When reduceOnly is true, take profit/stop loss cannot be set');
  }
  if (takeProfit) checkPrice(spec, takeProfit, 'takeProfit');
  if (stopLoss) checkPrice(spec, stopLoss, 'stopLoss');
  checkTpSl(side, price ?? triggerPrice ?? last, takeProfit, stopLoss);
  if (!reduceOnly) checkNotional(spec, qty, price ?? triggerPrice ?? last);
  const active = account.liveOrders(spec.symbol).length;
  if (active >= MAX_ACTIVE_PER_SYMBOL) refuse(RET.TOO_MANY_ACTIVE_ORDERS, 'too many active orders');
  if (reduceOnly && triggerPrice === null) {
    const size = position?.size ?? ZERO;
    const against = side === 'Buy' ? size.lt(0) : size.gt(0);
    if (!against) refuse(RET.REDUCE_ONLY, 'Reduce-only rule not satisfied');
  }
  const nowMs = ctx.clock.now();
  const order: SimOrder = {
    orderId: '',
    orderLinkId,
    symbol: spec.symbol,
    side,
    orderType,
    timeInForce,
    price,
    qty,
    cumExecQty: ZERO,
    cumExecValue: ZERO,
    cumExecFee: ZERO,
    closedPnl: ZERO,
    orderStatus: triggerPrice === null ? 'New' : 'Untriggered',
    createType: 'CreateByUser',
    cancelType: 'UNKNOWN',
    rejectReason: 'EC_NoError',
    reduceOnly,
    closeOnTrigger,
    triggerPrice,
    triggerDirection,
    triggerBy: triggerPrice === null ? '' : (stringField(body, 'triggerBy') ?? 'LastPrice'),
    stopOrderType: triggerPrice === null ? '' : 'Stop',
    takeProfit,
    stopLoss,
    tpslMode: takeProfit || stopLoss ? 'Full' : '',
    tpTriggerBy: takeProfit ? (stringField(body, 'tpTriggerBy') ?? 'LastPrice') : '',
    slTriggerBy: stopLoss ? (stringField(body, 'slTriggerBy') ?? 'LastPrice') : '',
    lastPriceOnCreated: last,
    createdTime: nowMs,
    updatedTime: nowMs,
  };
  if (triggerPrice === null && !reduceOnly && !wouldFit(ctx, account, order, market)) {
    refuse(RET.INSUFFICIENT_BALANCE, 'ab not enough for new order');
  }
  return { ...order, orderId: ctx.orderIds.next() };
}

function nonZero(value: Decimal | null): Decimal | null {
  return value === null || value.isZero() ? null : value;
}

/**
 * Whether the account's available balance covers what o would open: initial margin of the
 * opening part (qty beyond an opposite position) plus the taker fee on the whole order, priced at
 * its limit or, for a market order, at the levels it would take.
 */
export function wouldFit(
  ctx: MatchContext,
  account: Account,
  o: SimOrder,
  market: Market,
  /** Margin the order already holds (an amend replaces it). */
  credit: Decimal = ZERO,
): boolean {
  const size = account.positions.get(o.symbol)?.size ?? ZERO;
  const against = o.side === 'Buy' ? size.lt(0) : size.gt(0);
  const qty = o.qty.sub(o.cumExecQty);
  const opening = against ? Decimal.max(ZERO, qty.sub(size.abs())) : qty;
  if (opening.isZero()) return true;
  const price = o.price ?? estimatePrice(market, o, qty);
  const leverage = account.positions.get(o.symbol)?.leverage ?? new Decimal(10);
  const cost = opening.mul(price).div(leverage).add(qty.mul(price).mul(TAKER_FEE_RATE));
  return cost.lte(account.wallet(ctx.markOf).availableBalance.add(credit));
}

/** VWAP of the levels a market order would take; the last price when the book is empty. */
function estimatePrice(market: Market, o: SimOrder, qty: Decimal): Decimal {
  const steps = qty.div(stepOf(market)).toNumber();
  const levels = market.previewTake(o.side, steps, null);
  let units = 0;
  let value = ZERO;
  for (const [price, size] of levels) {
    units += size;
    value = value.add(new Decimal(price).mul(size));
  }
  if (units === 0) return lastPrice(market);
  return value.div(units).mul(market.grid.spec.tickSize);
}

import { Market } from '../market';
import { Account } from './account';
import { refuse, RET } from './errors';
import { activate, closeOrder, crossesBook, isActive, lastPrice, MatchContext } from './matching';
import {
  checkPrice,
  checkQty,
  checkTpSl,
  checkTriggerSide,
  decimalField,
  stringField,
} from './rules';
import { wouldFit } from './order-entry';
import { RequestBody, SimOrder } from './types';

/** The active order a body names (orderId wins over orderLinkId); 110001 otherwise. */
export function findOrder(account: Account, symbol: string, body: RequestBody): SimOrder {
  const orderId = stringField(body, 'orderId') || undefined;
  const linkId = stringField(body, 'orderLinkId') || undefined;
  if (orderId === undefined && linkId === undefined) {
    refuse(RET.PARAMS, 'params error: orderId or orderLinkId is required');
  }
  const id = orderId ?? account.linkIds.get(linkId ?? '');
  const order = id === undefined ? undefined : account.orders.get(id);
  if (!order || order.symbol !== symbol || !isActive(order)) {
    refuse(RET.ORDER_NOT_FOUND, 'order not exists or too late to replace');
  }
  return order;
}

/**
 * `order/amend`: qty, price, triggerPrice, takeProfit / stopLoss ("0" clears) of an active order.
 * A limit amended across the book trades at once (PostOnly is cancelled instead).
 */
export function amendOrder(
  ctx: MatchContext,
  account: Account,
  market: Market,
  body: RequestBody,
): SimOrder {
  const spec = market.grid.spec;
  const order = findOrder(account, spec.symbol, body);
  const qty = decimalField(body, 'qty');
  const price = decimalField(body, 'price');
  const trigger = decimalField(body, 'triggerPrice');
  const tp = decimalField(body, 'takeProfit');
  const sl = decimalField(body, 'stopLoss');
  if (qty === null && price === null && trigger === null && tp === null && sl === null) {
    refuse(RET.PARAMS, 'params error: nothing to amend');
  }
  if (qty !== null) {
    checkQty(spec, qty);
    if (qty.lt(order.cumExecQty)) refuse(RET.PARAMS, 'params error: qty below filled qty');
  }
  if (price !== null && order.orderType === 'Limit') checkPrice(spec, price);
  const untriggered = order.orderStatus === 'Untriggered';
  if (trigger !== null) {
    if (!untriggered) refuse(RET.PARAMS, 'params error: triggerPrice only for untriggered orders');
    checkPrice(spec, trigger, 'triggerPrice');
    checkTriggerSide(order.triggerDirection === 1 ? 1 : 2, trigger, lastPrice(market));
  }
  const nextTp = tp === null ? order.takeProfit : tp.isZero() ? null : tp;
  const nextSl = sl === null ? order.stopLoss : sl.isZero() ? null : sl;
  if (tp?.isZero() === false) checkPrice(spec, tp, 'takeProfit');
  if (sl?.isZero() === false) checkPrice(spec, sl, 'stopLoss');
  if (tp !== null || sl !== null) {
    const reference = price ?? order.price ?? order.triggerPrice ?? lastPrice(market);
    checkTpSl(order.side, reference, nextTp, nextSl);
  }
  const open = order.orderStatus === 'New' || order.orderStatus === 'PartiallyFilled';
  if (open && !order.reduceOnly && (qty !== null || price !== null)) {
    const next = { ...order, qty: qty ?? order.qty, price: price ?? order.price };
    if (!wouldFit(ctx, account, next, market, account.orderIM(order))) {
      refuse(RET.INSUFFICIENT_BALANCE, 'ab not enough for new order');
    }
  }
  if (qty !== null) order.qty = qty;
  if (price !== null && order.orderType === 'Limit') order.price = price;
  if (trigger !== null) order.triggerPrice = trigger;
  order.takeProfit = nextTp;
  order.stopLoss = nextSl;
  order.updatedTime = ctx.clock.now();
  ctx.batch.order(account, order);
  if (order.cumExecQty.gte(order.qty)) {
    closeOrder(ctx, account, order, 'CancelByUser');
  } else if (!untriggered && crossesBook(market, order)) {
    activate(ctx, account, order, market);
  }
  return order;
}

import { Clock, Decimal } from '@flotilla/core';
import { Market } from '../market';
import { Account } from './account';
import { EventBatch } from './events';
import { IdSequence } from './ids';
import { CancelType, MAKER_FEE_RATE, RejectReason, SimOrder, TAKER_FEE_RATE } from './types';

const TAKER = new Decimal(TAKER_FEE_RATE);
const MAKER = new Decimal(MAKER_FEE_RATE);

/** What matching needs from the exchange. */
export interface MatchContext {
  readonly clock: Clock;
  readonly markets: ReadonlyMap<string, Market>;
  readonly orderIds: IdSequence;
  readonly execIds: IdSequence;
  readonly batch: EventBatch;
  /** The mark price of a symbol (the simulator marks at the last price). */
  readonly markOf: (symbol: string) => Decimal;
  /** Execution seq counter, shared by all accounts. */
  execSeq: number;
  /** False drops an entry's attached stop loss as it fills (the stop-reject drill fault). */
  keepAttachedStop: (order: SimOrder) => boolean;
}

export function tickOf(market: Market): Decimal {
  return new Decimal(market.grid.spec.tickSize);
}

export function stepOf(market: Market): Decimal {
  return new Decimal(market.grid.spec.qtyStep);
}

export function lastPrice(market: Market): Decimal {
  return tickOf(market).mul(market.lastPriceTicks);
}

export function isOpen(o: SimOrder): boolean {
  return o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled';
}

export function isActive(o: SimOrder): boolean {
  return isOpen(o) || o.orderStatus === 'Untriggered';
}

export function leavesOf(o: SimOrder): Decimal {
  return o.qty.sub(o.cumExecQty);
}

export function closeOrder(
  ctx: MatchContext,
  account: Account,
  o: SimOrder,
  cancelType: CancelType,
  rejectReason: RejectReason = 'EC_NoError',
): void {
  const untriggered = o.orderStatus === 'Untriggered';
  o.orderStatus = o.cumExecQty.gte(o.qty) ? 'Filled' : 'Cancelled';
  // Bybit: a conditional order cancelled before it fired is Deactivated (ccxt: canceled).
  if (untriggered && o.orderStatus === 'Cancelled') o.orderStatus = 'Deactivated';
  if (o.orderStatus !== 'Filled') {
    o.cancelType = cancelType;
    o.rejectReason = rejectReason;
  }
  o.updatedTime = ctx.clock.now();
  ctx.batch.order(account, o);
  ctx.batch.wallet(account);
}

/** How much of o may fill now: all its leaves, or for reduce-only what the position allows. */
function fillableQty(account: Account, o: SimOrder): Decimal {
  const leaves = leavesOf(o);
  if (!o.reduceOnly) return leaves;
  const size = account.positions.get(o.symbol)?.size ?? new Decimal(0);
  const against = o.side === 'Buy' ? size.lt(0) : size.gt(0);
  return against ? Decimal.min(leaves, size.abs()) : new Decimal(0);
}

/** Would a limit at this price take liquidity right now? */
export function crossesBook(market: Market, o: SimOrder): boolean {
  if (o.price === null) return true;
  const ticks = o.price.div(tickOf(market)).toNumber();
  const best = o.side === 'Buy' ? market.book.asks.best() : market.book.bids.best();
  if (best === undefined) return false;
  return o.side === 'Buy' ? ticks >= best : ticks <= best;
}

/**
 * Sends an order (new, amended or just triggered) to the book: PostOnly that would take is
 * cancelled, FOK fills all or nothing, market and IOC take what they can and cancel the rest,
 * GTC takes what crosses and rests the remainder.
 */
export function activate(ctx: MatchContext, account: Account, o: SimOrder, market: Market): void {
  if (o.timeInForce === 'PostOnly' && crossesBook(market, o)) {
    closeOrder(ctx, account, o, 'CancelByUser', 'EC_PostOnlyWillTakeLiquidity');
    return;
  }
  const qty = fillableQty(account, o);
  if (qty.isZero()) {
    if (o.reduceOnly) closeOrder(ctx, account, o, 'CancelByReduceOnly', 'EC_ReduceOnlyNoPosition');
    return;
  }
  const steps = qty.div(stepOf(market)).toNumber();
  const limitTicks = o.price === null ? null : o.price.div(tickOf(market)).toNumber();
  const levels = market.previewTake(o.side, steps, limitTicks);
  const available = levels.reduce((sum, [, size]) => sum + size, 0);
  const immediate = o.orderType === 'Market' || o.timeInForce === 'IOC' || o.timeInForce === 'FOK';
  if (o.timeInForce === 'FOK' && available < steps) {
    closeOrder(ctx, account, o, 'CancelByUser', 'EC_NoImmediateQtyToFill');
    return;
  }
  const nowMs = ctx.clock.now();
  for (const trade of market.take(o.side, steps, limitTicks, nowMs)) {
    const price = tickOf(market).mul(trade.priceTicks);
    fill(ctx, account, o, market, price, stepOf(market).mul(trade.sizeSteps), false);
  }
  if (o.orderStatus === 'Filled') return;
  if (immediate || (o.reduceOnly && fillableQty(account, o).isZero())) {
    const reason = o.cumExecQty.isZero() ? 'EC_NoImmediateQtyToFill' : 'EC_NoError';
    closeOrder(ctx, account, o, o.reduceOnly ? 'CancelByReduceOnly' : 'CancelByUser', reason);
    return;
  }
  o.orderStatus = o.cumExecQty.isZero() ? 'New' : 'PartiallyFilled';
  o.updatedTime = nowMs;
  ctx.batch.order(account, o);
  ctx.batch.wallet(account);
}

/** A resting limit the market traded through fills at its own price, as maker. */
export function fillResting(
  ctx: MatchContext,
  account: Account,
  o: SimOrder,
  market: Market,
): void {
  const qty = fillableQty(account, o);
  if (qty.isZero()) {
    closeOrder(ctx, account, o, 'CancelByReduceOnly', 'EC_ReduceOnlyNoPosition');
    return;
  }
  if (o.price === null) return;
  fill(ctx, account, o, market, o.price, qty, true);
  if (o.orderStatus !== 'Filled' && o.reduceOnly && fillableQty(account, o).isZero()) {
    closeOrder(ctx, account, o, 'CancelByReduceOnly');
  }
}

/** Books one fill: fee, position, wallet, execution record, order progress, attached TP/SL. */
export function fill(
  ctx: MatchContext,
  account: Account,
  o: SimOrder,
  market: Market,
  price: Decimal,
  qty: Decimal,
  isMaker: boolean,
): void {
  const nowMs = ctx.clock.now();
  const rate = isMaker ? MAKER : TAKER;
  const value = price.mul(qty);
  // Bybit books fees and PnL to 8 decimals; so does the wallet, which keeps its sums exact.
  const fee = value.mul(rate).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
  const p = account.position(o.symbol, nowMs);
  const sizeBefore = p.size;
  const effect = account.applyFill(p, o.side, qty, price, fee, nowMs);
  o.cumExecQty = o.cumExecQty.add(qty);
  o.cumExecValue = o.cumExecValue.add(value);
  o.cumExecFee = o.cumExecFee.add(fee);
  o.closedPnl = o.closedPnl.add(effect.pnl);
  o.orderStatus = o.cumExecQty.gte(o.qty) ? 'Filled' : 'PartiallyFilled';
  o.updatedTime = nowMs;
  const execution = {
    execId: ctx.execIds.next(),
    symbol: o.symbol,
    orderId: o.orderId,
    orderLinkId: o.orderLinkId,
    side: o.side,
    orderPrice: o.price,
    orderQty: o.qty,
    leavesQty: leavesOf(o),
    orderType: o.orderType,
    stopOrderType: o.stopOrderType,
    createType: o.createType,
    execPrice: price,
    execQty: qty,
    execValue: value,
    execFee: fee,
    feeRate: rate,
    isMaker,
    execPnl: effect.pnl,
    closedSize: effect.closedSize,
    markPrice: lastPrice(market),
    execTime: nowMs,
    seq: ++ctx.execSeq,
  };
  account.addExecution(execution);
  const flipped =
    !sizeBefore.isZero() && !p.size.isZero() && sizeBefore.isPositive() !== p.size.isPositive();
  if (p.size.isZero() || flipped) clearStops(p);
  if (!o.reduceOnly && !p.size.isZero()) {
    if (o.takeProfit) p.takeProfit = o.takeProfit;
    if (o.stopLoss && ctx.keepAttachedStop(o)) p.stopLoss = o.stopLoss;
  }
  if (p.size.isZero()) cancelReduceOnly(ctx, account, o);
  ctx.batch.execution(account, execution);
  ctx.batch.order(account, o);
  ctx.batch.position(account, o.symbol);
  ctx.batch.wallet(account);
}

function clearStops(p: {
  takeProfit: unknown;
  stopLoss: unknown;
  trailingStop: unknown;
  activePrice: unknown;
  trailPeak: unknown;
}): void {
  p.takeProfit = null;
  p.stopLoss = null;
  p.trailingStop = null;
  p.activePrice = null;
  p.trailPeak = null;
}

/** A flat position leaves nothing to reduce: its resting reduce-only orders are cancelled. */
function cancelReduceOnly(ctx: MatchContext, account: Account, except: SimOrder): void {
  for (const o of account.liveOrders(except.symbol)) {
    if (o !== except && o.reduceOnly && isOpen(o)) {
      closeOrder(ctx, account, o, 'CancelByReduceOnly');
    }
  }
}

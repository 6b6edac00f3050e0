import { Decimal } from '@flotilla/core';
import { Market, SimTrade } from '../market';
import { Account } from './account';
import {
  activate,
  closeOrder,
  fillResting,
  isOpen,
  lastPrice,
  MatchContext,
  tickOf,
} from './matching';
import { CreateType, SimOrder, SimPosition, StopOrderType } from './types';

/**
 * After a market update: resting limits the market traded through (or whose price the opposite
 * side reached) fill as makers; then conditional orders and position-level stops trigger on the
 * last price and go to the book at market.
 */
export function onMarketUpdate(
  ctx: MatchContext,
  accounts: Iterable<Account>,
  market: Market,
  trades: readonly SimTrade[],
  wouldFit: (account: Account, o: SimOrder) => boolean,
): void {
  let low = Infinity;
  let high = -Infinity;
  for (const t of trades) {
    if (t.own) continue;
    low = Math.min(low, t.priceTicks);
    high = Math.max(high, t.priceTicks);
  }
  const bestAsk = market.book.asks.best() ?? Infinity;
  const bestBid = market.book.bids.best() ?? -Infinity;
  const tick = tickOf(market);
  for (const account of accounts) {
    for (const o of account.liveOrders(market.symbol)) {
      if (!isOpen(o) || o.price === null) continue;
      const ticks = o.price.div(tick).toNumber();
      const through =
        o.side === 'Buy' ? low < ticks || bestAsk <= ticks : high > ticks || bestBid >= ticks;
      if (through) fillResting(ctx, account, o, market);
    }
    triggerConditionals(ctx, account, market, wouldFit);
    triggerPositionStops(ctx, account, market);
  }
}

function triggerConditionals(
  ctx: MatchContext,
  account: Account,
  market: Market,
  wouldFit: (account: Account, o: SimOrder) => boolean,
): void {
  for (const o of account.liveOrders(market.symbol)) {
    if (o.orderStatus !== 'Untriggered' || !o.triggerPrice) continue;
    const last = lastPrice(market);
    const hit = o.triggerDirection === 1 ? last.gte(o.triggerPrice) : last.lte(o.triggerPrice);
    if (!hit) continue;
    o.orderStatus = 'Triggered';
    o.updatedTime = ctx.clock.now();
    ctx.batch.order(account, o);
    // Conditional orders reserve no margin; one that no longer fits when it fires is cancelled.
    if (!o.reduceOnly && !wouldFit(account, o)) {
      closeOrder(ctx, account, o, 'CancelByUser');
      continue;
    }
    activate(ctx, account, o, market);
  }
}

function triggerPositionStops(ctx: MatchContext, account: Account, market: Market): void {
  const p = account.positions.get(market.symbol);
  if (!p || p.size.isZero()) return;
  const last = lastPrice(market);
  const long = p.size.isPositive();
  const hit = (level: Decimal | null, below: boolean): boolean =>
    level !== null && (below ? last.lte(level) : last.gte(level));
  if (hit(p.stopLoss, long)) return closePosition(ctx, account, p, market, 'StopLoss');
  if (hit(p.takeProfit, !long)) return closePosition(ctx, account, p, market, 'TakeProfit');
  if (p.trailingStop === null) return;
  if (p.activePrice !== null && p.trailPeak === null && !hit(p.activePrice, !long)) return;
  const better = (a: Decimal, b: Decimal): boolean => (long ? a.gt(b) : a.lt(b));
  if (p.trailPeak === null || better(last, p.trailPeak)) p.trailPeak = last;
  const stop = long ? p.trailPeak.sub(p.trailingStop) : p.trailPeak.add(p.trailingStop);
  if (hit(stop, long)) closePosition(ctx, account, p, market, 'TrailingStop');
}

const CREATE_TYPE: Record<'StopLoss' | 'TakeProfit' | 'TrailingStop', CreateType> = {
  StopLoss: 'CreateByStopLoss',
  TakeProfit: 'CreateByTakeProfit',
  TrailingStop: 'CreateByTrailingStop',
};

/** The system's close order for a position-level stop: reduce-only, close-on-trigger, market. */
function closePosition(
  ctx: MatchContext,
  account: Account,
  p: SimPosition,
  market: Market,
  kind: Exclude<StopOrderType, '' | 'Stop'>,
): void {
  const nowMs = ctx.clock.now();
  const last = lastPrice(market);
  const trigger = kind === 'StopLoss' ? p.stopLoss : kind === 'TakeProfit' ? p.takeProfit : last;
  const long = p.size.isPositive();
  const order: SimOrder = {
    orderId: ctx.orderIds.next(),
    orderLinkId: '',
    symbol: p.symbol,
    side: long ? 'Sell' : 'Buy',
    orderType: 'Market',
    timeInForce: 'IOC',
    price: null,
    qty: p.size.abs(),
    cumExecQty: new Decimal(0),
    cumExecValue: new Decimal(0),
    cumExecFee: new Decimal(0),
    closedPnl: new Decimal(0),
    orderStatus: 'Triggered',
    createType: CREATE_TYPE[kind],
    cancelType: 'UNKNOWN',
    rejectReason: 'EC_NoError',
    reduceOnly: true,
    closeOnTrigger: true,
    triggerPrice: trigger,
    triggerDirection: long === (kind === 'TakeProfit') ? 1 : 2,
    triggerBy: 'LastPrice',
    stopOrderType: kind,
    takeProfit: null,
    stopLoss: null,
    tpslMode: 'Full',
    tpTriggerBy: '',
    slTriggerBy: '',
    lastPriceOnCreated: last,
    createdTime: nowMs,
    updatedTime: nowMs,
  };
  account.addOrder(order);
  ctx.batch.order(account, order);
  activate(ctx, account, order, market);
}

import { Decimal } from '@flotilla/core';
import { PositionView, SimExecution, SimOrder, TAKER_FEE_RATE, WalletView } from './types';

/** Bybit prints absent prices as "" in orders; "0" where it means "none set" on positions. */
function opt(value: Decimal | null, none = ''): string {
  return value === null ? none : value.toFixed();
}

function leaves(o: SimOrder): Decimal {
  const open = o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled';
  const untriggered = o.orderStatus === 'Untriggered';
  return open || untriggered ? o.qty.sub(o.cumExecQty) : new Decimal(0);
}

/** An order as `GET /v5/order/realtime` and `/v5/order/history` list it (research §3.5). */
export function renderOrder(o: SimOrder): Record<string, unknown> {
  const left = leaves(o);
  const avg = o.cumExecQty.isZero() ? '' : o.cumExecValue.div(o.cumExecQty).toFixed();
  const price = o.price ?? (avg === '' ? o.lastPriceOnCreated : new Decimal(avg));
  return {
    orderId: o.orderId,
    orderLinkId: o.orderLinkId,
    blockTradeId: '',
    symbol: o.symbol,
    price: price.toFixed(),
    qty: o.qty.toFixed(),
    side: o.side,
    isLeverage: '',
    positionIdx: 0,
    orderStatus: o.orderStatus,
    createType: o.createType,
    cancelType: o.cancelType,
    rejectReason: o.rejectReason,
    avgPrice: avg,
    leavesQty: left.toFixed(),
    leavesValue: o.price === null ? '0' : left.mul(o.price).toFixed(),
    cumExecQty: o.cumExecQty.toFixed(),
    cumExecValue: o.cumExecValue.toFixed(),
    cumExecFee: o.cumExecFee.toFixed(),
    cumFeeDetail: o.cumExecFee.isZero() ? {} : { USDT: o.cumExecFee.toFixed() },
    timeInForce: o.timeInForce,
    orderType: o.orderType,
    stopOrderType: o.stopOrderType,
    orderIv: '',
    marketUnit: '',
    triggerPrice: opt(o.triggerPrice, '0'),
    takeProfit: opt(o.takeProfit, '0'),
    stopLoss: opt(o.stopLoss, '0'),
    tpslMode: o.tpslMode,
    ocoTriggerBy: '',
    tpLimitPrice: '0',
    slLimitPrice: '0',
    tpTriggerBy: o.tpTriggerBy,
    slTriggerBy: o.slTriggerBy,
    triggerDirection: o.triggerDirection,
    triggerBy: o.triggerBy,
    lastPriceOnCreated: o.lastPriceOnCreated.toFixed(),
    basePrice: o.triggerDirection === 0 ? '' : o.lastPriceOnCreated.toFixed(),
    reduceOnly: o.reduceOnly,
    closeOnTrigger: o.closeOnTrigger,
    placeType: '',
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    parentOrderLinkId: '',
    createdTime: String(o.createdTime),
    updatedTime: String(o.updatedTime),
  };
}

/** An order as the private `order` topic carries it (research §5.3). */
export function renderOrderEvent(o: SimOrder): Record<string, unknown> {
  return {
    category: 'linear',
    ...renderOrder(o),
    closedPnl: o.closedPnl.toFixed(),
    feeCurrency: '',
    slippageToleranceType: 'UNKNOWN',
    slippageTolerance: '0',
    brokerOrderPrice: '',
    rpiTakerAccess: false,
    rpiMatchedQty: '0',
  };
}

/** A fill as `GET /v5/execution/list` lists it (research §3.7). */
export function renderExecution(e: SimExecution): Record<string, unknown> {
  return {
    symbol: e.symbol,
    orderId: e.orderId,
    orderLinkId: e.orderLinkId,
    side: e.side,
    orderPrice: opt(e.orderPrice, e.execPrice.toFixed()),
    orderQty: e.orderQty.toFixed(),
    leavesQty: e.leavesQty.toFixed(),
    createType: e.createType,
    orderType: e.orderType,
    stopOrderType: e.stopOrderType,
    execFee: e.execFee.toFixed(),
    execId: e.execId,
    execPrice: e.execPrice.toFixed(),
    execQty: e.execQty.toFixed(),
    execType: 'Trade',
    execValue: e.execValue.toFixed(),
    execTime: String(e.execTime),
    feeCurrency: 'USDT',
    isMaker: e.isMaker,
    feeRate: e.feeRate.toFixed(),
    tradeIv: '',
    markIv: '',
    markPrice: e.markPrice.toFixed(),
    indexPrice: '',
    underlyingPrice: '',
    blockTradeId: '',
    closedSize: e.closedSize.toFixed(),
    seq: e.seq,
    extraFees: '',
  };
}

/** A fill as the private `execution` topic carries it. */
export function renderExecutionEvent(e: SimExecution): Record<string, unknown> {
  return {
    category: 'linear',
    isLeverage: '',
    ...renderExecution(e),
    execPnl: e.execPnl.toFixed(),
    marketUnit: '',
  };
}

/** A position as `GET /v5/position/list` lists it (research §3.8; a flat one as Bybit shows it). */
export function renderPosition(v: PositionView): Record<string, unknown> {
  const p = v.position;
  const flat = p.size.isZero();
  const rate = new Decimal(TAKER_FEE_RATE);
  // Bybit: (entry × qty − realised) / (qty − |qty| × max(taker rate, 0.00055)), qty signed.
  const breakEven = flat
    ? ''
    : p.avgPrice
        .mul(p.size)
        .sub(p.curRealisedPnl)
        .div(p.size.sub(p.size.abs().mul(rate)))
        .toFixed(8);
  return {
    positionIdx: 0,
    riskId: 1,
    riskLimitValue: '2000000',
    symbol: p.symbol,
    side: flat ? '' : p.size.isPositive() ? 'Buy' : 'Sell',
    size: p.size.abs().toFixed(),
    avgPrice: p.avgPrice.toFixed(),
    positionValue: flat ? '' : v.positionValue.toFixed(),
    tradeMode: 0,
    autoAddMargin: 0,
    positionStatus: 'Normal',
    leverage: p.leverage.toFixed(),
    markPrice: v.markPrice.toFixed(),
    liqPrice: '',
    bustPrice: '',
    positionIM: v.positionIM.toFixed(8),
    positionIMByMp: v.positionIM.toFixed(8),
    positionMM: '0',
    positionMMByMp: '0',
    positionBalance: v.positionIM.toFixed(8),
    tpslMode: 'Full',
    takeProfit: opt(p.takeProfit, flat ? '' : '0'),
    stopLoss: opt(p.stopLoss, flat ? '' : '0'),
    trailingStop: opt(p.trailingStop, '0'),
    sessionAvgPrice: '',
    breakEvenPrice: breakEven,
    unrealisedPnl: flat ? '' : v.unrealisedPnl.toFixed(),
    curRealisedPnl: p.curRealisedPnl.toFixed(),
    cumRealisedPnl: p.cumRealisedPnl.toFixed(),
    adlRankIndicator: flat ? 0 : 2,
    isReduceOnly: false,
    mmrSysUpdatedTime: '',
    leverageSysUpdatedTime: '',
    createdTime: String(p.createdTime),
    updatedTime: String(p.updatedTime),
    seq: p.seq,
  };
}

/** A position as the private `position` topic carries it: entryPrice instead of avgPrice. */
export function renderPositionEvent(v: PositionView): Record<string, unknown> {
  const { avgPrice, ...rest } = renderPosition(v);
  return { category: 'linear', ...rest, entryPrice: avgPrice };
}

/** One account of `GET /v5/account/wallet-balance` (and the `wallet` topic's data item). */
export function renderWallet(w: WalletView): Record<string, unknown> {
  const equity = w.equity.toFixed(8);
  const im = w.totalPositionIM.add(w.totalOrderIM);
  return {
    accountType: 'UNIFIED',
    accountIMRate: w.equity.isZero() ? '0' : im.div(w.equity).toFixed(4),
    accountMMRate: '0',
    accountLTV: '0',
    totalEquity: equity,
    totalWalletBalance: w.walletBalance.toFixed(8),
    totalMarginBalance: equity,
    totalAvailableBalance: w.availableBalance.toFixed(8),
    totalPerpUPL: w.unrealisedPnl.toFixed(8),
    totalInitialMargin: im.toFixed(8),
    totalMaintenanceMargin: '0',
    coin: [
      {
        coin: 'USDT',
        equity,
        usdValue: equity,
        walletBalance: w.walletBalance.toFixed(8),
        free: '',
        locked: '0',
        spotHedgingQty: '0',
        borrowAmount: '0',
        accruedInterest: '0',
        totalOrderIM: w.totalOrderIM.toFixed(8),
        totalPositionIM: w.totalPositionIM.toFixed(8),
        totalPositionMM: '0',
        unrealisedPnl: w.unrealisedPnl.toFixed(8),
        cumRealisedPnl: w.cumRealisedPnl.toFixed(8),
        bonus: '0',
        marginCollateral: true,
        collateralSwitch: true,
        availableToWithdraw: '',
        availableToBorrow: '',
        spotBorrow: '0',
      },
    ],
  };
}

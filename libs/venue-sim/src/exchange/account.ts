import { Decimal } from '@flotilla/core';
import {
  AccountSpec,
  DEFAULT_LEVERAGE,
  PositionView,
  Side,
  SimExecution,
  SimOrder,
  SimPosition,
  WalletView,
} from './types';

const ZERO = new Decimal(0);
/** Executions kept per account (the oldest are dropped past it). */
export const MAX_EXECUTIONS = 10_000;
/** Orders kept per account: past it the oldest closed ones are forgotten, as Bybit ages them out. */
export const MAX_ORDERS = 20_000;

function isLive(o: SimOrder): boolean {
  return (
    o.orderStatus === 'New' ||
    o.orderStatus === 'PartiallyFilled' ||
    o.orderStatus === 'Untriggered'
  );
}

export interface FillEffect {
  readonly closedSize: Decimal;
  /** PnL realised on the closed part, before fees. */
  readonly pnl: Decimal;
}

/** One account's books: wallet, orders by id, positions by symbol, fills. */
export class Account {
  walletBalance: Decimal;
  cumRealisedPnl = ZERO;
  readonly orders = new Map<string, SimOrder>();
  readonly linkIds = new Map<string, string>();
  readonly positions = new Map<string, SimPosition>();
  /** Orders that may still be active, per symbol; closed ones are pruned when next read. */
  private readonly live = new Map<string, Set<SimOrder>>();
  executions: SimExecution[] = [];
  updatedTime: number;

  constructor(
    readonly spec: AccountSpec,
    nowMs: number,
  ) {
    this.walletBalance = new Decimal(spec.usdt);
    this.updatedTime = nowMs;
  }

  get key(): string {
    return this.spec.key;
  }

  position(symbol: string, nowMs: number): SimPosition {
    let p = this.positions.get(symbol);
    if (!p) {
      p = {
        symbol,
        size: ZERO,
        avgPrice: ZERO,
        leverage: new Decimal(DEFAULT_LEVERAGE),
        cumRealisedPnl: ZERO,
        curRealisedPnl: ZERO,
        takeProfit: null,
        stopLoss: null,
        trailingStop: null,
        activePrice: null,
        trailPeak: null,
        createdTime: nowMs,
        updatedTime: nowMs,
        seq: 0,
      };
      this.positions.set(symbol, p);
    }
    return p;
  }

  addOrder(order: SimOrder): void {
    this.orders.set(order.orderId, order);
    if (order.orderLinkId !== '') this.linkIds.set(order.orderLinkId, order.orderId);
    if (isLive(order)) {
      let set = this.live.get(order.symbol);
      if (!set) {
        set = new Set();
        this.live.set(order.symbol, set);
      }
      set.add(order);
    }
    if (this.orders.size > MAX_ORDERS) this.forgetOldestClosed();
  }

  /** The symbol's active orders (New, PartiallyFilled, Untriggered), oldest first. */
  liveOrders(symbol: string): SimOrder[] {
    const set = this.live.get(symbol);
    if (!set) return [];
    const out: SimOrder[] = [];
    for (const o of set) {
      if (isLive(o)) out.push(o);
      else set.delete(o);
    }
    return out;
  }

  private forgetOldestClosed(): void {
    for (const [id, o] of this.orders) {
      if (this.orders.size <= MAX_ORDERS) return;
      if (isLive(o)) continue;
      this.orders.delete(id);
      if (this.linkIds.get(o.orderLinkId) === id) this.linkIds.delete(o.orderLinkId);
    }
  }

  addExecution(e: SimExecution): void {
    this.executions.push(e);
    if (this.executions.length > MAX_EXECUTIONS) this.executions.shift();
  }

  /** Nets a fill into the one-way position and books its PnL and fee in the wallet. */
  applyFill(
    p: SimPosition,
    side: Side,
    qty: Decimal,
    price: Decimal,
    fee: Decimal,
    nowMs: number,
  ): FillEffect {
    const signed = side === 'Buy' ? qty : qty.neg();
    let closedSize = ZERO;
    let pnl = ZERO;
    if (p.size.isZero()) p.curRealisedPnl = ZERO;
    if (p.size.isZero() || p.size.isPositive() === signed.isPositive()) {
      const abs = p.size.abs();
      p.avgPrice = abs.mul(p.avgPrice).add(qty.mul(price)).div(abs.add(qty));
    } else {
      closedSize = Decimal.min(qty, p.size.abs());
      pnl = price
        .sub(p.avgPrice)
        .mul(closedSize)
        .mul(p.size.isPositive() ? 1 : -1)
        .toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
      if (qty.gt(p.size.abs())) p.avgPrice = price;
    }
    p.size = p.size.add(signed);
    if (p.size.isZero()) p.avgPrice = ZERO;
    const net = pnl.sub(fee);
    p.cumRealisedPnl = p.cumRealisedPnl.add(net);
    p.curRealisedPnl = p.curRealisedPnl.add(net);
    p.updatedTime = nowMs;
    p.seq++;
    this.walletBalance = this.walletBalance.add(net);
    this.cumRealisedPnl = this.cumRealisedPnl.add(net);
    this.updatedTime = nowMs;
    return { closedSize, pnl };
  }

  view(p: SimPosition, markPrice: Decimal): PositionView {
    const positionValue = p.size.abs().mul(p.avgPrice);
    return {
      position: p,
      markPrice,
      positionValue,
      positionIM: positionValue.div(p.leverage),
      unrealisedPnl: markPrice.sub(p.avgPrice).mul(p.size),
    };
  }

  /** Margin held by a resting order: leaves × price / leverage (conditional orders hold none). */
  orderIM(order: SimOrder): Decimal {
    const open = order.orderStatus === 'New' || order.orderStatus === 'PartiallyFilled';
    if (!open || order.reduceOnly || order.price === null) return ZERO;
    const leverage = this.positions.get(order.symbol)?.leverage ?? new Decimal(DEFAULT_LEVERAGE);
    return order.qty.sub(order.cumExecQty).mul(order.price).div(leverage);
  }

  wallet(markOf: (symbol: string) => Decimal): WalletView {
    let unrealisedPnl = ZERO;
    let totalPositionIM = ZERO;
    for (const p of this.positions.values()) {
      if (p.size.isZero()) continue;
      const v = this.view(p, markOf(p.symbol));
      unrealisedPnl = unrealisedPnl.add(v.unrealisedPnl);
      totalPositionIM = totalPositionIM.add(v.positionIM);
    }
    let totalOrderIM = ZERO;
    for (const symbol of this.live.keys()) {
      for (const o of this.liveOrders(symbol)) totalOrderIM = totalOrderIM.add(this.orderIM(o));
    }
    const equity = this.walletBalance.add(unrealisedPnl);
    return {
      walletBalance: this.walletBalance,
      equity,
      availableBalance: Decimal.max(ZERO, equity.sub(totalPositionIM).sub(totalOrderIM)),
      unrealisedPnl,
      cumRealisedPnl: this.cumRealisedPnl,
      totalPositionIM,
      totalOrderIM,
      updatedTime: this.updatedTime,
    };
  }
}

import { Clock, Decimal } from '@flotilla/core';
import { Market, SimTrade } from '../market';
import { Account } from './account';
import { refuse, RET } from './errors';
import { EventBatch } from './events';
import { IdSequence } from './ids';
import { activate, closeOrder, isActive, lastPrice, MatchContext } from './matching';
import { amendOrder, findOrder } from './amend';
import { buildOrder, wouldFit } from './order-entry';
import { filterExecutions, filterOrders, OrderQuery } from './queries';
import { setLeverage, switchMode, tradingStop } from './position-commands';
import { ExchangeSnapshot, restoreAccounts, snapshotOf } from './snapshot';
import { onMarketUpdate } from './triggers';
import {
  AccountSpec,
  DEFAULT_ACCOUNT,
  ExchangeListener,
  MAKER_FEE_RATE,
  OrderAck,
  PositionView,
  RequestBody,
  SimExecution,
  SimOrder,
  TAKER_FEE_RATE,
  WalletView,
} from './types';

export interface ExchangeOptions {
  readonly clock: Clock;
  /** The simulator's markets by symbol; the exchange trades against their books. */
  readonly markets: ReadonlyMap<string, Market>;
  /** Default: one account, DEFAULT_ACCOUNT. */
  readonly accounts?: readonly AccountSpec[];
  /** Seeds the order and execution ids; default 42. */
  readonly seed?: number;
}

export type { OrderQuery } from './queries';

const ORDER_IDS = 1;
const EXEC_IDS = 2;

/**
 * The simulated Bybit v5 exchange (linear perpetuals, one-way mode, unified account): accounts by
 * API key, orders matched against the simulator's own books, positions, stops, fees. Commands take
 * the request body as Bybit receives it and throw ExchangeRefusal (Bybit's retCode) when refused;
 * reads return the venue's records, which render.ts turns into Bybit's JSON.
 */
export class Exchange {
  private readonly accounts = new Map<string, Account>();
  private readonly ctx: MatchContext;
  private readonly batch = new EventBatch();
  private readonly seed: number;

  constructor(opts: ExchangeOptions) {
    this.seed = opts.seed ?? 42;
    const markets = opts.markets;
    this.ctx = {
      clock: opts.clock,
      markets,
      orderIds: new IdSequence(this.seed, ORDER_IDS),
      execIds: new IdSequence(this.seed, EXEC_IDS),
      batch: this.batch,
      markOf: (symbol) => {
        const market = markets.get(symbol);
        return market ? lastPrice(market) : new Decimal(0);
      },
      execSeq: 0,
      keepAttachedStop: () => true,
    };
    for (const spec of opts.accounts ?? [DEFAULT_ACCOUNT]) {
      if (this.accounts.has(spec.key)) throw new RangeError(`duplicate account key ${spec.key}`);
      if (!/^\d+(\.\d+)?$/.test(spec.usdt)) throw new RangeError(`bad balance for ${spec.key}`);
      this.accounts.set(spec.key, new Account(spec, opts.clock.now()));
    }
  }

  /** Rebuilds an exchange from toJSON()'s output; markets and clock come from the running sim. */
  static fromJSON(snapshot: ExchangeSnapshot, opts: Omit<ExchangeOptions, 'accounts'>): Exchange {
    const exchange = new Exchange({ ...opts, seed: snapshot.seed, accounts: [] });
    for (const account of restoreAccounts(snapshot)) exchange.accounts.set(account.key, account);
    exchange.ctx.orderIds.counter = snapshot.orderIdCounter;
    exchange.ctx.execIds.counter = snapshot.execIdCounter;
    exchange.ctx.execSeq = snapshot.execSeq;
    return exchange;
  }

  toJSON(): ExchangeSnapshot {
    return snapshotOf(
      this.seed,
      [...this.accounts.values()],
      this.ctx.orderIds.counter,
      this.ctx.execIds.counter,
      this.ctx.execSeq,
    );
  }

  accountKeys(): string[] {
    return [...this.accounts.keys()];
  }

  /** The API secret of key, for signature checks; undefined for an unknown key. */
  secretOf(key: string): string | undefined {
    return this.accounts.get(key)?.spec.secret;
  }

  /** Private-stream events of one account; returns the unsubscribe function. */
  subscribe(key: string, listener: ExchangeListener): () => void {
    return this.batch.subscribe(key, listener);
  }

  placeOrder(key: string, body: RequestBody): OrderAck {
    const account = this.account(key);
    const market = this.market(body);
    const order = buildOrder(this.ctx, account, market, body);
    account.addOrder(order);
    this.batch.order(account, order);
    if (order.orderStatus !== 'Untriggered') activate(this.ctx, account, order, market);
    this.touched(account, order.symbol);
    return { orderId: order.orderId, orderLinkId: order.orderLinkId };
  }

  amendOrder(key: string, body: RequestBody): OrderAck {
    const account = this.account(key);
    const market = this.market(body);
    const order = amendOrder(this.ctx, account, market, body);
    this.touched(account, order.symbol);
    return { orderId: order.orderId, orderLinkId: order.orderLinkId };
  }

  cancelOrder(key: string, body: RequestBody): OrderAck {
    const account = this.account(key);
    const market = this.market(body);
    const order = findOrder(account, market.symbol, body);
    closeOrder(this.ctx, account, order, 'CancelByUser');
    this.touched(account, order.symbol);
    return { orderId: order.orderId, orderLinkId: order.orderLinkId };
  }

  /** `order/cancel-all`: by symbol, baseCoin or settleCoin; orderFilter Order / StopOrder. */
  cancelAll(key: string, body: RequestBody): OrderAck[] {
    const account = this.account(key);
    const query = Object.fromEntries(
      ['symbol', 'baseCoin', 'settleCoin', 'orderFilter'].map((k) => [k, stringOf(body[k])]),
    );
    if (!query.symbol && !query.baseCoin && !query.settleCoin) {
      refuse(RET.PARAMS, 'params error: symbol, baseCoin or settleCoin is required');
    }
    const acks: OrderAck[] = [];
    for (const o of filterOrders(account, this.ctx.markets, query, (o) => isActive(o))) {
      closeOrder(this.ctx, account, o, 'CancelByUser');
      acks.push({ orderId: o.orderId, orderLinkId: o.orderLinkId });
      this.batch.position(account, o.symbol);
    }
    this.flush();
    return acks;
  }

  /** `order/realtime`: active orders (any status by orderId/orderLinkId or with openOnly=1). */
  openOrders(key: string, query: OrderQuery): SimOrder[] {
    const account = this.account(key);
    const anyStatus = Boolean(query.orderId || query.orderLinkId) || query.openOnly === '1';
    return filterOrders(
      account,
      this.ctx.markets,
      query,
      (o) => anyStatus || isActive(o),
    ).reverse();
  }

  /** `order/history`: every order held (optionally by orderStatus), newest first. */
  orderHistory(key: string, query: OrderQuery): SimOrder[] {
    const account = this.account(key);
    return filterOrders(account, this.ctx.markets, query, (o) => {
      return !query.orderStatus || query.orderStatus.split(',').includes(o.orderStatus);
    }).reverse();
  }

  /** Every order the account holds with this orderLinkId (admin reads: duplicates show here). */
  ordersByLinkId(key: string, orderLinkId: string): SimOrder[] {
    return this.allOrders(key).filter((o) => o.orderLinkId === orderLinkId);
  }

  /** Every order the account holds, oldest first. */
  allOrders(key: string): SimOrder[] {
    return [...this.account(key).orders.values()];
  }

  /** `execution/list`: fills, newest first, by symbol, orderId, orderLinkId, start/endTime. */
  executions(key: string, query: OrderQuery): SimExecution[] {
    return filterExecutions(this.account(key), this.ctx.markets, query);
  }

  /**
   * Drill hook (the stop-reject fault): when keep answers false for an entry, its attached stop
   * loss is not applied to the position as it fills. The entry itself fills normally.
   */
  setAttachedStopGate(keep: (order: SimOrder) => boolean): void {
    this.ctx.keepAttachedStop = keep;
  }

  /** `position/list`: with symbol, that position (flat or not); without, the open ones. */
  positions(key: string, symbol?: string): PositionView[] {
    const account = this.account(key);
    const now = this.ctx.clock.now();
    if (symbol !== undefined) {
      if (!this.ctx.markets.has(symbol)) refuse(RET.PARAMS, 'Not supported symbols');
      const p = account.positions.get(symbol) ?? account.position(symbol, now);
      return [account.view(p, this.ctx.markOf(symbol))];
    }
    return [...account.positions.values()]
      .filter((p) => !p.size.isZero())
      .map((p) => account.view(p, this.ctx.markOf(p.symbol)));
  }

  wallet(key: string): WalletView {
    return this.account(key).wallet(this.ctx.markOf);
  }

  /** `position/set-leverage`; 110043 when unchanged. */
  setLeverage(key: string, body: RequestBody): void {
    const account = this.account(key);
    const market = this.market(body);
    setLeverage(this.ctx, account, market, body);
    this.touched(account, market.symbol);
  }

  /** `position/trading-stop`: position-level take profit, stop loss, trailing stop. */
  tradingStop(key: string, body: RequestBody): void {
    const account = this.account(key);
    const market = this.market(body);
    tradingStop(this.ctx, account, market, body);
    this.touched(account, market.symbol);
  }

  /** `position/switch-mode`: one-way only; 110025 when asked for it again, hedge refused. */
  switchMode(key: string, body: RequestBody): void {
    this.account(key);
    switchMode(body);
  }

  feeRates(
    key: string,
    symbol?: string,
  ): { symbol: string; takerFeeRate: string; makerFeeRate: string }[] {
    this.account(key);
    const symbols = symbol === undefined ? [...this.ctx.markets.keys()] : [symbol];
    return symbols
      .filter((s) => this.ctx.markets.has(s))
      .map((s) => ({ symbol: s, takerFeeRate: TAKER_FEE_RATE, makerFeeRate: MAKER_FEE_RATE }));
  }

  /** The simulator's tick hook: the market printed these trades; fill and trigger on them. */
  onMarketUpdate(market: Market, trades: readonly SimTrade[]): void {
    onMarketUpdate(this.ctx, this.accounts.values(), market, trades, (account, o) =>
      wouldFit(this.ctx, account, o, market),
    );
    this.flush();
  }

  private account(key: string): Account {
    const account = this.accounts.get(key);
    if (!account) refuse(RET.API_KEY_INVALID, 'API key is invalid.');
    return account;
  }

  private market(body: RequestBody): Market {
    const category = stringOf(body.category);
    if (category !== undefined && category !== 'linear') {
      refuse(RET.PARAMS, 'params error: category only support linear');
    }
    const market = this.ctx.markets.get(stringOf(body.symbol) ?? '');
    if (!market) refuse(RET.PARAMS, 'Not supported symbols');
    return market;
  }

  /** Bybit sends a position message for every create/amend/cancel (research §5.3). */
  private touched(account: Account, symbol: string): void {
    this.batch.position(account, symbol);
    this.batch.wallet(account);
    this.flush();
  }

  private flush(): void {
    this.batch.flush(this.ctx.clock.now(), this.ctx.markOf);
  }
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

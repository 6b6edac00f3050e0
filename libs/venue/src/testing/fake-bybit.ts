import type { BybitClient, CcxtResult } from '../bybit-client';

type Params = Record<string, unknown> | undefined;
export interface CreateCall {
  symbol: string;
  type: string;
  side: string;
  amount: number;
  price?: number;
  params: Params;
}

/**
 * A ccxt-like bybit that books orders by orderLinkId like the venue (110072 on a duplicate) and
 * lets a spec script failures per call: `failNext` throws before booking, `dropAnswerNext` books
 * and then throws (the timeout-after-accept case).
 */
export class FakeBybit implements BybitClient {
  readonly creates: CreateCall[] = [];
  readonly lookups: string[] = [];
  readonly booked = new Map<string, Record<string, unknown>>();
  failNext: Error[] = [];
  dropAnswerNext: Error[] = [];
  lookupFailures: Error[] = [];
  private nextId = 1;

  async loadMarkets(): Promise<unknown> {
    return {};
  }

  async createOrder(
    symbol: string,
    type: string,
    side: string,
    amount: number,
    price?: number,
    params?: Record<string, unknown>,
  ): Promise<CcxtResult> {
    this.creates.push({ symbol, type, side, amount, price, params });
    const fail = this.failNext.shift();
    if (fail) throw fail;
    const link = String(params?.clientOrderId);
    if (this.booked.has(link)) {
      throw new (class InvalidOrder extends Error {})(
        'bybit {"retCode":110072,"retMsg":"OrderLinkedID is duplicate"}',
      );
    }
    const info = {
      orderId: `oid-${this.nextId++}`,
      orderLinkId: link,
      symbol: symbol.split('/')[0] + 'USDT',
      side: side === 'buy' ? 'Buy' : 'Sell',
      orderType: type === 'limit' ? 'Limit' : 'Market',
      orderStatus: 'New',
      qty: String(amount),
      price: price === undefined ? '' : String(price),
      cumExecQty: '0',
      avgPrice: '',
      triggerPrice: '',
      reduceOnly: params?.reduceOnly === true,
    };
    this.booked.set(link, info);
    const drop = this.dropAnswerNext.shift();
    if (drop) throw drop;
    return { id: info.orderId, clientOrderId: link, info };
  }

  async fetchOpenOrders(
    _symbol?: string,
    _since?: number,
    _limit?: number,
    params?: Record<string, unknown>,
  ): Promise<CcxtResult[]> {
    const link = params?.orderLinkId as string | undefined;
    if (link) this.lookups.push(link);
    const fail = this.lookupFailures.shift();
    if (fail) throw fail;
    const all = [...this.booked.values()].map((info) => ({ info }));
    return link ? all.filter((o) => o.info.orderLinkId === link) : all;
  }

  editOrder = jest.fn(async () => ({ info: {} }));
  cancelOrder = jest.fn(async (): Promise<unknown> => ({}));
  cancelAllOrders = jest.fn(async (): Promise<unknown> => []);
  fetchPositions = jest.fn(async (): Promise<CcxtResult[]> => []);
  fetchBalance = jest.fn(async () => ({ info: {} }));
  setLeverage = jest.fn(async (): Promise<unknown> => ({}));
  fetchTradingFee = jest.fn(async () => ({ info: {} }));
  fetchMyTrades = jest.fn(async (): Promise<CcxtResult[]> => []);
  watchOrders = jest.fn(() => new Promise<CcxtResult[]>(() => undefined));
  watchMyTrades = jest.fn(() => new Promise<CcxtResult[]>(() => undefined));
  watchPositions = jest.fn(() => new Promise<CcxtResult[]>(() => undefined));
  watchBalance = jest.fn(() => new Promise<{ info: unknown }>(() => undefined));
  close = jest.fn(async (): Promise<unknown> => undefined);
}

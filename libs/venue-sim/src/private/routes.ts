import {
  Exchange,
  ExchangeRefusal,
  RET,
  RequestBody,
  renderExecution,
  renderOrder,
  renderPosition,
  renderWallet,
} from '../exchange';
import { batchRoute } from './batch';
import { page } from './paging';

export type Params = Readonly<Record<string, string | undefined>>;

/** What a private route answers: the envelope's `result`, and `retExtInfo` for the batch routes. */
export interface RouteAnswer {
  readonly result: unknown;
  readonly retExtInfo?: unknown;
}

export interface PrivateCall {
  readonly exchange: Exchange;
  readonly key: string;
  readonly nowMs: number;
  /** POST: the parsed JSON body; GET: the query parameters. */
  readonly body: RequestBody;
}

export interface PrivateRoute {
  readonly method: 'GET' | 'POST';
  readonly handle: (call: PrivateCall) => RouteAnswer;
}

const get = (handle: (call: PrivateCall, q: Params) => unknown): PrivateRoute => ({
  method: 'GET',
  handle: (call) => ({ result: handle(call, call.body as Params) }),
});
const post = (handle: (call: PrivateCall) => unknown): PrivateRoute => ({
  method: 'POST',
  handle: (call) => ({ result: handle(call) }),
});

/** The private Bybit v5 routes (research §3); commands and reads go to the exchange. */
export const PRIVATE_ROUTES: Readonly<Record<string, PrivateRoute>> = {
  '/v5/order/create': post(({ exchange, key, body }) => exchange.placeOrder(key, body)),
  '/v5/order/amend': post(({ exchange, key, body }) => exchange.amendOrder(key, body)),
  '/v5/order/cancel': post(({ exchange, key, body }) => exchange.cancelOrder(key, body)),
  '/v5/order/cancel-all': post(({ exchange, key, body }) => ({
    list: exchange.cancelAll(key, body),
    success: '1',
  })),
  '/v5/order/create-batch': batchRoute((e, k, b) => e.placeOrder(k, b), true),
  '/v5/order/amend-batch': batchRoute((e, k, b) => e.amendOrder(k, b), false),
  '/v5/order/cancel-batch': batchRoute((e, k, b) => e.cancelOrder(k, b), false),
  '/v5/order/realtime': get(({ exchange, key }, q) => {
    requireScope(q, false);
    const { items, nextPageCursor } = page(exchange.openOrders(key, q), q, 20, 50);
    return { category: 'linear', nextPageCursor, list: items.map(renderOrder) };
  }),
  '/v5/order/history': get(({ exchange, key }, q) => {
    const { items, nextPageCursor } = page(exchange.orderHistory(key, q), q, 20, 50);
    return { category: 'linear', nextPageCursor, list: items.map(renderOrder) };
  }),
  '/v5/execution/list': get(({ exchange, key }, q) => {
    if (q.execType && q.execType !== 'Trade') {
      return { category: 'linear', nextPageCursor: '', list: [] };
    }
    const { items, nextPageCursor } = page(exchange.executions(key, q), q, 50, 100);
    return { category: 'linear', nextPageCursor, list: items.map(renderExecution) };
  }),
  '/v5/position/list': get(({ exchange, key }, q) => {
    const category = q.category ?? '';
    // Only linear positions exist here; watchPositions asks for inverse with no symbol (§0 item 6).
    if (category !== 'linear') {
      if (category === 'inverse' || category === 'option') {
        return { category, nextPageCursor: '', list: [] };
      }
      throw new ExchangeRefusal(RET.PARAMS, `params error: category invalid: ${category}`);
    }
    requireScope(q, true);
    const views = exchange.positions(key, q.symbol || undefined);
    const { items, nextPageCursor } = page(views, q, 20, 200);
    return { category, nextPageCursor, list: items.map(renderPosition) };
  }),
  '/v5/position/trading-stop': post(({ exchange, key, body }) => {
    exchange.tradingStop(key, body);
    return {};
  }),
  '/v5/position/set-leverage': post(({ exchange, key, body }) => {
    exchange.setLeverage(key, body);
    return {};
  }),
  '/v5/position/switch-mode': post(({ exchange, key, body }) => {
    exchange.switchMode(key, body);
    return {};
  }),
  '/v5/account/wallet-balance': get(({ exchange, key }, q) => {
    const accountType = q.accountType ?? '';
    if (accountType !== 'UNIFIED') {
      throw new ExchangeRefusal(RET.PARAMS, `params error: accountType invalid: ${accountType}`);
    }
    return { list: [renderWallet(exchange.wallet(key))] };
  }),
  '/v5/account/fee-rate': get(({ exchange, key }, q) => {
    if ((q.category ?? 'linear') !== 'linear') return { list: [] };
    return { list: exchange.feeRates(key, q.symbol || undefined) };
  }),
  '/v5/asset/coin/query-info': get(() => ({ rows: [] })),
  '/v5/user/query-api': get(({ key, nowMs }) => queryApi(key, nowMs)),
  '/v5/account/info': get(({ nowMs }) => ({
    unifiedMarginStatus: 6,
    marginMode: 'REGULAR_MARGIN',
    isMasterTrader: false,
    spotHedgingStatus: 'OFF',
    updatedTime: String(nowMs),
    dcpStatus: 'OFF',
    timeWindow: 10,
    smpGroup: 0,
  })),
};

/** For linear, one of symbol / baseCoin / settleCoin (position/list: symbol / settleCoin). */
function requireScope(q: Params, positions: boolean): void {
  if (q.symbol || q.settleCoin || (!positions && q.baseCoin)) return;
  const names = positions ? 'symbol or settleCoin' : 'symbol, baseCoin or settleCoin';
  throw new ExchangeRefusal(RET.PARAMS, `params error: ${names} is required`);
}

function queryApi(key: string, nowMs: number): unknown {
  return {
    id: '1',
    note: 'flotilla venue-sim',
    apiKey: key,
    readOnly: 0,
    secret: '',
    permissions: {
      ContractTrade: ['Order', 'Position'],
      Spot: [],
      Wallet: ['AccountTransfer'],
      Options: [],
      Derivatives: [],
      CopyTrading: [],
      BlockTrade: [],
      Exchange: [],
      NFT: [],
      Affiliate: [],
    },
    ips: ['*'],
    type: 1,
    deadlineDay: -1,
    expiredAt: '',
    createdAt: new Date(0).toISOString(),
    unified: 0,
    uta: 1,
    userID: 1,
    inviterID: 0,
    vipLevel: 'No VIP',
    mktMakerLevel: '0',
    affiliateID: 0,
    rsaPublicKey: '',
    isMaster: true,
    parentUid: '0',
    kycLevel: 'LEVEL_DEFAULT',
    kycRegion: '',
    updatedAt: new Date(nowMs).toISOString(),
  };
}

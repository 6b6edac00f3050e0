import type { RawRecord } from './bybit-parse';

/** The part of a ccxt order/trade/position/balance the port reads: Bybit's raw object. */
export interface CcxtResult {
  readonly id?: string;
  readonly clientOrderId?: string;
  readonly info: RawRecord;
}

/**
 * The slice of ccxt's (pro) bybit the port uses, so unit specs can fake it. Amounts and prices
 * cross as numbers because ccxt's signatures take numbers; the port only passes values already
 * on the instrument's grid, which ccxt's own precision step leaves unchanged.
 */
export interface BybitClient {
  loadMarkets(): Promise<unknown>;
  createOrder(
    symbol: string,
    type: string,
    side: string,
    amount: number,
    price?: number,
    params?: Record<string, unknown>,
  ): Promise<CcxtResult>;
  editOrder(
    id: string | undefined,
    symbol: string,
    type: string,
    side: string,
    amount?: number,
    price?: number,
    params?: Record<string, unknown>,
  ): Promise<CcxtResult>;
  cancelOrder(
    id: string | undefined,
    symbol: string,
    params?: Record<string, unknown>,
  ): Promise<unknown>;
  cancelAllOrders(symbol?: string, params?: Record<string, unknown>): Promise<unknown>;
  fetchOpenOrders(
    symbol?: string,
    since?: number,
    limit?: number,
    params?: Record<string, unknown>,
  ): Promise<CcxtResult[]>;
  fetchPositions(symbols?: string[], params?: Record<string, unknown>): Promise<CcxtResult[]>;
  fetchBalance(params?: Record<string, unknown>): Promise<{ info: unknown }>;
  setLeverage(leverage: number, symbol: string, params?: Record<string, unknown>): Promise<unknown>;
  fetchTradingFee(symbol: string, params?: Record<string, unknown>): Promise<CcxtResult>;
  fetchMyTrades(
    symbol?: string,
    since?: number,
    limit?: number,
    params?: Record<string, unknown>,
  ): Promise<CcxtResult[]>;
  watchOrders(symbol?: string): Promise<CcxtResult[]>;
  watchMyTrades(symbol?: string): Promise<CcxtResult[]>;
  watchPositions(symbols?: string[]): Promise<CcxtResult[]>;
  watchBalance(): Promise<{ info: unknown }>;
  close(): Promise<unknown>;
}

export type ResponseObserver = (endpoint: string, headers: Record<string, unknown>) => void;

export interface BybitClientOptions {
  /** A simulator's base URL; absent for Bybit itself. */
  readonly restUrl?: string;
  readonly wsPrivateUrl?: string;
  readonly testnet?: boolean;
  readonly apiKey: string;
  readonly secret: string;
  readonly timeoutMs?: number;
  /** ccxt's own leaky-bucket throttle (SPEC 9: on); benches compare with it off. */
  readonly enableRateLimit?: boolean;
  /** Milliseconds per cost unit of ccxt's throttle; CCXT_RATE_LIMIT_MS by default. */
  readonly rateLimitMs?: number;
  /** Called with every REST answer's headers (the budget reads X-Bapi-Limit-*). */
  readonly onResponse?: ResponseObserver;
}

/**
 * ccxt's bybit throttle is one bucket for every endpoint (20 ms per cost unit: reads cost 5, so
 * ten reads a second for the whole account, creates and cancels included). Bybit limits each
 * endpoint on its own, and the port's RequestBudget already keeps every endpoint under the limit
 * the venue reports (X-Bapi-Limit-*) and honours Retry-After. So ccxt's throttle stays on as a
 * coarse guard at four times its default rate: at 20 ms a boot of 100 engines spent 30 s
 * reconciling in ccxt's queue and entries waited seconds for their ack (bench -- trading).
 */
export const CCXT_RATE_LIMIT_MS = 5;

interface WsClientLike {
  send(message: unknown): Promise<unknown>;
}
interface WsClientFactory {
  client(url: string): WsClientLike;
}
const HANDLED = Symbol('flotilla.sendsHandled');

/**
 * ccxt.pro sends a throttled subscribe as `throttle().then(() => client.send(message))` and drops
 * the send's promise: a socket closed in between (a reconnect, a shutdown) rejects it with
 * "WebSocket is not open" and nobody handles it, which Node treats as fatal. Every send promise
 * gets a no-op handler here; callers that await it still see the rejection, and ccxt still fails
 * the watch through its own paths (close, error).
 */
export function markWsSendsHandled(exchange: WsClientFactory): void {
  const make = exchange.client.bind(exchange);
  exchange.client = (url: string) => {
    const client = make(url) as WsClientLike & { [HANDLED]?: true };
    if (!client[HANDLED]) {
      const send = client.send.bind(client);
      client.send = (message: unknown) => {
        const sent = send(message);
        sent.catch(() => undefined);
        return sent;
      };
      client[HANDLED] = true;
    }
    return client;
  };
}

/** "https://host/v5/order/create?x=1" → "order/create". */
export function endpointOf(url: string): string {
  const path = url.split('?')[0];
  const at = path.indexOf('/v5/');
  return at >= 0 ? path.slice(at + 4) : path;
}

/** A ccxt.pro bybit for linear USDT perpetuals in one-way mode, against Bybit or a simulator. */
export async function createBybitClient(options: BybitClientOptions): Promise<BybitClient> {
  // Loaded on first use: ccxt is heavy.
  const { pro } = await import('ccxt');
  const config: Record<string, unknown> = {
    apiKey: options.apiKey,
    secret: options.secret,
    enableRateLimit: options.enableRateLimit ?? true,
    rateLimit: options.rateLimitMs ?? CCXT_RATE_LIMIT_MS,
    timeout: options.timeoutMs ?? 10_000,
    has: { fetchCurrencies: false },
    options: {
      defaultType: 'swap',
      fetchMarkets: { types: ['linear'], usePrivateInstrumentsInfo: false },
      adjustForTimeDifference: false,
      enableUnifiedAccount: true,
      enableUnifiedMargin: false,
    },
  };
  if (options.restUrl) {
    const url = options.restUrl.replace(/\/+$/, '');
    const ws = options.wsPrivateUrl ?? `${url.replace(/^http/, 'ws')}/v5/private`;
    config.urls = {
      api: {
        spot: url,
        futures: url,
        v2: url,
        public: url,
        private: url,
        ws: {
          private: { contract: ws, usdc: ws, trade: ws.replace(/\/private$/, '/trade') },
          public: { linear: `${url.replace(/^http/, 'ws')}/v5/public/linear` },
        },
      },
    };
  }
  const exchange = new pro.bybit(config);
  if (options.testnet) exchange.setSandboxMode(true);
  // ccxt.pro refuses plain ws:// (a simulator on loopback) until its http agent is loaded.
  if (options.restUrl?.startsWith('http://')) await exchange.loadHttpProxyAgent();
  markWsSendsHandled(exchange);
  const observe = options.onResponse;
  if (observe) {
    const original = exchange.handleErrors.bind(exchange);
    exchange.handleErrors = (code, reason, url, method, headers, ...rest) => {
      observe(endpointOf(url), headers as Record<string, unknown>);
      return original(code, reason, url, method, headers, ...rest);
    };
  }
  return exchange;
}

import { ServerResponse } from 'node:http';
import { instrumentInfo } from './instruments';
import { envelope, intParam, sendBybitError, sendJson } from './http-util';
import { Market } from './market';
import { SimState } from './sim-state';
import { bookSnapshot, wireRestTrade, wireTicker } from './wire';

const CATEGORIES = new Set(['linear', 'spot', 'inverse', 'option']);

type Handler = (state: SimState, query: URLSearchParams) => unknown;

/** Public Bybit v5 market routes; each returns the result object or throws ParamError. */
const ROUTES: Record<string, Handler> = {
  '/v5/market/time': (state) => {
    const nowMs = state.clock.now();
    return { timeSecond: String(Math.floor(nowMs / 1000)), timeNano: `${nowMs}000000` };
  },
  '/v5/market/instruments-info': instrumentsInfo,
  '/v5/market/orderbook': (state, query) => {
    const market = requireMarket(state, query, true);
    const limit = requireInt(query, 'limit', 25, 1, 500);
    return { ...bookSnapshot(market, limit), ts: market.ts, cts: market.ts - 1 };
  },
  '/v5/market/tickers': (state, query) => {
    const category = requireCategory(query);
    if (category !== 'linear') return { category, list: [] };
    if (!query.get('symbol')) {
      return { category, list: [...state.markets.values()].map((m) => wireTicker(m)) };
    }
    const market = requireMarket(state, query, false);
    return { category, list: [wireTicker(market)] };
  },
  '/v5/market/recent-trade': (state, query) => {
    const market = requireMarket(state, query, true);
    const limit = requireInt(query, 'limit', 500, 1, 1000);
    const trades = market.recentTrades.slice(-limit).reverse();
    return { category: 'linear', list: trades.map((t) => wireRestTrade(market, t)) };
  },
};

/** A bad query parameter; answered as retCode 10001 with this message. */
class ParamError extends Error {}

/** Returns false when the path is not a market route. */
export function handleRest(
  state: SimState,
  path: string,
  query: URLSearchParams,
  res: ServerResponse,
): boolean {
  const handler = ROUTES[path];
  if (!handler) return false;
  const nowMs = state.clock.now();
  try {
    sendJson(res, 200, envelope(nowMs, handler(state, query)));
  } catch (error) {
    if (!(error instanceof ParamError)) throw error;
    sendBybitError(res, nowMs, error.message);
  }
  return true;
}

function requireCategory(query: URLSearchParams): string {
  const category = query.get('category');
  if (!category) throw new ParamError('params error: category is required');
  if (!CATEGORIES.has(category))
    throw new ParamError(`params error: category invalid: ${category}`);
  return category;
}

function requireInt(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = intParam(query, name, fallback, min, max);
  if (typeof value === 'string') throw new ParamError(value);
  return value;
}

/** The market the query names, or an error message (which names the parameter). */
function requireMarket(state: SimState, query: URLSearchParams, linearOnly: boolean): Market {
  const category = requireCategory(query);
  if (linearOnly && category !== 'linear') {
    throw new ParamError(`params error: category ${category} not supported by this venue`);
  }
  const symbol = query.get('symbol');
  if (!symbol) throw new ParamError('params error: symbol is required');
  const market = state.markets.get(symbol);
  if (!market) throw new ParamError(`params error: symbol invalid: ${symbol}`);
  return market;
}

function instrumentsInfo(state: SimState, query: URLSearchParams): unknown {
  const category = requireCategory(query);
  const limit = requireInt(query, 'limit', 500, 1, 1000);
  const empty = { category, list: [], nextPageCursor: '' };
  if (category !== 'linear') return empty;
  const status = query.get('status');
  if (status && status !== 'Trading') return empty;
  const symbol = query.get('symbol');
  const baseCoin = query.get('baseCoin');
  const matching = state.instruments.filter(
    (i) => (!symbol || i.symbol === symbol) && (!baseCoin || i.baseCoin === baseCoin),
  );
  const offset = decodeCursor(query.get('cursor'));
  if (offset === null || offset > matching.length) {
    throw new ParamError(`params error: cursor invalid: ${query.get('cursor')}`);
  }
  const page = matching.slice(offset, offset + limit);
  const next = offset + limit < matching.length ? encodeCursor(offset + limit) : '';
  return {
    category,
    list: page.map((spec) => instrumentInfo(spec, state.launchTimeMs)),
    nextPageCursor: next,
  };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset=${offset}`).toString('base64url');
}

function decodeCursor(cursor: string | null): number | null {
  if (!cursor) return 0;
  const match = /^offset=(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

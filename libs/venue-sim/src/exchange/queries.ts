import { Market } from '../market';
import { Account } from './account';
import { refuse, RET } from './errors';
import { SimExecution, SimOrder } from './types';

/** Filters of `order/realtime`, `order/history`, `execution/list` (query params as strings). */
export type OrderQuery = Readonly<Record<string, string | undefined>>;

/** symbol, else baseCoin, else settleCoin (USDT: everything here). */
export function symbolMatches(
  symbol: string,
  markets: ReadonlyMap<string, Market>,
  query: OrderQuery,
): boolean {
  if (query.symbol) return symbol === query.symbol;
  if (query.baseCoin) return markets.get(symbol)?.grid.spec.baseCoin === query.baseCoin;
  if (query.settleCoin) return query.settleCoin === 'USDT';
  return true;
}

/** The account's orders, oldest first, narrowed by symbol / ids / orderFilter and keep. */
export function filterOrders(
  account: Account,
  markets: ReadonlyMap<string, Market>,
  query: OrderQuery,
  keep: (o: SimOrder) => boolean,
): SimOrder[] {
  const out: SimOrder[] = [];
  for (const o of account.orders.values()) {
    if (!symbolMatches(o.symbol, markets, query)) continue;
    if (query.orderId && o.orderId !== query.orderId) continue;
    if (query.orderLinkId && o.orderLinkId !== query.orderLinkId) continue;
    if (query.orderFilter === 'Order' && o.triggerDirection !== 0) continue;
    if (query.orderFilter === 'StopOrder' && o.triggerDirection === 0) continue;
    if (keep(o)) out.push(o);
  }
  return out;
}

const EXEC_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

function msParam(query: OrderQuery, key: 'startTime' | 'endTime'): number | undefined {
  const raw = query[key];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) refuse(RET.PARAMS, `params error: ${key} invalid: ${raw}`);
  return Number(raw);
}

/**
 * `execution/list` startTime/endTime (epoch ms, inclusive) as Bybit reads them: one alone spans
 * 7 days from (or to) it; both at most 7 days apart. Neither: unbounded (Bybit: the last 7 days;
 * the simulator keeps every fill).
 */
export function execTimeFilter(query: OrderQuery): (execTime: number) => boolean {
  const start = msParam(query, 'startTime');
  const end = msParam(query, 'endTime');
  if (start === undefined && end === undefined) return () => true;
  const from = start ?? (end as number) - EXEC_WINDOW_MS;
  const to = end ?? from + EXEC_WINDOW_MS;
  if (to < from) refuse(RET.PARAMS, 'params error: endTime is before startTime');
  if (to - from > EXEC_WINDOW_MS) {
    refuse(RET.PARAMS, 'params error: startTime and endTime must be at most 7 days apart');
  }
  return (execTime) => execTime >= from && execTime <= to;
}

/** The account's fills, newest first, by symbol, orderId, orderLinkId and startTime/endTime. */
export function filterExecutions(
  account: Account,
  markets: ReadonlyMap<string, Market>,
  query: OrderQuery,
): SimExecution[] {
  const inWindow = execTimeFilter(query);
  return account.executions
    .filter(
      (e) =>
        symbolMatches(e.symbol, markets, query) &&
        inWindow(e.execTime) &&
        (!query.orderId || e.orderId === query.orderId) &&
        (!query.orderLinkId || e.orderLinkId === query.orderLinkId),
    )
    .reverse();
}

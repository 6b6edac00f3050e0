import { Market } from '../market';
import { Account } from './account';
import { SimOrder } from './types';

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

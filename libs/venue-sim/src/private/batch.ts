import { Exchange, ExchangeRefusal, OrderAck, RET, RequestBody } from '../exchange';
import type { PrivateRoute } from './routes';

/** Bybit: at most 20 orders per linear batch request. */
export const MAX_BATCH = 20;

type Command = (exchange: Exchange, key: string, body: RequestBody) => OrderAck;

/** The number of orders a batch body carries (rate limits count each); 0 when malformed. */
export function batchSize(body: RequestBody): number {
  return Array.isArray(body.request) ? body.request.length : 0;
}

/**
 * `order/create-batch` and friends, as ccxt's createOrders / editOrders / cancelOrders send them:
 * `{category, request:[…]}`. Each item succeeds or fails alone: `result.list[i]` holds its ids
 * (empty on failure) and `retExtInfo.list[i]` its `{code, msg}`.
 */
export function batchRoute(command: Command, stamped: boolean): PrivateRoute {
  return {
    method: 'POST',
    handle: ({ exchange, key, nowMs, body }) => {
      const items = body.request;
      if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH) {
        throw new ExchangeRefusal(
          RET.PARAMS,
          `params error: request must hold 1..${MAX_BATCH} orders`,
        );
      }
      const category = typeof body.category === 'string' ? body.category : 'linear';
      const list: Record<string, string>[] = [];
      const codes: { code: number; msg: string }[] = [];
      for (const raw of items as unknown[]) {
        const item = (typeof raw === 'object' && raw !== null ? raw : {}) as RequestBody;
        const symbol = typeof item.symbol === 'string' ? item.symbol : '';
        const stamp = (at: string): Record<string, string> => (stamped ? { createAt: at } : {});
        try {
          const ack = command(exchange, key, { ...item, category });
          list.push({ category, symbol, ...ack, ...stamp(String(nowMs)) });
          codes.push({ code: 0, msg: 'OK' });
        } catch (error) {
          if (!(error instanceof ExchangeRefusal)) throw error;
          list.push({ category, symbol, orderId: '', orderLinkId: '', ...stamp('') });
          codes.push({ code: error.retCode, msg: error.retMsg });
        }
      }
      return { result: { list }, retExtInfo: { list: codes } };
    },
  };
}

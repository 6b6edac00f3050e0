import { IncomingMessage, ServerResponse } from 'node:http';
import { handleDrillAdmin } from './admin-drills';
import { renderExecutionEvent, renderOrder } from './exchange';
import { FaultValidationError, parseFaultRequest } from './faults';
import { intParam, readJsonBody, sendJson } from './http-util';
import type { VenueSim } from './venue-sim';

export const ADMIN_PREFIX = '/__admin/';

/**
 * Test and operator hooks: fault injection (faults.ts lists every type, stop-reject included), the
 * sim's own book, an account's orders and fills. Returns false if not admin.
 */
export function handleAdmin(
  sim: VenueSim,
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
  res: ServerResponse,
): boolean {
  if (!path.startsWith(ADMIN_PREFIX)) return false;
  const method = req.method ?? 'GET';
  if (path === '/__admin/faults' && method === 'GET') {
    sendJson(res, 200, { ok: true, faults: sim.activeFaults() });
    return true;
  }
  if (path === '/__admin/faults' && method === 'POST') {
    void postFault(sim, req, res);
    return true;
  }
  if (path === '/__admin/mirror' && method === 'GET') {
    const mirror = sim.mirrorStats();
    if (mirror === null) sendJson(res, 404, { ok: false, error: 'not in mirror mode' });
    else sendJson(res, 200, { ok: true, mirror });
    return true;
  }
  if (path === '/__admin/faults/private' && method === 'DELETE') {
    sim.clearPrivateFaults();
    sendJson(res, 200, { ok: true, faults: sim.activeFaults() });
    return true;
  }
  const orders = /^\/__admin\/accounts\/([^/]+)\/orders$/.exec(path);
  if (orders && method === 'GET') {
    sendAccountOrders(sim, decodeURIComponent(orders[1]), query.get('orderLinkId'), res);
    return true;
  }
  if (handleDrillAdmin(sim, req, path, res)) return true;
  const fills = /^\/__admin\/accounts\/([^/]+)\/executions$/.exec(path);
  if (fills && method === 'GET') {
    sendAccountExecutions(sim, decodeURIComponent(fills[1]), query.get('symbol'), res);
    return true;
  }
  const book = /^\/__admin\/book\/([^/]+)$/.exec(path);
  if (book && method === 'GET') {
    const symbol = decodeURIComponent(book[1]);
    if (!sim.symbols().includes(symbol)) {
      sendJson(res, 404, { ok: false, error: `symbol: unknown symbol ${symbol}` });
      return true;
    }
    const depth = intParam(query, 'depth', 50, 1, 1000);
    if (typeof depth === 'string') sendJson(res, 400, { ok: false, error: depth });
    else sendJson(res, 200, { symbol, ...sim.book(symbol, depth) });
    return true;
  }
  return false;
}

/**
 * Every order the venue holds for an account, open and closed, oldest first; with orderLinkId only
 * those carrying it, so a check can count duplicates from the venue's side. Never shows secrets.
 */
function sendAccountOrders(
  sim: VenueSim,
  key: string,
  orderLinkId: string | null,
  res: ServerResponse,
): void {
  if (!sim.exchange.accountKeys().includes(key)) {
    sendJson(res, 404, { ok: false, error: `key: unknown account ${key}` });
    return;
  }
  const held =
    orderLinkId === null
      ? sim.exchange.allOrders(key)
      : sim.exchange.ordersByLinkId(key, orderLinkId);
  sendJson(res, 200, { ok: true, key, count: held.length, orders: held.map(renderOrder) });
}

/**
 * Every fill of an account, oldest first (optionally one symbol's), as the
 * private stream renders it (with execPnl).
 */
function sendAccountExecutions(
  sim: VenueSim,
  key: string,
  symbol: string | null,
  res: ServerResponse,
): void {
  if (!sim.exchange.accountKeys().includes(key)) {
    sendJson(res, 404, { ok: false, error: `key: unknown account ${key}` });
    return;
  }
  const fills = sim.exchange.executions(key, symbol ? { symbol } : {}).reverse();
  sendJson(res, 200, {
    ok: true,
    key,
    count: fills.length,
    executions: fills.map(renderExecutionEvent),
  });
}

async function postFault(sim: VenueSim, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readJsonBody(req);
    const known = new Set(sim.symbols());
    const outcome = sim.injectFault(parseFaultRequest(body, (s) => known.has(s)));
    sendJson(res, 200, { ok: true, ...outcome });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const field = error instanceof FaultValidationError ? error.field : 'body';
    sendJson(res, 400, { ok: false, field, error: message });
  }
}

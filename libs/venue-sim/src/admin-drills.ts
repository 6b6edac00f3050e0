import { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendJson } from './http-util';
import { accountProtection, stripProtection } from './protection';
import type { VenueSim } from './venue-sim';

const SHOCK_PATH = /^\/__admin\/markets\/([^/]+)\/shock$/;
const PROTECTION_PATH = /^\/__admin\/accounts\/([^/]+)\/protection$/;
const STOP_PATH = /^\/__admin\/accounts\/([^/]+)\/positions\/([^/]+)\/stop$/;

/**
 * Drill routes; false when the path is none of them.
 * - `POST /__admin/markets/{symbol}/shock` with `{"pct": -2.5}`: a price jump (VenueSim.shock);
 *   400 names the field, 404 an unknown symbol.
 * - `GET /__admin/accounts/{key}/protection`: every open position and the stop that protects it
 *   (`{ok, key, positions, unprotected}`); 404 an unknown account.
 * - `DELETE /__admin/accounts/{key}/positions/{symbol}/stop`: the position's stops removed behind
 *   the engine's back (stripProtection): `{ok, key, symbol, stopLoss, trailingStop, cancelled}`;
 *   404 an unknown account or symbol, 409 no open position there.
 */
export function handleDrillAdmin(
  sim: VenueSim,
  req: IncomingMessage,
  path: string,
  res: ServerResponse,
): boolean {
  const protection = PROTECTION_PATH.exec(path);
  if (protection && req.method === 'GET') {
    const key = decodeURIComponent(protection[1]);
    if (!sim.exchange.accountKeys().includes(key)) {
      sendJson(res, 404, { ok: false, error: `key: unknown account ${key}` });
      return true;
    }
    const positions = accountProtection(sim.exchange, key);
    const unprotected = positions.filter((p) => !p.protected).length;
    sendJson(res, 200, { ok: true, key, positions, unprotected });
    return true;
  }
  const stop = STOP_PATH.exec(path);
  if (stop && req.method === 'DELETE') {
    removeStop(sim, decodeURIComponent(stop[1]), decodeURIComponent(stop[2]), res);
    return true;
  }
  const match = SHOCK_PATH.exec(path);
  if (!match || req.method !== 'POST') return false;
  void shock(sim, decodeURIComponent(match[1]), req, res);
  return true;
}

async function shock(
  sim: VenueSim,
  symbol: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!sim.symbols().includes(symbol)) {
    sendJson(res, 404, { ok: false, error: `symbol: unknown symbol ${symbol}` });
    return;
  }
  let pct: unknown;
  try {
    const body = await readJsonBody(req);
    pct = typeof body === 'object' && body !== null ? (body as { pct?: unknown }).pct : undefined;
  } catch (error) {
    sendJson(res, 400, { ok: false, field: 'body', error: String(error) });
    return;
  }
  if (typeof pct !== 'number' || !Number.isFinite(pct) || pct === 0 || Math.abs(pct) >= 50) {
    sendJson(res, 400, {
      ok: false,
      field: 'pct',
      error: 'pct must be a non-zero number of percent within (-50, 50)',
    });
    return;
  }
  try {
    sendJson(res, 200, { ok: true, ...sim.shock(symbol, pct) });
  } catch (error) {
    sendJson(res, 409, {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

function removeStop(sim: VenueSim, key: string, symbol: string, res: ServerResponse): void {
  if (!sim.exchange.accountKeys().includes(key)) {
    sendJson(res, 404, { ok: false, error: `key: unknown account ${key}` });
    return;
  }
  if (!sim.symbols().includes(symbol)) {
    sendJson(res, 404, { ok: false, error: `symbol: unknown symbol ${symbol}` });
    return;
  }
  const stripped = stripProtection(sim.exchange, key, symbol);
  if (stripped === null) {
    sendJson(res, 409, { ok: false, error: `no open position on ${symbol} for ${key}` });
    return;
  }
  sendJson(res, 200, { ok: true, key, ...stripped });
}

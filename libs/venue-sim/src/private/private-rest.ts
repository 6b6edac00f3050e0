import { IncomingMessage, ServerResponse } from 'node:http';
import { Clock } from '@flotilla/core';
import { Exchange, ExchangeRefusal, RequestBody } from '../exchange';
import { envelope } from '../http-util';
import { batchSize } from './batch';
import { PrivateFaults } from './private-faults';
import { LimitVerdict, RateLimiter } from './rate-limit';
import { TRANSPORT_RET } from './ret-codes';
import { PRIVATE_ROUTES, PrivateRoute } from './routes';
import { refusesStop, STOP_REJECT_MSG, STOP_REJECT_RET_CODE } from './stop-reject';
import { verifyRest } from './signature';

const MAX_BODY_BYTES = 256 * 1024;
const MUTATING = 'POST';

export interface PrivateRestDeps {
  readonly clock: Clock;
  readonly exchange: Exchange;
  readonly limiter: RateLimiter;
  readonly faults: PrivateFaults;
  /** Called after a command reached the exchange (the state file's cue to save). */
  readonly onCommand: () => void;
}

/**
 * Serves the private Bybit v5 REST routes: faults first (latency, 5xx burst), then HMAC auth over
 * the raw bytes, the per-key rate limit, and the exchange. Every answer is Bybit's envelope with
 * HTTP 200 (auth and limit refusals included) and carries the X-Bapi-Limit* headers once the key
 * is known.
 */
export class PrivateRest {
  constructor(private readonly deps: PrivateRestDeps) {}

  static isPrivatePath(path: string): boolean {
    return Object.hasOwn(PRIVATE_ROUTES, path);
  }

  /** Handles a request to a private path; the promise never rejects. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const route = PRIVATE_ROUTES[path];
    try {
      const raw = await readRaw(req);
      const latencyMs = this.deps.faults.latencyMs();
      if (latencyMs > 0) await this.sleep(latencyMs);
      if (route.method !== req.method) {
        send(res, 404, { retCode: 404, retMsg: `route not found: ${req.method} ${path}` });
        return;
      }
      const status = this.deps.faults.takeServerError();
      if (status !== undefined) {
        sendText(res, status, `<html><body><h1>${status} Service Unavailable</h1></body></html>`);
        return;
      }
      this.serve(req, res, path, route, raw);
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      const message = error instanceof Error ? error.message : String(error);
      send(res, 500, { retCode: TRANSPORT_RET.SERVER_ERROR, retMsg: `internal error: ${message}` });
    }
  }

  private serve(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    route: PrivateRoute,
    raw: string,
  ): void {
    const { clock, exchange, limiter, faults } = this.deps;
    const nowMs = clock.now();
    const query = rawQuery(req.url ?? '');
    const payload = req.method === 'GET' ? query : raw;
    const auth = verifyRest(req.headers, payload, nowMs, (k) => exchange.secretOf(k));
    if (!auth.ok) {
      send(res, 200, envelope(nowMs, {}, auth.retCode, auth.retMsg));
      return;
    }
    let body: RequestBody;
    try {
      body = req.method === 'GET' ? queryParams(query) : jsonBody(raw);
    } catch {
      send(res, 200, envelope(nowMs, {}, TRANSPORT_RET.PARAMS, 'params error: body is not JSON'));
      return;
    }
    const units = Math.max(1, batchSize(body));
    let verdict = limiter.take(auth.key, path, nowMs, units);
    if (faults.takeRateLimit()) {
      verdict = { allowed: false, limit: verdict.limit, remaining: 0, resetAtMs: nowMs + 1000 };
    }
    if (!verdict.allowed) {
      const answer = envelope(nowMs, {}, TRANSPORT_RET.TOO_MANY_VISITS, 'Too many visits!');
      send(res, 200, answer, verdict);
      return;
    }
    if (refusesStop(path, body, faults)) {
      const refused = envelope(nowMs, {}, STOP_REJECT_RET_CODE, STOP_REJECT_MSG);
      send(res, 200, refused, verdict);
      return;
    }
    const fate = path === '/v5/order/create' ? faults.createFate() : { kind: 'normal' as const };
    if (fate.kind === 'reject') {
      send(res, 200, envelope(nowMs, {}, fate.retCode, 'rejected by fault injection'), verdict);
      return;
    }
    let answer: Record<string, unknown>;
    try {
      const { result, retExtInfo } = route.handle({ exchange, key: auth.key, nowMs, body });
      answer = envelope(nowMs, result);
      if (retExtInfo !== undefined) answer.retExtInfo = retExtInfo;
    } catch (error) {
      if (!(error instanceof ExchangeRefusal)) throw error;
      answer = envelope(nowMs, {}, error.retCode, error.retMsg);
    }
    if (req.method === MUTATING) this.deps.onCommand();
    if (fate.kind === 'timeout-after-accept') {
      // The order is booked; the answer never comes.
      req.socket.destroy();
      return;
    }
    send(res, 200, answer, verdict);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms));
  }
}

/** Everything after the first `?`, exactly as sent (ccxt sends a bare `?` for no params). */
export function rawQuery(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

function queryParams(query: string): RequestBody {
  return Object.fromEntries(new URLSearchParams(query));
}

function jsonBody(raw: string): RequestBody {
  if (raw.trim() === '') return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TypeError('not a JSON object');
  }
  return parsed as RequestBody;
}

function readRaw(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        reject(new Error(`body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, verdict?: LimitVerdict): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(verdict && RateLimiter.headers(verdict)),
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

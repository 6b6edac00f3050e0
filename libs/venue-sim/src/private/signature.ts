import { createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { TRANSPORT_RET, TransportRetCode } from './ret-codes';

export const DEFAULT_RECV_WINDOW_MS = 5000;
/** Bybit accepts a timestamp up to 1 s ahead of its clock (research §1.1). */
export const MAX_CLOCK_AHEAD_MS = 1000;

export type AuthOutcome =
  | { readonly ok: true; readonly key: string }
  | { readonly ok: false; readonly retCode: TransportRetCode; readonly retMsg: string };

/** hex(HMAC_SHA256(secret, timestamp + key + recvWindow + payload)), as Bybit v5 signs REST calls. */
export function signRest(
  secret: string,
  timestamp: string,
  key: string,
  recvWindow: string,
  payload: string,
): string {
  return createHmac('sha256', secret)
    .update(timestamp + key + recvWindow + payload)
    .digest('hex');
}

/**
 * Checks a private REST call's X-BAPI-* headers against the payload exactly as received: the raw
 * query string (everything after `?`, undecoded) for GET, the raw body bytes for POST. The JSON is
 * never re-serialised: ccxt and bybit-api order keys differently.
 */
export function verifyRest(
  headers: IncomingHttpHeaders,
  payload: string,
  nowMs: number,
  secretOf: (key: string) => string | undefined,
): AuthOutcome {
  const key = header(headers, 'x-bapi-api-key');
  const secret = key === undefined ? undefined : secretOf(key);
  if (key === undefined || secret === undefined) {
    return { ok: false, retCode: TRANSPORT_RET.API_KEY_INVALID, retMsg: 'API key is invalid.' };
  }
  const timestamp = header(headers, 'x-bapi-timestamp') ?? '';
  const recvWindow = header(headers, 'x-bapi-recv-window');
  const windowMs = recvWindow === undefined ? DEFAULT_RECV_WINDOW_MS : Number(recvWindow);
  const requestMs = Number(timestamp);
  if (
    !/^\d+$/.test(timestamp) ||
    !(Number.isInteger(windowMs) && windowMs > 0) ||
    requestMs < nowMs - windowMs ||
    requestMs >= nowMs + MAX_CLOCK_AHEAD_MS
  ) {
    return {
      ok: false,
      retCode: TRANSPORT_RET.TIME_WINDOW,
      retMsg:
        'invalid request, please check your server timestamp or recv_window param. ' +
        `req_timestamp[${timestamp}],server_timestamp[${nowMs}],recv_window[${recvWindow ?? DEFAULT_RECV_WINDOW_MS}]`,
    };
  }
  const expected = signRest(secret, timestamp, key, recvWindow ?? '', payload);
  const given = (header(headers, 'x-bapi-sign') ?? '').toLowerCase();
  if (!sameHex(expected, given)) {
    return {
      ok: false,
      retCode: TRANSPORT_RET.SIGN_INVALID,
      retMsg: 'Error sign, please check your signature generation algorithm.',
    };
  }
  return { ok: true, key };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

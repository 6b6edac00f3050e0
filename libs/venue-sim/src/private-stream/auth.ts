import { createHmac, timingSafeEqual } from 'node:crypto';

/** What Bybit's v5 private stream answers to a failed auth, whatever the cause (research §1.2). */
export const AUTH_FAILED_MSG = 'Params Error';

export type WsAuthOutcome =
  | { readonly ok: true; readonly key: string }
  | { readonly ok: false; readonly reason: 'malformed' | 'expired' | 'unknown-key' | 'bad-sign' };

/** hex(HMAC_SHA256(secret, "GET/realtime" + expires)): Bybit's WebSocket auth signature. */
export function signRealtime(secret: string, expires: string): string {
  return createHmac('sha256', secret).update(`GET/realtime${expires}`).digest('hex');
}

/**
 * Checks `{"op":"auth","args":[apiKey, expires, signature]}`: `expires` (ms, a number or a string
 * of digits, as ccxt sends it) must lie in the future, and the signature must be the key's.
 */
export function verifyRealtimeAuth(
  args: unknown,
  nowMs: number,
  secretOf: (key: string) => string | undefined,
): WsAuthOutcome {
  if (!Array.isArray(args) || args.length !== 3) return { ok: false, reason: 'malformed' };
  const [key, rawExpires, signature] = args as unknown[];
  const expires = typeof rawExpires === 'number' ? String(rawExpires) : rawExpires;
  if (
    typeof key !== 'string' ||
    typeof signature !== 'string' ||
    typeof expires !== 'string' ||
    !/^\d{1,16}$/.test(expires)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (Number(expires) <= nowMs) return { ok: false, reason: 'expired' };
  const secret = secretOf(key);
  if (secret === undefined) return { ok: false, reason: 'unknown-key' };
  if (!sameText(signRealtime(secret, expires), signature.toLowerCase())) {
    return { ok: false, reason: 'bad-sign' };
  }
  return { ok: true, key };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

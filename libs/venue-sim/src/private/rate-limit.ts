/**
 * Bybit v5's per-UID, per-endpoint, per-second limits for linear (research §2). Each path is its own
 * group; the batch routes draw on their single-order route, one unit per order in the batch.
 */
export const RATE_LIMITS_PER_S: Readonly<Record<string, number>> = {
  '/v5/order/create': 10,
  '/v5/order/amend': 10,
  '/v5/order/cancel': 10,
  '/v5/order/cancel-all': 10,
  '/v5/order/realtime': 50,
  '/v5/order/history': 50,
  '/v5/execution/list': 50,
  '/v5/position/list': 50,
  '/v5/position/trading-stop': 10,
  '/v5/position/set-leverage': 10,
  '/v5/position/switch-mode': 10,
  '/v5/account/wallet-balance': 50,
  '/v5/account/info': 50,
  '/v5/account/fee-rate': 5,
  '/v5/user/query-api': 10,
  '/v5/asset/coin/query-info': 5,
};

const BATCH_GROUP: Readonly<Record<string, string>> = {
  '/v5/order/create-batch': '/v5/order/create',
  '/v5/order/amend-batch': '/v5/order/amend',
  '/v5/order/cancel-batch': '/v5/order/cancel',
};

const WINDOW_MS = 1000;

/** What X-Bapi-Limit, X-Bapi-Limit-Status and X-Bapi-Limit-Reset-Timestamp report. */
export interface LimitVerdict {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** The window's end when exceeded, otherwise now (as Bybit documents). */
  readonly resetAtMs: number;
}

interface Window {
  startMs: number;
  used: number;
}

/** Fixed one-second windows per (key, group), on the caller's clock. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** scale multiplies every limit (1 = Bybit's figures); a test or bench may raise it. */
  constructor(private readonly scale = 1) {
    if (!(scale > 0)) throw new RangeError(`rate limit scale must be > 0, got ${scale}`);
  }

  static groupOf(path: string): string {
    return BATCH_GROUP[path] ?? path;
  }

  limitOf(path: string): number {
    const base = RATE_LIMITS_PER_S[RateLimiter.groupOf(path)] ?? 10;
    return Math.max(1, Math.floor(base * this.scale));
  }

  /** Takes `units` from the (key, path) budget if they fit; never takes part of them. */
  take(key: string, path: string, nowMs: number, units = 1): LimitVerdict {
    const limit = this.limitOf(path);
    const id = `${key}\u0000${RateLimiter.groupOf(path)}`;
    let window = this.windows.get(id);
    if (!window || nowMs >= window.startMs + WINDOW_MS) {
      window = { startMs: nowMs, used: 0 };
      this.windows.set(id, window);
    }
    const allowed = window.used + units <= limit;
    if (allowed) window.used += units;
    const remaining = Math.max(0, limit - window.used);
    const resetAtMs = allowed ? nowMs : window.startMs + WINDOW_MS;
    return { allowed, limit, remaining, resetAtMs };
  }

  /** The headers for a verdict (also sent with a fault-forced 10006). */
  static headers(v: LimitVerdict): Record<string, string> {
    return {
      'X-Bapi-Limit': String(v.limit),
      'X-Bapi-Limit-Status': String(v.remaining),
      'X-Bapi-Limit-Reset-Timestamp': String(v.resetAtMs),
    };
  }
}

import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows 10 creates per key per second, then refuses until the window resets', () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) {
      expect(limiter.take('k', '/v5/order/create', t0 + i).allowed).toBe(true);
    }
    const refused = limiter.take('k', '/v5/order/create', t0 + 500);
    expect(refused).toEqual({ allowed: false, limit: 10, remaining: 0, resetAtMs: t0 + 1000 });
    expect(limiter.take('k', '/v5/order/create', t0 + 1000)).toMatchObject({
      allowed: true,
      remaining: 9,
      resetAtMs: t0 + 1000,
    });
  });

  it('keeps keys and endpoint groups apart', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 10; i++) limiter.take('a', '/v5/order/create', 0);
    expect(limiter.take('a', '/v5/order/create', 0).allowed).toBe(false);
    expect(limiter.take('b', '/v5/order/create', 0).allowed).toBe(true);
    expect(limiter.take('a', '/v5/order/cancel', 0).allowed).toBe(true);
    expect(limiter.take('a', '/v5/order/realtime', 0)).toMatchObject({ limit: 50, remaining: 49 });
  });

  it('charges a batch one unit per order against its single-order route, all or nothing', () => {
    const limiter = new RateLimiter();
    expect(limiter.take('k', '/v5/order/create-batch', 0, 8)).toMatchObject({ remaining: 2 });
    expect(limiter.take('k', '/v5/order/create-batch', 0, 3).allowed).toBe(false);
    expect(limiter.take('k', '/v5/order/create', 0)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('scales every limit, and headers carry limit, remaining and reset', () => {
    const limiter = new RateLimiter(100);
    const verdict = limiter.take('k', '/v5/account/fee-rate', 5);
    expect(RateLimiter.headers(verdict)).toEqual({
      'X-Bapi-Limit': '500',
      'X-Bapi-Limit-Status': '499',
      'X-Bapi-Limit-Reset-Timestamp': '5',
    });
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});

import { ManualClock } from '@flotilla/core';
import { AuthFailureLimiter } from './auth-failure-limiter';

describe('AuthFailureLimiter', () => {
  it('blocks a client at the limit until its oldest failure is a minute old', () => {
    const clock = new ManualClock();
    const limiter = new AuthFailureLimiter(2, clock);
    limiter.recordFailure('a');
    clock.advance(10_000);
    expect(limiter.retryAfterMs('a')).toBe(0);
    limiter.recordFailure('a');
    expect(limiter.retryAfterMs('a')).toBe(50_000);
    expect(limiter.retryAfterMs('b')).toBe(0);
    clock.advance(50_000);
    expect(limiter.retryAfterMs('a')).toBe(0);
  });

  it('is off at 0 and forgets the least recently failing client beyond its capacity', () => {
    const clock = new ManualClock();
    const off = new AuthFailureLimiter(0, clock);
    for (let i = 0; i < 100; i++) off.recordFailure('a');
    expect(off.retryAfterMs('a')).toBe(0);
    const small = new AuthFailureLimiter(1, clock, 2);
    small.recordFailure('a');
    small.recordFailure('b');
    small.recordFailure('c');
    expect(small.retryAfterMs('a')).toBe(0);
    expect(small.retryAfterMs('b')).toBeGreaterThan(0);
    expect(small.retryAfterMs('c')).toBeGreaterThan(0);
  });
});

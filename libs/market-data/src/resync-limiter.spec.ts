import { ManualClock } from '@flotilla/core';
import { ResyncLimiter } from './resync-limiter';

function setup() {
  const clock = new ManualClock();
  const limiter = new ResyncLimiter(clock, { random: () => 0 });
  const sentAt: number[] = [];
  const send = (): void => {
    sentAt.push(clock.monotonicMs());
  };
  return { clock, limiter, sentAt, send, t0: clock.monotonicMs() };
}

describe('ResyncLimiter', () => {
  it('sends the first resync at once and defers the next until the spacing has passed', () => {
    const { clock, limiter, sentAt, send, t0 } = setup();
    expect(limiter.request(send)).toBe('sent');
    expect(limiter.request(send)).toBe('deferred');
    expect(limiter.waitMs()).toBe(500);
    clock.advance(499);
    expect(sentAt).toEqual([t0]);
    clock.advance(1);
    expect(sentAt).toEqual([t0, t0 + 500]);
    expect(limiter).toMatchObject({ sent: 2, deferred: 1, pending: false });
  });

  it('joins requests made while one waits into that one', () => {
    const { clock, limiter, sentAt, send } = setup();
    limiter.request(send);
    expect(limiter.request(send)).toBe('deferred');
    expect(limiter.request(send)).toBe('pending');
    expect(limiter.request(send)).toBe('pending');
    clock.advance(10_000);
    expect(sentAt).toHaveLength(2);
    expect(limiter.deferred).toBe(1);
  });

  it('doubles the spacing while the book keeps going bad, up to the cap', () => {
    const { clock, limiter, sentAt, send } = setup();
    limiter.request(send);
    for (let i = 0; i < 7; i++) {
      expect(limiter.request(send)).toBe('deferred');
      clock.advance(limiter.waitMs());
    }
    const spacing = sentAt.slice(1).map((t, i) => t - sentAt[i]);
    expect(spacing).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
  });

  it('starts from the shortest spacing again once the book stayed synced for a minute', () => {
    const { clock, limiter, send } = setup();
    limiter.request(send);
    clock.advance(500);
    limiter.request(send);
    clock.advance(1000);
    limiter.request(send);
    expect(limiter.waitMs()).toBe(2000);
    limiter.markSynced(clock.monotonicMs());
    clock.advance(59_999);
    limiter.request(send);
    expect(limiter.waitMs()).toBe(4000);
    limiter.markSynced(clock.monotonicMs());
    clock.advance(60_000);
    expect(limiter.request(send)).toBe('sent');
    expect(limiter.waitMs()).toBe(500);
  });

  it('cancel() drops a waiting resync', () => {
    const { clock, limiter, sentAt, send } = setup();
    limiter.request(send);
    limiter.request(send);
    limiter.cancel();
    clock.advance(60_000);
    expect(sentAt).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });
});

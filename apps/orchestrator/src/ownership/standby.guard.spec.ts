import type { ExecutionContext } from '@nestjs/common';
import { DomainError, ManualClock } from '@flotilla/core';
import { LeaseKeeper, LocalLease } from '@flotilla/registry';
import { InMemoryLeaseStore } from '@flotilla/registry/testing';
import { StandbyGuard } from './standby.guard';

function httpContext(method: string): ExecutionContext {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ method }) }),
  } as unknown as ExecutionContext;
}

describe('StandbyGuard', () => {
  it('lets everything through on the owner', () => {
    const guard = new StandbyGuard(new LocalLease('fleet', 'me'));
    expect(guard.canActivate(httpContext('POST'))).toBe(true);
  });

  it('on a standby lets reads through and refuses mutations naming the holder', async () => {
    const clock = new ManualClock();
    const store = new InMemoryLeaseStore(clock);
    await store.tryAcquire('fleet', 'host-a:41:abc', 15_000);
    const lease = new LeaseKeeper({
      name: 'fleet',
      store,
      ttlMs: 15_000,
      renewMs: 5_000,
      retryMs: 1_000,
      clock,
      self: 'host-b:42:def',
    });
    await lease.start();
    const guard = new StandbyGuard(lease);

    expect(guard.canActivate(httpContext('GET'))).toBe(true);
    let refused: unknown;
    try {
      guard.canActivate(httpContext('POST'));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'NOT_OWNER' });
    expect((refused as Error).message).toBe(
      'this replica is a standby; the fleet is owned by host-a:41:abc (lease epoch 1)',
    );
    await lease.release();
  });
});

import { ManualClock } from '@flotilla/core';
import { InMemoryLeaseStore } from '../testing/in-memory-lease-store';
import { LeaseKeeper } from './lease-keeper';
import type { FenceToken, LeaseStore } from './ownership-lease';

/** One process's view of the shared store; `cut` makes its calls fail as if its network died. */
function reach(store: InMemoryLeaseStore) {
  const view = { cut: false };
  const guard = () => {
    if (view.cut) throw new Error('unreachable');
  };
  const api: LeaseStore = {
    tryAcquire: async (n, h, t) => (guard(), store.tryAcquire(n, h, t)),
    renew: async (tok: FenceToken, t) => (guard(), store.renew(tok, t)),
    release: async (tok: FenceToken) => (guard(), store.release(tok)),
  };
  return { view, api };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('LeaseKeeper', () => {
  const ttlMs = 3_000;
  let clock: ManualClock;
  let store: InMemoryLeaseStore;

  const keeper = (self: string, api: LeaseStore) =>
    new LeaseKeeper({
      name: 'fleet',
      store: api,
      ttlMs,
      renewMs: 1_000,
      retryMs: 500,
      clock,
      self,
    });

  async function advance(ms: number, stepMs = 100): Promise<void> {
    for (let t = 0; t < ms; t += stepMs) {
      clock.advance(stepMs);
      await settle();
    }
  }

  beforeEach(() => {
    clock = new ManualClock();
    store = new InMemoryLeaseStore(clock);
  });

  it('one owner, one standby that names the holder and epoch', async () => {
    const a = keeper('a', reach(store).api);
    const b = keeper('b', reach(store).api);
    void a.start();
    await settle();
    void b.start();
    await advance(5_000);
    expect(a.status()).toMatchObject({ state: 'owner', epoch: 1, holder: 'a' });
    expect(a.fence()).toEqual({ name: 'fleet', holder: 'a', epoch: 1 });
    expect(b.status()).toMatchObject({ state: 'standby', epoch: 1, holder: 'a' });
    expect(b.fence()).toBeNull();
  });

  it('the standby takes over within ttl + retry after the holder dies, with a new epoch', async () => {
    const ra = reach(store);
    const a = keeper('a', ra.api);
    const b = keeper('b', reach(store).api);
    void a.start();
    await settle();
    void b.start();
    await advance(2_000);
    ra.view.cut = true;
    const owned = b.whenOwner();
    let takenAfterMs = -1;
    void owned.then(() => (takenAfterMs = elapsed));
    let elapsed = 0;
    while (takenAfterMs < 0 && elapsed < 10_000) {
      await advance(100);
      elapsed += 100;
    }
    expect(takenAfterMs).toBeGreaterThan(0);
    expect(takenAfterMs).toBeLessThanOrEqual(ttlMs + 500 + 100);
    expect(await owned).toEqual({ name: 'fleet', holder: 'b', epoch: 2 });
    // The cut-off holder stepped down by itself no later than its lease could be taken.
    expect(a.status().state).toBe('lost');
    expect(a.fence()).toBeNull();
  });

  it('steps down at once when the store says the lease is someone else’s', async () => {
    const a = keeper('a', reach(store).api);
    void a.start();
    await advance(200);
    store.rows.set('fleet', { holder: 'x', epoch: 7, expiresAtMs: clock.now() + 60_000 });
    await advance(1_000);
    expect(a.status()).toMatchObject({ state: 'lost' });
  });

  it('keeps the lease through a renewal failure shorter than the ttl', async () => {
    const ra = reach(store);
    const a = keeper('a', ra.api);
    void a.start();
    await advance(200);
    ra.view.cut = true;
    await advance(1_500);
    ra.view.cut = false;
    await advance(5_000);
    expect(a.status()).toMatchObject({ state: 'owner', epoch: 1 });
  });

  it('release lets the standby take over on its next try', async () => {
    const a = keeper('a', reach(store).api);
    const b = keeper('b', reach(store).api);
    void a.start();
    await settle();
    void b.start();
    await advance(1_000);
    await a.release();
    await advance(600);
    expect(a.status().state).toBe('released');
    expect(b.status()).toMatchObject({ state: 'owner', epoch: 2 });
  });
});

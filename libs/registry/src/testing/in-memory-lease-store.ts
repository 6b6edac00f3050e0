import type { Clock } from '@flotilla/core';
import type { FenceToken, LeaseRow, LeaseStore } from '../ownership/ownership-lease';

/** A LeaseStore in memory on an injected clock, for unit specs; `failing` makes every call throw. */
export class InMemoryLeaseStore implements LeaseStore {
  failing = false;
  readonly rows = new Map<string, LeaseRow & { expiresAtMs: number }>();

  constructor(private readonly clock: Clock) {}

  tryAcquire(name: string, holder: string, ttlMs: number) {
    this.check();
    const now = this.clock.now();
    const row = this.rows.get(name);
    if (row && row.holder !== null && row.expiresAtMs > now) {
      return Promise.resolve({ holder: row.holder, epoch: row.epoch, acquired: false });
    }
    const next = { holder, epoch: (row?.epoch ?? 0) + 1, expiresAtMs: now + ttlMs };
    this.rows.set(name, next);
    return Promise.resolve({ holder, epoch: next.epoch, acquired: true });
  }

  renew(token: FenceToken, ttlMs: number): Promise<boolean> {
    this.check();
    const row = this.rows.get(token.name);
    const now = this.clock.now();
    if (
      !row ||
      row.holder !== token.holder ||
      row.epoch !== token.epoch ||
      row.expiresAtMs <= now
    ) {
      return Promise.resolve(false);
    }
    row.expiresAtMs = now + ttlMs;
    return Promise.resolve(true);
  }

  release(token: FenceToken): Promise<void> {
    this.check();
    const row = this.rows.get(token.name);
    if (row && row.holder === token.holder && row.epoch === token.epoch) row.expiresAtMs = 0;
    return Promise.resolve();
  }

  private check(): void {
    if (this.failing) throw new Error('lease store unreachable');
  }
}

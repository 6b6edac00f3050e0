import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  SystemClock,
  errorMessage,
  silentLogger,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';
import type {
  FenceToken,
  LeaseListener,
  LeaseState,
  LeaseStatus,
  LeaseStore,
  OwnershipLease,
} from './ownership-lease';

export interface LeaseKeeperOptions {
  name: string;
  store: LeaseStore;
  /** The lease lapses this long after its last renewal. */
  ttlMs: number;
  /** The holder renews this often (at most ttlMs / 2). */
  renewMs: number;
  /** A standby tries to take the lease this often. */
  retryMs: number;
  clock?: Clock;
  logger?: StructuredLogger;
  /** Holder id; default host:pid:random, unique per process. */
  self?: string;
}

export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * Drives a LeaseStore: a standby tries every retryMs; the owner renews every renewMs. The owner
 * counts its lease from the moment it *sent* the last successful renewal, and declares it lost
 * when ttlMs passes without one (the store may already have let another take it), or at once
 * when the store says it is no longer ours. Lost is final: the process steps down.
 */
export class LeaseKeeper implements OwnershipLease {
  private readonly clock: Clock;
  private readonly logger: StructuredLogger;
  private readonly self: string;
  private state: LeaseState = 'standby';
  private epoch: number | null = null;
  private holder: string | null = null;
  private timer: TimerHandle | null = null;
  private expiry: TimerHandle | null = null;
  private busy = false;
  private started = false;
  private readonly listeners = new Set<LeaseListener>();
  private readonly owners: ((token: FenceToken) => void)[] = [];

  constructor(private readonly options: LeaseKeeperOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? silentLogger;
    this.self = options.self ?? newHolderId();
  }

  status(): LeaseStatus {
    const { name } = this.options;
    return { name, self: this.self, state: this.state, epoch: this.epoch, holder: this.holder };
  }

  fence(): FenceToken | null {
    if (this.state !== 'owner' || this.epoch === null) return null;
    return { name: this.options.name, holder: this.self, epoch: this.epoch };
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.tick();
  }

  whenOwner(): Promise<FenceToken> {
    const token = this.fence();
    if (token) return Promise.resolve(token);
    return new Promise((resolve) => this.owners.push(resolve));
  }

  onChange(listener: LeaseListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async release(): Promise<void> {
    const token = this.fence();
    this.stopTimers();
    if (this.state === 'released') return;
    this.set('released', this.epoch, token ? null : this.holder);
    if (!token) return;
    try {
      await this.options.store.release(token);
      this.logger.info('ownership lease released', { lease: token.name, epoch: token.epoch });
    } catch (err) {
      this.logger.warn('ownership lease release failed; it lapses by itself', {
        lease: token.name,
        error: errorMessage(err),
      });
    }
  }

  private schedule(delayMs: number): void {
    this.timer?.cancel();
    this.timer = this.clock.setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.state === 'lost' || this.state === 'released') return;
    this.busy = true;
    try {
      if (this.state === 'standby') await this.tryAcquire();
      else await this.renew();
    } finally {
      this.busy = false;
    }
    if (this.state === 'standby') this.schedule(this.options.retryMs);
    else if (this.state === 'owner') this.schedule(this.options.renewMs);
  }

  private async tryAcquire(): Promise<void> {
    const { name, store, ttlMs } = this.options;
    const sentAt = this.clock.monotonicMs();
    try {
      const row = await store.tryAcquire(name, this.self, ttlMs);
      if (this.state !== 'standby') return;
      if (!row.acquired) {
        if (row.holder !== this.holder || row.epoch !== this.epoch) {
          this.logger.info('standby: ownership lease held by another process', {
            lease: name,
            holder: row.holder,
            epoch: row.epoch,
          });
          this.set('standby', row.epoch, row.holder);
        }
        return;
      }
      this.armExpiry(sentAt);
      this.set('owner', row.epoch, this.self);
      this.logger.info('ownership lease acquired', { lease: name, epoch: row.epoch });
      const token = this.fence() as FenceToken;
      for (const resolve of this.owners.splice(0)) resolve(token);
    } catch (err) {
      this.logger.warn('ownership lease: acquire failed', {
        lease: name,
        error: errorMessage(err),
      });
    }
  }

  private async renew(): Promise<void> {
    const token = this.fence();
    if (!token) return;
    const sentAt = this.clock.monotonicMs();
    try {
      const ok = await this.options.store.renew(token, this.options.ttlMs);
      if (this.state !== 'owner') return;
      if (ok) this.armExpiry(sentAt);
      else this.lose('the store says another process holds it now');
    } catch (err) {
      this.logger.warn('ownership lease: renewal failed; retrying until it lapses', {
        lease: token.name,
        epoch: token.epoch,
        error: errorMessage(err),
      });
    }
  }

  /** Lost once ttlMs has passed since the last renewal that succeeded was sent. */
  private armExpiry(sentAt: number): void {
    this.expiry?.cancel();
    const left = sentAt + this.options.ttlMs - this.clock.monotonicMs();
    this.expiry = this.clock.setTimeout(
      () => this.lose(`not renewed within ${this.options.ttlMs} ms`),
      Math.max(0, left),
    );
  }

  private lose(reason: string): void {
    if (this.state !== 'owner') return;
    this.stopTimers();
    this.logger.error('ownership lease lost; stepping down', {
      lease: this.options.name,
      epoch: this.epoch,
      reason,
    });
    this.set('lost', this.epoch, null);
  }

  private stopTimers(): void {
    this.timer?.cancel();
    this.expiry?.cancel();
    this.timer = null;
    this.expiry = null;
  }

  private set(state: LeaseState, epoch: number | null, holder: string | null): void {
    this.state = state;
    this.epoch = epoch;
    this.holder = holder;
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}

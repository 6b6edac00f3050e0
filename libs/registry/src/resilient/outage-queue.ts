import {
  Backoff,
  DomainError,
  errorMessage,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';
import type { EngineRecord, EngineRegistryPort } from '@flotilla/engine';
import { isoAt } from '../record';
import type { OutageSpool } from './outage-spool';
import { PendingWrites, type PendingWrite } from './pending-writes';
import type { RegistryHealthState } from './registry-health';

export interface OutageQueueDeps {
  inner: EngineRegistryPort;
  state: RegistryHealthState;
  spool: OutageSpool | null;
  clock: Clock;
  logger: StructuredLogger;
  storeName: string;
  /** The retry schedule: doubling from initialMs to maxMs, no jitter (one store, one writer). */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Runs op after every earlier operation on the symbol: the registry's per-symbol order. */
  serial: <T>(symbol: string, op: () => Promise<T>) => Promise<T>;
  /** What the store now holds for a symbol after a queued write landed or was refused. */
  settle: (symbol: string, record: EngineRecord | undefined) => void;
}

export function isStoreOutage(err: unknown): boolean {
  return err instanceof DomainError && err.code === 'REGISTRY_UNAVAILABLE';
}

/**
 * The writes a store owes while it is down (one merged write per symbol), kept in the spool when
 * there is one, and retried with exponential backoff up to maxBackoffMs until they land.
 */
export class OutageQueue {
  readonly pending = new PendingWrites();
  private readonly backoff: Backoff;
  private retryTimer: TimerHandle | null = null;
  private draining: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: OutageQueueDeps) {
    this.backoff = new Backoff({
      initialMs: Math.max(1, deps.initialBackoffMs),
      maxMs: Math.max(deps.initialBackoffMs, deps.maxBackoffMs),
      jitter: 'none',
    });
  }

  /** Queues a write and makes it durable; undoes it and throws when it cannot be made durable. */
  async enqueue(symbol: string, write: PendingWrite): Promise<void> {
    const owedBefore = this.pending.get(symbol);
    this.pending.add(symbol, write);
    try {
      await this.deps.spool?.persist();
    } catch (err) {
      this.pending.replace(symbol, owedBefore);
      this.deps.logger.error('engine registry could not spool a write during an outage', {
        store: this.deps.storeName,
        symbol,
        error: errorMessage(err),
      });
      this.scheduleRetry();
      throw new DomainError(
        'REGISTRY_UNAVAILABLE',
        `${this.deps.storeName} is unavailable and the change to ${symbol} could not be kept ` +
          `until it is back (${errorMessage(err)}); it was not applied`,
      );
    }
    this.scheduleRetry();
  }

  /** Pings the store later (with backoff) and marks it up once it answers; nothing needs to be queued. */
  probeLater(): void {
    this.scheduleRetry();
  }

  /** Lets retries be scheduled again (open after close). */
  start(): void {
    this.stopped = false;
  }

  /** Stops retrying (close, or a failed open); a running pass finishes. */
  stop(): void {
    this.stopped = true;
    this.retryTimer?.cancel();
    this.retryTimer = null;
  }

  async whenIdle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** One retry pass now (or the one already running). */
  drainNow(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drain().finally(() => {
        this.draining = null;
        if (!this.deps.state.ok) this.scheduleRetry();
      });
    }
    return this.draining;
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer || this.draining) return;
    const delayMs = this.backoff.nextDelayMs();
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null;
      void this.drainNow();
    }, delayMs);
  }

  /**
   * Lands every queued write in its symbol's order; stops at the first outage and leaves the rest
   * queued. The store is called up only once nothing is owed and the spool is gone from disk, so
   * a spool left by a crash never holds writes older than what the store has.
   */
  private async drain(): Promise<void> {
    if (this.pending.size === 0 && !(await this.storeAnswers())) return;
    for (;;) {
      for (const symbol of this.pending.symbols()) {
        if (!(await this.deps.serial(symbol, () => this.flushOne(symbol)))) {
          await this.saveSpool();
          return;
        }
      }
      if (this.pending.size > 0) continue;
      if (!(await this.saveSpool())) return;
      if (this.pending.size === 0) break;
    }
    this.backoff.reset();
    this.deps.state.markUp();
  }

  /** False when the store is still down; the write is queued again. */
  private async flushOne(symbol: string): Promise<boolean> {
    const write = this.pending.take(symbol);
    if (!write) return true;
    const { inner, state } = this.deps;
    try {
      if (write.remove) await inner.remove(symbol);
      const stored = write.patch ? await inner.upsert(symbol, write.patch) : undefined;
      this.deps.settle(symbol, stored);
      state.acceptWrite(symbol);
      return true;
    } catch (err) {
      if (isStoreOutage(err)) {
        this.pending.restore(symbol, write);
        state.markDown(err);
        return false;
      }
      await this.refuse(symbol, err);
      return true;
    }
  }

  /** Retrying a write the store refuses would block the queue for good: record it, re-read the truth. */
  private async refuse(symbol: string, err: unknown): Promise<void> {
    const { logger, storeName } = this.deps;
    const error = errorMessage(err);
    logger.error('engine registry store refused a queued write; it was not applied', {
      store: storeName,
      symbol,
      error,
    });
    this.deps.state.rejectWrite(symbol, error, isoAt(this.deps.clock.now()));
    try {
      this.deps.settle(symbol, await this.deps.inner.get(symbol));
    } catch (readErr) {
      logger.error('engine registry could not re-read a record after a refused write', {
        store: storeName,
        symbol,
        error: errorMessage(readErr),
      });
    }
  }

  private async storeAnswers(): Promise<boolean> {
    try {
      await this.deps.inner.ping();
      return true;
    } catch (err) {
      this.deps.state.markDown(err);
      return false;
    }
  }

  private async saveSpool(): Promise<boolean> {
    try {
      await this.deps.spool?.persist();
      return true;
    } catch (err) {
      this.deps.state.markDown(err);
      return false;
    }
  }
}

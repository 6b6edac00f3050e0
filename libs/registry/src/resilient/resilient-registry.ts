import {
  DomainError,
  SystemClock,
  silentLogger,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';
import type { EngineRecord, EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';
import { applyPatch, cloneRecord, isoAt, newRecord } from '../record';
import { PendingWrites, type PendingWrite } from './pending-writes';

export interface RegistryHealth {
  ok: boolean;
  pendingWrites: number;
  lastError?: string;
}

export type RegistryHealthListener = (health: RegistryHealth) => void;

export interface ResilientRegistryOptions {
  clock?: Clock;
  logger?: StructuredLogger;
  /** Names the store in health output, e.g. "postgres 127.0.0.1:5432/flotilla". */
  storeName?: string;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  onHealthChange?: RegistryHealthListener;
}

function isStoreOutage(err: unknown): boolean {
  return err instanceof DomainError && err.code === 'REGISTRY_UNAVAILABLE';
}

/**
 * Keeps the fleet running through a store outage: reads come from a write-through cache of the
 * last known records; a write the store refuses is queued (one merged write per symbol) and
 * retried with exponential backoff until it lands. Writes of one symbol are applied in order.
 */
export class ResilientRegistry implements EngineRegistryPort {
  private readonly clock: Clock;
  private readonly logger: StructuredLogger;
  private readonly storeName: string;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly cache = new Map<string, EngineRecord>();
  private readonly pending = new PendingWrites();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<RegistryHealthListener>();
  private ok = true;
  private lastError: string | undefined;
  private backoffMs: number;
  private retryTimer: TimerHandle | null = null;
  private draining: Promise<void> | null = null;

  constructor(
    private readonly inner: EngineRegistryPort,
    options: ResilientRegistryOptions = {},
  ) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? silentLogger;
    this.storeName = options.storeName ?? 'engine registry';
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.backoffMs = this.initialBackoffMs;
    if (options.onHealthChange) this.listeners.add(options.onHealthChange);
  }

  health(): RegistryHealth {
    const health: RegistryHealth = { ok: this.ok, pendingWrites: this.pending.size };
    if (this.lastError !== undefined) health.lastError = this.lastError;
    return health;
  }

  /** Called on every change between ok and not ok; returns an unsubscribe function. */
  onHealthChange(listener: RegistryHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async open(): Promise<void> {
    await this.inner.open();
    this.cache.clear();
    for (const record of await this.inner.list()) this.cache.set(record.symbol, record);
  }

  async list(): Promise<EngineRecord[]> {
    return [...this.cache.values()]
      .sort((a, b) => a.symbol.localeCompare(b.symbol))
      .map(cloneRecord);
  }

  async get(symbol: string): Promise<EngineRecord | undefined> {
    const record = this.cache.get(symbol);
    return record ? cloneRecord(record) : undefined;
  }

  upsert(symbol: string, patch: EngineRecordPatch): Promise<EngineRecord> {
    return this.serial(symbol, async () => {
      if (this.ok && !this.pending.has(symbol)) {
        try {
          const stored = await this.inner.upsert(symbol, patch);
          this.cache.set(symbol, stored);
          return cloneRecord(stored);
        } catch (err) {
          if (!isStoreOutage(err)) throw err;
          this.markDown(err);
        }
      }
      this.queue(symbol, { remove: false, patch });
      const now = isoAt(this.clock.now());
      const optimistic = applyPatch(this.cache.get(symbol) ?? newRecord(symbol, now), patch, now);
      this.cache.set(symbol, optimistic);
      return cloneRecord(optimistic);
    });
  }

  remove(symbol: string): Promise<void> {
    return this.serial(symbol, async () => {
      if (this.ok && !this.pending.has(symbol)) {
        try {
          await this.inner.remove(symbol);
          this.cache.delete(symbol);
          return;
        } catch (err) {
          if (!isStoreOutage(err)) throw err;
          this.markDown(err);
        }
      }
      this.queue(symbol, { remove: true, patch: null });
      this.cache.delete(symbol);
    });
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  /** Resolves when no retry pass is running (tests drive retries with a ManualClock). */
  async whenIdle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    this.retryTimer?.cancel();
    this.retryTimer = null;
    await this.whenIdle();
    if (this.pending.size > 0) await this.runDrain();
    if (this.pending.size > 0) {
      this.logger.error('engine registry closed with writes the store never took', {
        store: this.storeName,
        symbols: this.pending.symbols(),
        lastError: this.lastError,
      });
    }
    await this.inner.close();
  }

  private serial<T>(symbol: string, op: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(symbol) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(op);
    this.chains.set(symbol, next);
    const cleanup = () => {
      if (this.chains.get(symbol) === next) this.chains.delete(symbol);
    };
    next.then(cleanup, cleanup);
    return next;
  }

  private queue(symbol: string, write: PendingWrite): void {
    this.pending.add(symbol, write);
    this.scheduleRetry();
  }

  private markDown(err: unknown): void {
    this.lastError = `${this.storeName}: ${err instanceof Error ? err.message : String(err)}`;
    if (!this.ok) return;
    this.ok = false;
    this.logger.error('engine registry store unavailable; queueing writes', {
      store: this.storeName,
      error: this.lastError,
    });
    this.emit();
  }

  private markUp(): void {
    this.backoffMs = this.initialBackoffMs;
    if (this.ok) return;
    this.ok = true;
    this.lastError = undefined;
    this.logger.info('engine registry store is back; queued writes landed', {
      store: this.storeName,
    });
    this.emit();
  }

  private emit(): void {
    const health = this.health();
    for (const listener of this.listeners) {
      try {
        listener(health);
      } catch (err) {
        this.logger.error('registry health listener threw', { error: (err as Error).message });
      }
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.draining) return;
    const delayMs = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      void this.runDrain();
    }, delayMs);
  }

  private runDrain(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drain().finally(() => {
        this.draining = null;
        if (this.pending.size > 0) this.scheduleRetry();
      });
    }
    return this.draining;
  }

  /** Sends every queued write; stops at the first outage and leaves the rest queued. */
  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      for (const symbol of this.pending.symbols()) {
        const write = this.pending.take(symbol);
        if (!write) continue;
        try {
          if (write.remove) await this.inner.remove(symbol);
          if (write.patch) {
            const stored = await this.inner.upsert(symbol, write.patch);
            if (!this.pending.has(symbol)) this.cache.set(symbol, stored);
          }
        } catch (err) {
          if (isStoreOutage(err)) {
            this.pending.restore(symbol, write);
            this.markDown(err);
            return;
          }
          this.logger.error('engine registry dropped a queued write the store rejected', {
            store: this.storeName,
            symbol,
            error: (err as Error).message,
          });
        }
      }
    }
    this.markUp();
  }
}

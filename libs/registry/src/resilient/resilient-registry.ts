import {
  DomainError,
  SystemClock,
  errorMessage,
  silentLogger,
  type Clock,
  type StructuredLogger,
} from '@flotilla/core';
import type { EngineRecord, EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';
import { applyPatch, assertValidPatch, cloneRecord, isoAt, newRecord } from '../record';
import { OutageQueue, isStoreOutage } from './outage-queue';
import { OutageSpool, type SpoolContents } from './outage-spool';
import type { PendingWrite } from './pending-writes';
import {
  RegistryHealthState,
  type RegistryHealth,
  type RegistryHealthListener,
} from './registry-health';

export interface ResilientRegistryOptions {
  clock?: Clock;
  logger?: StructuredLogger;
  /** Names the store in health output, e.g. "postgres 127.0.0.1:5432/flotilla" (default: inner.describeStore()). */
  storeName?: string;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  onHealthChange?: RegistryHealthListener;
  /** Write-ahead file for writes queued in an outage (DATA_DIR/registry-spool.json); replayed on open. */
  spoolPath?: string;
  /**
   * Without a spool, queue outage writes in memory (acknowledged, but lost on kill -9; default
   * true) or refuse them with REGISTRY_UNAVAILABLE so the caller can leave things as they were.
   */
  queueWithoutSpool?: boolean;
  /**
   * The ownership lease's epoch while held (null otherwise). With it, open() only loads the spool
   * and replaySpool() lands it once the lease is held, refusing a spool from a stale epoch.
   */
  leaseEpoch?: () => number | null;
}

function describeInner(inner: EngineRegistryPort): string | undefined {
  const describe = (inner as { describeStore?: () => string }).describeStore;
  return typeof describe === 'function' ? describe.call(inner) : undefined;
}

/**
 * Keeps the fleet running through a store outage: reads come from a write-through cache of the
 * last known records; a write the store refuses is queued (one merged write per symbol), made
 * durable in the optional spool before the caller hears it was accepted, and retried with
 * exponential backoff until it lands. All writes of one symbol, retries included, run in order.
 */
export class ResilientRegistry implements EngineRegistryPort {
  private readonly clock: Clock;
  private readonly logger: StructuredLogger;
  private readonly storeName: string;
  private readonly cache = new Map<string, EngineRecord>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly state: RegistryHealthState;
  private readonly spool: OutageSpool | null;
  private readonly queue: OutageQueue;
  /** False: every write goes to the store and an outage is the caller's error (nothing durable to queue in). */
  private readonly queuesOutages: boolean;
  private opened = false;
  private deferred: SpoolContents | null = null;

  constructor(
    private readonly inner: EngineRegistryPort,
    private readonly options: ResilientRegistryOptions = {},
  ) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? silentLogger;
    this.storeName = options.storeName ?? describeInner(inner) ?? 'engine registry';
    this.state = new RegistryHealthState(this.storeName, this.logger, () => this.pending.size);
    if (options.onHealthChange) this.state.subscribe(options.onHealthChange);
    this.spool = options.spoolPath
      ? new OutageSpool(
          options.spoolPath,
          this.storeName,
          () => this.pending.entries(),
          options.leaseEpoch,
        )
      : null;
    this.queuesOutages = this.spool !== null || options.queueWithoutSpool !== false;
    this.queue = new OutageQueue({
      inner,
      state: this.state,
      spool: this.spool,
      clock: this.clock,
      logger: this.logger,
      storeName: this.storeName,
      initialBackoffMs: options.initialBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      serial: (symbol, op) => this.serial(symbol, op),
      settle: (symbol, record) => this.cacheAs(symbol, record),
    });
  }

  private get pending() {
    return this.queue.pending;
  }

  /** The store behind this registry without credentials, e.g. "postgres db:5432/flotilla". */
  describeStore(): string {
    return this.storeName;
  }

  health(): RegistryHealth {
    return this.state.snapshot();
  }

  /** Called on every change between ok and not ok; returns an unsubscribe function. */
  onHealthChange(listener: RegistryHealthListener): () => void {
    return this.state.subscribe(listener);
  }

  /** Replays a spool a previous process left (a corrupt one stops here) before anything is read. */
  async open(): Promise<void> {
    const spooled = this.spool ? await this.spool.load() : null;
    await this.inner.open();
    this.queue.start();
    const defer = this.options.leaseEpoch !== undefined;
    try {
      if (spooled && spooled.writes.size > 0) {
        if (defer) this.deferred = spooled;
        else await this.replay(spooled.store, spooled.writes);
      }
      await this.reload();
    } catch (err) {
      this.queue.stop();
      await this.inner.close().catch(() => undefined);
      throw err;
    }
    this.opened = true;
  }

  /**
   * With a lease: lands the spool a previous process left, now that the lease is held, and
   * re-reads the store. A spool is replayed only if its epoch is ours or the one just before
   * (nobody else held the lease in between); an older one is refused and removed.
   */
  async replaySpool(): Promise<void> {
    const spooled = this.deferred;
    this.deferred = null;
    if (spooled) {
      const current = this.options.leaseEpoch?.() ?? null;
      const fresh =
        spooled.leaseEpoch === null ||
        (current !== null && current - spooled.leaseEpoch <= 1 && current >= spooled.leaseEpoch);
      if (fresh) await this.replay(spooled.store, spooled.writes);
      else {
        this.logger.error('outage spool refused: written under a stale lease epoch', {
          spool: this.spool?.filePath,
          spooledEpoch: spooled.leaseEpoch,
          currentEpoch: current,
          symbols: [...spooled.writes.keys()],
        });
        await this.spool?.persist();
      }
    }
    await this.reload();
  }

  private async reload(): Promise<void> {
    const records = await this.inner.list();
    this.cache.clear();
    for (const record of records) this.cache.set(record.symbol, record);
  }

  async list(): Promise<EngineRecord[]> {
    this.assertOpen();
    return [...this.cache.values()]
      .sort((a, b) => a.symbol.localeCompare(b.symbol))
      .map(cloneRecord);
  }

  async get(symbol: string): Promise<EngineRecord | undefined> {
    this.assertOpen();
    const record = this.cache.get(symbol);
    return record ? cloneRecord(record) : undefined;
  }

  upsert(symbol: string, patch: EngineRecordPatch): Promise<EngineRecord> {
    return this.serial(symbol, async () => {
      this.assertOpen();
      assertValidPatch(symbol, patch);
      if (this.writesThrough(symbol)) {
        try {
          const stored = await this.inner.upsert(symbol, patch);
          this.landed(symbol, stored);
          return cloneRecord(stored);
        } catch (err) {
          this.notLanded(symbol, err);
        }
      }
      const now = isoAt(this.clock.now());
      const optimistic = applyPatch(this.cache.get(symbol) ?? newRecord(symbol, now), patch, now);
      await this.queue.enqueue(symbol, { remove: false, patch });
      this.cache.set(symbol, optimistic);
      return cloneRecord(optimistic);
    });
  }

  remove(symbol: string): Promise<void> {
    return this.serial(symbol, async () => {
      this.assertOpen();
      if (this.writesThrough(symbol)) {
        try {
          await this.inner.remove(symbol);
          this.landed(symbol, undefined);
          return;
        } catch (err) {
          this.notLanded(symbol, err);
        }
      }
      await this.queue.enqueue(symbol, { remove: true, patch: null });
      this.cache.delete(symbol);
    });
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  /** Resolves when no retry pass is running (tests drive retries with a ManualClock). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  /** Lets writes in flight finish, tries the queue once more, then closes the store. */
  async close(): Promise<void> {
    this.queue.stop();
    await Promise.allSettled([...this.chains.values()]);
    await this.queue.whenIdle();
    if (this.opened && !this.state.ok) await this.queue.drainNow();
    if (this.pending.size > 0) {
      const kept = this.spool
        ? `kept in ${this.spool.filePath}, replayed on the next start`
        : 'lost';
      this.logger.error(`engine registry closed with writes the store never took (${kept})`, {
        store: this.storeName,
        symbols: this.pending.symbols(),
        lastError: this.health().lastError,
      });
    }
    this.opened = false;
    await this.inner.close();
  }

  private writesThrough(symbol: string): boolean {
    return !this.queuesOutages || (this.state.ok && !this.pending.has(symbol));
  }

  private landed(symbol: string, record: EngineRecord | undefined): void {
    this.cacheAs(symbol, record);
    this.state.acceptWrite(symbol);
    if (!this.queuesOutages) this.state.markUp();
  }

  /** Returns when the write may be queued; throws what the caller must hear otherwise. */
  private notLanded(symbol: string, err: unknown): void {
    if (!isStoreOutage(err)) {
      if (err instanceof DomainError) throw err;
      throw new DomainError(
        'REGISTRY_WRITE_FAILED',
        `${this.storeName} refused the change to ${symbol}: ${errorMessage(err)}`,
      );
    }
    this.state.markDown(err);
    if (this.queuesOutages) return;
    this.queue.probeLater();
    throw new DomainError(
      'REGISTRY_UNAVAILABLE',
      `${errorMessage(err)}; the change to ${symbol} was not saved`,
    );
  }

  private assertOpen(): void {
    if (!this.opened) throw new Error(`engine registry ${this.storeName} is not open`);
  }

  private cacheAs(symbol: string, record: EngineRecord | undefined): void {
    if (record) this.cache.set(symbol, record);
    else this.cache.delete(symbol);
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

  /** Lands what a previous process spooled; boot stops (spool kept) if the store fails meanwhile. */
  private async replay(store: string | null, writes: Map<string, PendingWrite>): Promise<void> {
    const spool = this.spool?.filePath;
    if (store !== null && store !== this.storeName) {
      this.logger.warn('outage spool was written for another store name; replaying it here', {
        spool,
        spooledFor: store,
        store: this.storeName,
      });
    }
    this.logger.warn('replaying registry writes spooled during an outage', {
      spool,
      store: this.storeName,
      symbols: [...writes.keys()],
    });
    for (const [symbol, write] of writes) this.pending.add(symbol, write);
    await this.queue.drainNow();
    if (!this.state.ok) {
      throw new DomainError(
        'REGISTRY_UNAVAILABLE',
        `${this.storeName} failed while the outage spool ${spool} was being replayed ` +
          `(${this.health().lastError}); the spool was kept and is replayed on the next start`,
      );
    }
  }
}

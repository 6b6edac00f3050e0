import { DomainError, ManualClock } from '@flotilla/core';
import type { EngineRecord, EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';
import { applyPatch, newRecord } from '../record';
import { ResilientRegistry, type RegistryHealth } from './resilient-registry';

/** An in-memory store that can be switched off like a database losing its connections. */
class FlakyStore implements EngineRegistryPort {
  readonly records = new Map<string, EngineRecord>();
  down = false;
  failWith: Error | null = null;
  writes = 0;

  private check(): void {
    if (this.failWith) throw this.failWith;
    if (this.down)
      throw new DomainError('REGISTRY_UNAVAILABLE', 'connect ECONNREFUSED 10.0.0.9:5432');
  }

  async open(): Promise<void> {
    this.check();
  }
  async list(): Promise<EngineRecord[]> {
    this.check();
    return [...this.records.values()];
  }
  async get(symbol: string): Promise<EngineRecord | undefined> {
    this.check();
    return this.records.get(symbol);
  }
  async upsert(symbol: string, patch: EngineRecordPatch): Promise<EngineRecord> {
    this.check();
    this.writes++;
    const now = '2026-01-01T00:00:00.000Z';
    const next = applyPatch(this.records.get(symbol) ?? newRecord(symbol, now), patch, now);
    this.records.set(symbol, next);
    return next;
  }
  async remove(symbol: string): Promise<void> {
    this.check();
    this.records.delete(symbol);
  }
  async ping(): Promise<void> {
    this.check();
  }
  async close(): Promise<void> {}
}

describe('ResilientRegistry', () => {
  let clock: ManualClock;
  let store: FlakyStore;
  let registry: ResilientRegistry;
  let changes: RegistryHealth[];

  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await registry.whenIdle();
  }

  beforeEach(async () => {
    clock = new ManualClock();
    store = new FlakyStore();
    changes = [];
    registry = new ResilientRegistry(store, {
      clock,
      storeName: 'postgres db:5432/flotilla',
      initialBackoffMs: 100,
      maxBackoffMs: 400,
      onHealthChange: (h) => changes.push(h),
    });
    await registry.open();
  });

  it('writes through to the store while it is up', async () => {
    const record = await registry.upsert('BTCUSDT', { desiredState: 'running' });
    expect(record.version).toBe(1);
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('running');
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
    expect(changes).toEqual([]);
  });

  it('queues one merged write per symbol during an outage and serves reads from cache', async () => {
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    store.down = true;
    await registry.upsert('BTCUSDT', { observedState: 'running' });
    await registry.upsert('BTCUSDT', {
      observedState: 'crashed',
      restartHistory: ['2026-01-01T00:00:00.000Z'],
    });
    await registry.upsert('ETHUSDT', { desiredState: 'running' });
    expect(registry.health()).toEqual({
      ok: false,
      pendingWrites: 2,
      lastError: 'postgres db:5432/flotilla: connect ECONNREFUSED 10.0.0.9:5432',
    });
    expect(changes).toEqual([expect.objectContaining({ ok: false })]);
    expect(await registry.get('BTCUSDT')).toMatchObject({
      desiredState: 'running',
      observedState: 'crashed',
      restartHistory: ['2026-01-01T00:00:00.000Z'],
    });
    expect((await registry.list()).map((r) => r.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(store.records.get('BTCUSDT')?.observedState).toBe('stopped');
  });

  it('retries with exponential backoff and lands every queued change when the store is back', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.upsert('BTCUSDT', { observedState: 'running' });
    const attempts = () => store.writes;
    await advance(99);
    expect(registry.health().ok).toBe(false);
    await advance(1); // 100 ms: first retry, still down
    await advance(199);
    expect(registry.health().ok).toBe(false);
    store.down = false;
    await advance(1); // 200 ms later: second retry succeeds
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
    expect(attempts()).toBe(1);
    expect(store.records.get('BTCUSDT')).toMatchObject({
      desiredState: 'running',
      observedState: 'running',
    });
    expect(changes.map((c) => c.ok)).toEqual([false, true]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('caps the backoff at maxBackoffMs', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', {});
    for (const delayMs of [100, 200, 400]) await advance(delayMs); // three failed retries
    await advance(399);
    store.down = false;
    expect(registry.health().ok).toBe(false);
    await advance(1);
    expect(registry.health().ok).toBe(true);
  });

  it('keeps writes made while a retry is failing, in order', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await advance(100);
    await registry.upsert('BTCUSDT', { desiredState: 'stopped' });
    await registry.remove('ETHUSDT');
    store.down = false;
    await advance(200);
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('stopped');
    expect(registry.health().pendingWrites).toBe(0);
  });

  it('queues a removal and a re-creation of one symbol as one pending write', async () => {
    await registry.upsert('BTCUSDT', { desiredState: 'running', observedState: 'running' });
    store.down = true;
    await registry.remove('BTCUSDT');
    expect(await registry.get('BTCUSDT')).toBeUndefined();
    await registry.upsert('BTCUSDT', { configOverrides: { fresh: true } });
    expect(registry.health().pendingWrites).toBe(1);
    store.down = false;
    await advance(100);
    expect(store.records.get('BTCUSDT')).toMatchObject({
      desiredState: 'stopped',
      configOverrides: { fresh: true },
      version: 1,
    });
  });

  it('passes errors that are not outages straight to the caller', async () => {
    store.failWith = new TypeError('bad patch');
    await expect(registry.upsert('BTCUSDT', {})).rejects.toThrow('bad patch');
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
  });

  it('flushes queued writes on close when the store is back', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    store.down = false;
    await registry.close();
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('running');
    expect(clock.pendingTimers).toBe(0);
  });
});

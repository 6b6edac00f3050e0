import { ManualClock, type LogFields, type StructuredLogger } from '@flotilla/core';
import type { EngineState } from '@flotilla/engine';
import { FlakyRegistryStore } from '../testing/flaky-store';
import type { RegistryHealth } from './registry-health';
import { ResilientRegistry } from './resilient-registry';

interface LogLine {
  level: 'error' | 'other';
  msg: string;
  fields?: LogFields;
}

function recordingLogger(lines: LogLine[]): StructuredLogger {
  const other = (msg: string, fields?: LogFields) => lines.push({ level: 'other', msg, fields });
  return {
    debug: other,
    info: other,
    warn: other,
    error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
  };
}

describe('ResilientRegistry', () => {
  let clock: ManualClock;
  let store: FlakyRegistryStore;
  let logs: LogLine[];
  let registry: ResilientRegistry;
  let changes: RegistryHealth[];

  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await registry.whenIdle();
  }

  beforeEach(async () => {
    clock = new ManualClock();
    store = new FlakyRegistryStore();
    changes = [];
    logs = [];
    registry = new ResilientRegistry(store, {
      clock,
      logger: recordingLogger(logs),
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

  it('records a queued write the store refuses, logs it with the symbol and re-reads the record', async () => {
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    store.down = true;
    await registry.upsert('BTCUSDT', { observedState: 'crashed' });
    await registry.upsert('ETHUSDT', { desiredState: 'running' });
    store.refuse.set('BTCUSDT', new Error('new row violates check constraint'));
    store.down = false;
    await advance(100);
    expect(registry.health()).toEqual({
      ok: true,
      pendingWrites: 0,
      rejectedWrites: [
        {
          symbol: 'BTCUSDT',
          error: 'new row violates check constraint',
          at: expect.any(String) as string,
        },
      ],
    });
    expect(await registry.get('BTCUSDT')).toEqual(store.records.get('BTCUSDT'));
    expect((await registry.get('BTCUSDT'))?.observedState).toBe('stopped');
    expect(store.records.get('ETHUSDT')?.desiredState).toBe('running');
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ symbol: 'BTCUSDT' }) as LogFields,
      }),
    );
    store.refuse.clear();
    await registry.upsert('BTCUSDT', { observedState: 'running' });
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
  });

  it('refuses a patch no store could read back, before queueing it', async () => {
    store.down = true;
    const bad = { observedState: 'flying' as EngineState };
    await expect(registry.upsert('BTCUSDT', bad)).rejects.toThrow(/observedState "flying"/);
    expect(registry.health().pendingWrites).toBe(0);
    expect(await registry.get('BTCUSDT')).toBeUndefined();
  });

  it('stops retrying on close while the store is still down, and refuses use afterwards', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.close();
    expect(clock.pendingTimers).toBe(0);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: expect.stringContaining('never took (lost)') as string,
      }),
    );
    await expect(registry.get('BTCUSDT')).rejects.toThrow('is not open');
    await expect(registry.upsert('BTCUSDT', {})).rejects.toThrow('is not open');
  });
});

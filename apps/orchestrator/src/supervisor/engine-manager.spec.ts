import { DomainError, ManualClock, silentLogger } from '@flotilla/core';
import {
  FakeMarketData,
  settle,
  type EngineRecord,
  type EngineRecordPatch,
  type EngineRegistryPort,
} from '@flotilla/engine';
import { RecordingIntentSink } from '@flotilla/trading';
import { EngineManager } from './engine-manager';
import type { EngineStateChange } from './engine-manager.types';

const T0 = Date.UTC(2026, 0, 1);

class MemoryRegistry implements EngineRegistryPort {
  readonly records = new Map<string, EngineRecord>();
  failWrites = false;
  async open() {}
  async list() {
    return [...this.records.values()];
  }
  async get(symbol: string) {
    return this.records.get(symbol);
  }
  async upsert(symbol: string, patch: EngineRecordPatch) {
    if (this.failWrites) throw new Error('disk full');
    const now = new Date(T0).toISOString();
    const prev: EngineRecord = this.records.get(symbol) ?? {
      symbol,
      desiredState: 'stopped',
      observedState: 'stopped',
      health: null,
      configOverrides: {},
      restartHistory: [],
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    const next = { ...prev, ...patch, version: prev.version + 1 };
    this.records.set(symbol, next);
    return next;
  }
  async remove(symbol: string) {
    this.records.delete(symbol);
  }
  async ping() {}
  async close() {}
}

function setup() {
  const clock = new ManualClock(T0);
  const registry = new MemoryRegistry();
  const marketData = new FakeMarketData();
  const changes: EngineStateChange[] = [];
  const errors: Array<[string, Record<string, unknown> | undefined]> = [];
  const logger = {
    ...silentLogger,
    error: (m: string, f?: Record<string, unknown>) => errors.push([m, f]),
  };
  const manager = new EngineManager({
    registry,
    marketData,
    clock,
    logger,
    engineLogger: () => silentLogger,
    strategyParams: () => ({}),
    intents: new RecordingIntentSink(),
    onStateChange: (c) => changes.push(c),
  });
  return { clock, registry, marketData, changes, errors, manager };
}

/** Moves time in small steps so engine drain turns run between timer ticks, as they would live. */
async function advance(clock: ManualClock, ms: number) {
  for (let t = 0; t < ms; t += 250) {
    clock.advance(Math.min(250, ms - t));
    await settle(2);
  }
}

async function crash(manager: EngineManager, clock: ManualClock, symbol = 'BTCUSDT') {
  manager.injectFault(symbol, 'crash');
  clock.advance(1000);
  await settle();
}

describe('EngineManager', () => {
  it('starts an engine and persists desired and observed state', async () => {
    const { registry, manager } = setup();
    const status = await manager.start('BTCUSDT');
    expect(status).toMatchObject({
      symbol: 'BTCUSDT',
      status: 'running',
      desiredStatus: 'running',
      restartCount: 0,
    });
    expect(status.startedAt).toBe(new Date(T0).toISOString());
    await manager.flushRegistry();
    expect(registry.records.get('BTCUSDT')).toMatchObject({
      desiredState: 'running',
      observedState: 'running',
    });
  });

  it('totals engines per state and events handled, matching the fleet status', async () => {
    const { clock, manager } = setup();
    await manager.start('BTCUSDT');
    await manager.start('ETHUSDT');
    await manager.stop('ETHUSDT');
    await advance(clock, 3000);
    const totals = manager.totals();
    expect(totals.states).toMatchObject({ running: 1, stopped: 1, failed: 0, crashed: 0 });
    const fleet = manager.fleetStatus();
    expect(totals.eventsProcessed).toBeGreaterThan(0);
    expect(totals.eventsProcessed).toBe(fleet.engines.reduce((n, e) => n + e.eventsProcessed, 0));
  });

  it('rejects unknown symbols, double starts and unknown engines with domain codes', async () => {
    const { manager } = setup();
    await expect(manager.start('NOPEUSDT')).rejects.toMatchObject({ code: 'UNKNOWN_SYMBOL' });
    await manager.start('BTCUSDT');
    await expect(manager.start('BTCUSDT')).rejects.toMatchObject({ code: 'ENGINE_CONFLICT' });
    await expect(manager.stop('ETHUSDT')).rejects.toMatchObject({ code: 'ENGINE_NOT_FOUND' });
    expect(() => manager.status('ETHUSDT')).toThrow(DomainError);
  });

  it('stops, is idempotent on stop, and starts again from stopped', async () => {
    const { marketData, manager, registry } = setup();
    await manager.start('BTCUSDT');
    await manager.stop('BTCUSDT');
    expect((await manager.stop('BTCUSDT')).status).toBe('stopped');
    expect(marketData.subscribers('BTCUSDT')).toBe(0);
    expect(registry.records.get('BTCUSDT')?.desiredState).toBe('stopped');
    expect((await manager.start('BTCUSDT')).status).toBe('running');
  });

  it('runs a crashed engine again with no delay', async () => {
    const { clock, manager, marketData } = setup();
    await manager.start('BTCUSDT');
    await crash(manager, clock);
    const s = manager.status('BTCUSDT');
    expect(s.status).toBe('running');
    expect(s.restartCount).toBe(1);
    expect(s.lastError).toBe('injected fault: crash');
    expect(marketData.subscribers('BTCUSDT')).toBe(1);
  });

  it('waits 1 s before the second restart, in backoff with nextRestartAt', async () => {
    const { clock, manager } = setup();
    await manager.start('BTCUSDT');
    await crash(manager, clock);
    await crash(manager, clock);
    const s = manager.status('BTCUSDT');
    expect(s.status).toBe('backoff');
    expect(s.nextRestartAt).toBe(new Date(clock.now() + 1000).toISOString());
    clock.advance(999);
    expect(manager.status('BTCUSDT').status).toBe('backoff');
    clock.advance(1);
    expect(manager.status('BTCUSDT').status).toBe('running');
  });

  it('fails the 6th crash in an hour with an alert, until an operator restart', async () => {
    const { clock, manager, errors, changes, registry } = setup();
    await manager.start('BTCUSDT');
    for (let i = 0; i < 6; i++) {
      await crash(manager, clock);
      await advance(clock, 10_000);
    }
    expect(manager.status('BTCUSDT').status).toBe('failed');
    expect(manager.status('BTCUSDT').restartCount).toBe(5);
    expect(errors.find(([m]) => m.includes('restart limit'))?.[1]).toMatchObject({
      symbol: 'BTCUSDT',
      alert: 'engine_restart_limit',
    });
    expect(changes.at(-1)).toMatchObject({ to: 'failed', trigger: 'giveUp' });
    clock.advance(3_600_000);
    expect(manager.status('BTCUSDT').status).toBe('failed');
    await manager.flushRegistry();
    expect(registry.records.get('BTCUSDT')?.restartHistory).toHaveLength(5);
    expect((await manager.restart('BTCUSDT')).status).toBe('running');
    await crash(manager, clock);
    expect(manager.status('BTCUSDT').status).toBe('running');
  });

  it('allows start from failed and clears the history', async () => {
    const { clock, manager } = setup();
    await manager.start('BTCUSDT');
    for (let i = 0; i < 6; i++) {
      await crash(manager, clock);
      await advance(clock, 10_000);
    }
    expect((await manager.start('BTCUSDT')).status).toBe('running');
    await crash(manager, clock);
    expect(manager.status('BTCUSDT').status).toBe('running');
  });

  it('detects a hang within heartbeatTimeoutMs + intervalMs and restarts it', async () => {
    const { clock, manager } = setup();
    await manager.start('BTCUSDT');
    manager.injectFault('BTCUSDT', 'hang');
    clock.advance(1000);
    await settle();
    const hungAt = clock.now();
    let restartedAfterMs = -1;
    for (let t = 0; t <= 7000 && restartedAfterMs < 0; t += 100) {
      clock.advance(100);
      await settle(1);
      if (manager.status('BTCUSDT').restartCount === 1) restartedAfterMs = clock.now() - hungAt;
    }
    expect(restartedAfterMs).toBeGreaterThan(0);
    expect(restartedAfterMs).toBeLessThanOrEqual(5000 + 1000);
    expect(manager.status('BTCUSDT').status).toBe('running');
    expect(manager.status('BTCUSDT').lastError).toMatch(/^hang: heartbeat age/);
  });

  it('restarts on an error spike through the recovery policy', async () => {
    const { clock, manager } = setup();
    await manager.start('BTCUSDT');
    for (let i = 0; i < 11; i++) {
      manager.injectFault('BTCUSDT', 'error');
      clock.advance(1000);
      await settle();
    }
    clock.advance(1000);
    await settle();
    const s = manager.status('BTCUSDT');
    expect(s.restartCount).toBe(1);
    expect(s.status).toBe('running');
    expect(s.lastError).toMatch(/error spike: 11/);
  });

  it('never crashes an engine because the registry fails', async () => {
    const { clock, registry, manager, errors } = setup();
    registry.failWrites = true;
    await manager.start('BTCUSDT');
    await crash(manager, clock);
    expect(manager.status('BTCUSDT').status).toBe('running');
    expect(errors.some(([m]) => m === 'registry write failed')).toBe(true);
  });

  it('resumes only engines whose desired state is running, staggered, keeping their history', async () => {
    const { clock, registry, manager } = setup();
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.upsert('ETHUSDT', { desiredState: 'running' });
    await registry.upsert('SOLUSDT', { desiredState: 'stopped' });
    await registry.upsert('GONEUSDT', { desiredState: 'running' });
    const started = await manager.resumeFromRegistry(500);
    expect(started).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(manager.status('BTCUSDT').status).toBe('running');
    expect(manager.status('ETHUSDT').status).toBe('stopped');
    clock.advance(500);
    expect(manager.status('ETHUSDT').status).toBe('running');
    expect(manager.status('SOLUSDT').status).toBe('stopped');
    expect(manager.fleetStatus()).toMatchObject({
      total: 3,
      running: 2,
      stopped: 1,
      crashed: 0,
      failed: 0,
    });
  });

  it('shutdown stops every engine but keeps desiredState for the next boot', async () => {
    const { registry, manager, marketData } = setup();
    await manager.start('BTCUSDT');
    await manager.start('ETHUSDT');
    await manager.shutdown();
    expect(marketData.subscribers('BTCUSDT') + marketData.subscribers('ETHUSDT')).toBe(0);
    expect(registry.records.get('BTCUSDT')).toMatchObject({
      desiredState: 'running',
      observedState: 'stopped',
    });
    const next = setup();
    next.registry.records.set('BTCUSDT', registry.records.get('BTCUSDT')!);
    expect(await next.manager.resumeFromRegistry(0)).toEqual(['BTCUSDT']);
  });

  it('builds the SPEC 6 status shape', async () => {
    const { clock, manager } = setup();
    await manager.start('BTCUSDT');
    clock.advance(2000);
    await settle();
    clock.advance(500);
    expect(manager.status('BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      status: 'running',
      desiredStatus: 'running',
      startedAt: new Date(T0).toISOString(),
      uptimeSeconds: 2,
      lastHeartbeat: new Date(T0 + 2000).toISOString(),
      heartbeatAgeMs: 500,
      eventsProcessed: 2,
      errorCount: 0,
      lastError: null,
      restartCount: 0,
      nextRestartAt: null,
      position: null,
      unrealizedPnl: '0',
      realizedPnl: '0',
      tradeCount: 0,
      feed: { connected: true, lastMessageAt: null, reconnects: 0 },
    });
  });
});

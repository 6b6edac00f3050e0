import { DomainError } from '@flotilla/core';
import { settle } from '@flotilla/engine/testing';
import { T0, advance, crash, setup } from './testing/engine-manager.fixture';

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
    await manager.start('BTCUSDT');
    registry.failWrites = true;
    await crash(manager, clock);
    expect(manager.status('BTCUSDT').status).toBe('running');
    expect(errors.some(([m]) => m === 'registry write failed')).toBe(true);
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
      reconcile: null,
    });
  });
});

import { settle } from '@flotilla/engine/testing';
import { T0, advance, crash, setup } from './testing/engine-manager.fixture';

const iso = (ms: number) => new Date(ms).toISOString();

describe('EngineManager boot resume', () => {
  it('resumes only engines whose desired state is running, staggered, keeping their history', async () => {
    const { clock, registry, manager } = setup();
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.upsert('ETHUSDT', { desiredState: 'running' });
    await registry.upsert('SOLUSDT', { desiredState: 'stopped' });
    await registry.upsert('GONEUSDT', { desiredState: 'running' });
    const resumed = await manager.resumeFromRegistry(500);
    expect(resumed).toEqual({
      started: ['BTCUSDT', 'ETHUSDT'],
      recovering: [],
      heldFailed: [],
      corrected: [],
    });
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
    expect((await next.manager.resumeFromRegistry(0)).started).toEqual(['BTCUSDT']);
  });

  it('keeps an engine that failed before the reboot failed until an operator starts it', async () => {
    const first = setup();
    await first.manager.start('BTCUSDT');
    for (let i = 0; i < 6; i++) {
      await crash(first.manager, first.clock);
      await advance(first.clock, 10_000);
    }
    expect(first.manager.status('BTCUSDT').status).toBe('failed');
    await first.manager.shutdown();
    const stored = first.registry.records.get('BTCUSDT');
    expect(stored).toMatchObject({ desiredState: 'running', observedState: 'failed' });

    const next = setup();
    next.registry.records.set('BTCUSDT', stored!);
    const resumed = await next.manager.resumeFromRegistry(0);
    expect(resumed).toEqual({
      started: [],
      recovering: [],
      heldFailed: ['BTCUSDT'],
      corrected: [],
    });
    await advance(next.clock, 60_000);
    expect(next.manager.status('BTCUSDT')).toMatchObject({
      status: 'failed',
      desiredStatus: 'running',
      lastError: 'injected fault: crash',
    });
    expect(next.marketData.subscribers('BTCUSDT')).toBe(0);
    expect((await next.manager.start('BTCUSDT')).status).toBe('running');
  });

  it('sends an engine that was in backoff through the policy: its delay and history survive the reboot', async () => {
    const { clock, registry, manager } = setup();
    await registry.upsert('BTCUSDT', {
      desiredState: 'running',
      observedState: 'backoff',
      restartHistory: [iso(T0 - 60_000)],
    });
    const resumed = await manager.resumeFromRegistry(0);
    expect(resumed.recovering).toEqual(['BTCUSDT']);
    expect(manager.status('BTCUSDT')).toMatchObject({
      status: 'backoff',
      nextRestartAt: iso(T0 + 1000),
    });
    clock.advance(999);
    expect(manager.status('BTCUSDT').status).toBe('backoff');
    clock.advance(1);
    await settle();
    expect(manager.status('BTCUSDT').status).toBe('running');
    await manager.flushRegistry();
    expect(registry.records.get('BTCUSDT')?.restartHistory).toEqual([iso(T0 - 60_000), iso(T0)]);
  });

  it('cannot escape the hourly limit by rebooting while crashed', async () => {
    const { registry, manager } = setup();
    const history = [5, 4, 3, 2, 1].map((m) => iso(T0 - m * 60_000));
    await registry.upsert('BTCUSDT', {
      desiredState: 'running',
      observedState: 'crashed',
      restartHistory: history,
    });
    await manager.resumeFromRegistry(0);
    expect(manager.status('BTCUSDT').status).toBe('failed');
  });

  it('restarts a crashed engine at once when its restarts are older than the window', async () => {
    const { registry, manager } = setup();
    await registry.upsert('BTCUSDT', {
      desiredState: 'running',
      observedState: 'crashed',
      restartHistory: [iso(T0 - 2 * 3_600_000)],
    });
    await manager.resumeFromRegistry(0);
    await settle();
    expect(manager.status('BTCUSDT')).toMatchObject({ status: 'running', restartCount: 1 });
  });
});

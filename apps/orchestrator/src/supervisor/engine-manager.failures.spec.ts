import { testStrategyParams } from '@flotilla/trading/testing';
import { DomainError, silentLogger } from '@flotilla/core';
import { settle } from '@flotilla/engine/testing';
import { crash, setup } from './testing/engine-manager.fixture';

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

const diskFull = () =>
  new DomainError(
    'REGISTRY_UNAVAILABLE',
    'engine registry file engine-registry.json in DATA_DIR cannot be written (ENOSPC: no space left on device)',
  );

describe('EngineManager commands commit to the registry before the engine changes', () => {
  it('refuses a start the registry cannot save: 503 code, no engine created, nothing subscribed', async () => {
    const { registry, manager, marketData } = setup();
    jest.spyOn(registry, 'upsert').mockRejectedValue(diskFull());
    const err = await refusal(manager.start('BTCUSDT'));
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.message).toBe(
      'start BTCUSDT was not done: the registry could not save it (engine registry file ' +
        'engine-registry.json in DATA_DIR cannot be written (ENOSPC: no space left on device)); ' +
        'no engine was created',
    );
    expect(() => manager.status('BTCUSDT')).toThrow('no engine for BTCUSDT');
    expect(marketData.subscribeCalls).toBe(0);
  });

  it('refuses a stop the registry cannot save and leaves the engine running', async () => {
    const { registry, manager, marketData } = setup();
    await manager.start('BTCUSDT');
    jest.spyOn(registry, 'upsert').mockRejectedValue(diskFull());
    const err = await refusal(manager.stop('BTCUSDT'));
    expect(err.message).toMatch(/^stop BTCUSDT was not done: .*; the engine is still running$/);
    expect(manager.status('BTCUSDT')).toMatchObject({
      status: 'running',
      desiredStatus: 'running',
    });
    expect(marketData.subscribers('BTCUSDT')).toBe(1);
  });

  it('refuses a restart the registry cannot save and leaves a failed engine failed', async () => {
    const { registry, manager } = setup({
      strategyParams: () => testStrategyParams({ buyThreshold: 'x' }),
    });
    registry.records.set('BTCUSDT', {
      ...(await registry.upsert('BTCUSDT', { desiredState: 'running' })),
    });
    await manager.resumeFromRegistry(0);
    expect(manager.status('BTCUSDT').status).toBe('failed');
    registry.failWrites = true;
    // A plain store error (not an outage) still leaves with a code: REGISTRY_WRITE_FAILED.
    const err = await refusal(manager.stop('BTCUSDT'));
    expect(err.code).toBe('REGISTRY_WRITE_FAILED');
    expect(err.message).toMatch(/disk full\); the engine is still failed$/);
    expect(manager.status('BTCUSDT').status).toBe('failed');
  });

  it('runs two starts of one symbol one after another: one starts it, the other is a 409', async () => {
    const { manager, registry } = setup();
    const results = await Promise.allSettled([manager.start('BTCUSDT'), manager.start('BTCUSDT')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(((results[1] as PromiseRejectedResult).reason as DomainError).code).toBe(
      'ENGINE_CONFLICT',
    );
    await manager.flushRegistry();
    expect(registry.records.get('BTCUSDT')?.desiredState).toBe('running');
  });
});

describe('EngineManager boot resume failures are visible', () => {
  it('fails an engine its configuration cannot start, with lastError, an error log and a count', async () => {
    const failures: Array<[string, string]> = [];
    const { clock, registry, manager, errors } = setup({
      strategyParams: (symbol) =>
        testStrategyParams(symbol === 'BTCUSDT' ? { buyThreshold: '7' } : {}),
      onResumeFailure: (symbol, reason) => failures.push([symbol, reason]),
    });
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.upsert('ETHUSDT', { desiredState: 'running' });
    await manager.resumeFromRegistry(10);
    clock.advance(10);
    await settle();
    const btc = manager.status('BTCUSDT');
    expect(btc).toMatchObject({ status: 'failed', desiredStatus: 'running', restartCount: 0 });
    expect(btc.lastError).toMatch(/^start failed: .*buyThreshold/);
    expect(manager.status('ETHUSDT').status).toBe('running');
    expect(failures).toEqual([['BTCUSDT', btc.lastError]]);
    expect(errors.map(([m]) => m)).toEqual(
      expect.arrayContaining([
        'resume failed',
        'ALERT engine failed: its configuration cannot start',
      ]),
    );
    expect(manager.fleetStatus()).toMatchObject({ failed: 1, running: 1 });
    await manager.flushRegistry();
    expect(registry.records.get('BTCUSDT')?.observedState).toBe('failed');
  });

  it('hands a start that failed for another reason to the RecoveryPolicy', async () => {
    const failures: string[] = [];
    const { clock, registry, manager, marketData } = setup({
      onResumeFailure: (symbol) => failures.push(symbol),
    });
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    marketData.failSubscribe = new Error('hub not connected');
    await manager.resumeFromRegistry(0);
    await settle();
    // The policy's first restart (no delay) failed the same way; the second waits 1 s.
    expect(manager.status('BTCUSDT')).toMatchObject({
      status: 'backoff',
      lastError: 'start failed: hub not connected',
      restartCount: 1,
    });
    expect(failures).toEqual(['BTCUSDT']);
    marketData.failSubscribe = null;
    clock.advance(1000);
    await settle();
    expect(manager.status('BTCUSDT')).toMatchObject({ status: 'running', restartCount: 2 });
  });
});

describe('EngineManager boot corrects what a killed process left in the registry', () => {
  it('writes the observed state of engines the record still calls live, once, and logs the count', async () => {
    const warned: Array<[string, unknown]> = [];
    const logger = { ...silentLogger, warn: (m: string, f?: unknown) => warned.push([m, f]) };
    const { registry, manager } = setup({ logger });
    await registry.upsert('BTCUSDT', { desiredState: 'stopped', observedState: 'running' });
    await registry.upsert('ETHUSDT', { desiredState: 'running', observedState: 'paused' });
    await registry.upsert('SOLUSDT', { desiredState: 'stopped', observedState: 'stopped' });
    const resumed = await manager.resumeFromRegistry(60_000);
    expect(resumed.corrected).toEqual(['BTCUSDT', 'ETHUSDT']);
    await manager.flushRegistry();
    expect(registry.records.get('BTCUSDT')?.observedState).toBe('stopped');
    // ETHUSDT is started at once (first of the resumed), so its record follows the engine.
    expect(registry.records.get('ETHUSDT')?.observedState).toBe('running');
    expect(registry.records.get('SOLUSDT')?.version).toBe(1);
    expect(warned).toEqual([
      [
        'corrected observed states a killed process left live',
        { count: 2, symbols: ['BTCUSDT', 'ETHUSDT'] },
      ],
    ]);
  });
});

describe('EngineManager remembers the background writes the registry never saved', () => {
  it('lists fields whose write failed until a later write of them lands', async () => {
    const { registry, manager } = setup();
    await manager.start('BTCUSDT');
    await manager.flushRegistry();
    registry.failWrites = true;
    await manager.shutdown();
    expect(manager.unsavedWrites()).toEqual([
      { symbol: 'BTCUSDT', fields: ['observedState', 'health'], error: 'disk full' },
    ]);
    expect(registry.records.get('BTCUSDT')?.observedState).toBe('running');
  });

  it('forgets a failure once a later write of the same fields lands', async () => {
    const { clock, registry, manager } = setup();
    await manager.start('BTCUSDT');
    await manager.flushRegistry();
    registry.failWrites = true;
    await crash(manager, clock);
    await manager.flushRegistry();
    expect(manager.unsavedWrites()).toEqual([
      {
        symbol: 'BTCUSDT',
        fields: ['observedState', 'health', 'restartHistory'],
        error: 'disk full',
      },
    ]);
    registry.failWrites = false;
    await manager.restart('BTCUSDT');
    await manager.flushRegistry();
    expect(manager.unsavedWrites()).toEqual([]);
  });
});

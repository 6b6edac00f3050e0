import { DomainError, ManualClock, silentLogger } from '@flotilla/core';
import { FlakyRegistryStore } from '../testing/flaky-store';
import { ResilientRegistry } from './resilient-registry';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('ResilientRegistry without a spool and queueWithoutSpool: false', () => {
  let clock: ManualClock;
  let store: FlakyRegistryStore;
  let registry: ResilientRegistry;

  beforeEach(async () => {
    clock = new ManualClock();
    store = new FlakyRegistryStore('json file engine-registry.json');
    registry = new ResilientRegistry(store, {
      clock,
      logger: silentLogger,
      queueWithoutSpool: false,
    });
    await registry.open();
  });

  afterEach(async () => {
    await registry.close();
  });

  it('refuses a write the store cannot take instead of acknowledging it, and queues nothing', async () => {
    await registry.upsert('BTCUSDT', { desiredState: 'stopped' });
    store.down = true;
    const err = await rejection(registry.upsert('BTCUSDT', { desiredState: 'running' }));
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.message).toMatch(/the change to BTCUSDT was not saved/);
    expect(registry.health()).toMatchObject({ ok: false, pendingWrites: 0 });
    expect((await registry.get('BTCUSDT'))?.desiredState).toBe('stopped');
    // Only the store is probed later; the refused write is not retried.
    store.down = false;
    clock.advance(60_000);
    await registry.whenIdle();
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('stopped');
  });

  it('goes straight to the store again after a refusal, and reports it up once a write lands', async () => {
    store.down = true;
    await rejection(registry.upsert('BTCUSDT', { desiredState: 'running' }));
    await rejection(registry.remove('ETHUSDT'));
    store.down = false;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('running');
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
  });
});

describe('ResilientRegistry and writes the store refuses for good', () => {
  it('names them REGISTRY_WRITE_FAILED with the store and the symbol, and stays up', async () => {
    const store = new FlakyRegistryStore();
    const registry = new ResilientRegistry(store, { logger: silentLogger });
    await registry.open();
    store.refuse.set('BTCUSDT', new Error('value too long for type character varying(16)'));
    const err = await rejection(registry.upsert('BTCUSDT', { desiredState: 'running' }));
    expect(err.code).toBe('REGISTRY_WRITE_FAILED');
    expect(err.message).toBe(
      'flaky 10.0.0.9:5432/flotilla refused the change to BTCUSDT: ' +
        'value too long for type character varying(16)',
    );
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
    await registry.close();
  });
});

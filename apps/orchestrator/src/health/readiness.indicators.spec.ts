import { HealthIndicatorService } from '@nestjs/terminus';
import { ManualClock } from '@flotilla/core';
import type { MarketDataHub } from '@flotilla/market-data';
import {
  FlakyRegistryStore,
  InMemoryLeaseStore,
  LeaseKeeper,
  LocalLease,
  PostgresRegistry,
  ResilientRegistry,
  type OwnershipLease,
} from '@flotilla/registry';
import type { FleetLifecycle } from '../runtime/fleet-lifecycle.service';
import { ReadinessIndicators } from './readiness.indicators';

const STORE = 'postgres db.internal:6543/fleet';

function indicatorsFor(
  registry: ResilientRegistry,
  lease: OwnershipLease = new LocalLease('fleet', 'me'),
): ReadinessIndicators {
  const lifecycle = { isShuttingDown: false } as FleetLifecycle;
  return new ReadinessIndicators(
    new HealthIndicatorService(),
    lifecycle,
    registry,
    {} as MarketDataHub,
    lease,
  );
}

describe('/health/ready registry indicator names the database in every answer', () => {
  let store: FlakyRegistryStore;
  let registry: ResilientRegistry;
  let clock: ManualClock;

  beforeEach(async () => {
    store = new FlakyRegistryStore(STORE);
    clock = new ManualClock();
    registry = new ResilientRegistry(store, { clock, initialBackoffMs: 100 });
    await registry.open();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('is up with the store name and the queue length', async () => {
    expect(await indicatorsFor(registry).registry('registry')).toEqual({
      registry: { status: 'up', store: STORE, pendingWrites: 0 },
    });
  });

  it('is down during an outage with the store in the message', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    expect(await indicatorsFor(registry).registry('registry')).toEqual({
      registry: {
        status: 'down',
        store: STORE,
        pendingWrites: 1,
        message: `${STORE}: connect ECONNREFUSED 10.0.0.9:5432`,
      },
    });
  });

  it('names the store when the ping does not answer within the bound', async () => {
    jest.useFakeTimers();
    store.hangPing = true;
    const answer = indicatorsFor(registry).registry('registry');
    await jest.advanceTimersByTimeAsync(2_000);
    expect(await answer).toEqual({
      registry: {
        status: 'down',
        store: STORE,
        pendingWrites: 0,
        message: `registry ${STORE} did not answer within 2000 ms`,
      },
    });
  });

  it('names the store when the ping fails with an error that does not', async () => {
    store.failWith = new Error('sorry, too many clients already');
    const answer = await indicatorsFor(registry).registry('registry');
    expect(answer.registry).toMatchObject({
      status: 'down',
      message: `${STORE}: sorry, too many clients already`,
    });
  });

  it('shows writes the store refused while staying up', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', {});
    store.down = false;
    store.refuse.set('BTCUSDT', new Error('value too long for type character varying(64)'));
    clock.advance(100);
    await registry.whenIdle();
    const answer = await indicatorsFor(registry).registry('registry');
    expect(answer.registry).toMatchObject({
      status: 'up',
      rejectedWrites: [
        { symbol: 'BTCUSDT', error: 'value too long for type character varying(64)' },
      ],
    });
  });

  it('never shows the password of DATABASE_URL', async () => {
    const pg = new PostgresRegistry({
      databaseUrl: 'postgres://flotilla:s3cr3t@db.internal:6543/fleet',
    });
    const answer = await indicatorsFor(new ResilientRegistry(pg)).registry('registry');
    expect(answer.registry).toMatchObject({ status: 'down', store: STORE });
    expect(String(answer.registry.message)).toContain(STORE);
    expect(JSON.stringify(answer)).not.toContain('s3cr3t');
  });
});

describe('/health/ready ownership indicator', () => {
  it('is down on a standby and names the holder and epoch; up once it owns the lease', async () => {
    const clock = new ManualClock();
    const leases = new InMemoryLeaseStore(clock);
    await leases.tryAcquire('fleet', 'replica-a', 3_000);
    const options = { name: 'fleet', store: leases, ttlMs: 3_000, renewMs: 1_000, retryMs: 500 };
    const lease = new LeaseKeeper({ ...options, clock, self: 'replica-b' });
    await lease.start();
    const indicators = indicatorsFor({} as ResilientRegistry, lease);

    expect(indicators.ownership('ownership').ownership).toMatchObject({
      status: 'down',
      state: 'standby',
      holder: 'replica-a',
      epoch: 1,
      message: 'standby: the fleet is owned by replica-a',
    });
    const owned = lease.whenOwner();
    for (let i = 0; i < 8; i++) {
      clock.advance(500);
      for (let j = 0; j < 10; j++) await Promise.resolve();
    }
    await owned;
    expect(indicators.ownership('ownership').ownership).toMatchObject({
      status: 'up',
      state: 'owner',
      holder: 'replica-b',
      epoch: 2,
    });
    await lease.release();
  });
});

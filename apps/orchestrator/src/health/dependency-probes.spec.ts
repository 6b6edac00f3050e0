import { ManualClock, silentLogger } from '@flotilla/core';
import type { ConnectionHealth, MarketDataHub } from '@flotilla/market-data';
import { PostgresRegistry, ResilientRegistry } from '@flotilla/registry';
import { FlakyRegistryStore } from '@flotilla/registry/testing';
import { DependencyMonitor, type DependencyProbe } from './dependency-monitor';
import { marketDataProbe, registryProbe } from './dependency-probes';

const STORE = 'postgres db.internal:6543/fleet';

/** Runs one check of the probe through a monitor, as the background check would, and returns its state. */
async function checkOnce(probe: DependencyProbe, clock = new ManualClock()) {
  const monitor = new DependencyMonitor({
    clock,
    intervalMs: 10_000,
    timeoutMs: 2_000,
    probes: [probe],
    logger: silentLogger,
  });
  await monitor.refresh(probe.name);
  return monitor.state(probe.name);
}

describe('registry probe names the database in every answer', () => {
  let store: FlakyRegistryStore;
  let registry: ResilientRegistry;
  let clock: ManualClock;

  beforeEach(async () => {
    store = new FlakyRegistryStore(STORE);
    clock = new ManualClock();
    registry = new ResilientRegistry(store, { clock, initialBackoffMs: 100 });
    await registry.open();
  });

  it('is up with the store name and the queue length', async () => {
    expect(await checkOnce(registryProbe(registry))).toMatchObject({
      status: 'up',
      lastError: null,
      details: { store: STORE, pendingWrites: 0 },
    });
  });

  it('is down during an outage with the store in the message', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    expect(await checkOnce(registryProbe(registry))).toMatchObject({
      status: 'down',
      lastError: `${STORE}: connect ECONNREFUSED 10.0.0.9:5432`,
      details: { store: STORE, pendingWrites: 1 },
    });
  });

  it('names the store when the ping does not answer within the bound', async () => {
    store.hangPing = true;
    const monitor = new DependencyMonitor({
      clock,
      intervalMs: 10_000,
      timeoutMs: 2_000,
      probes: [registryProbe(registry)],
      logger: silentLogger,
    });
    const answer = monitor.refresh('registry');
    await new Promise<void>((resolve) => setImmediate(resolve));
    clock.advance(2_000);
    await answer;
    expect(monitor.state('registry')).toMatchObject({
      status: 'down',
      lastError: `registry ${STORE} did not answer within 2000 ms`,
      details: { store: STORE, pendingWrites: 0 },
    });
  });

  it('names the store when the ping fails with an error that does not', async () => {
    store.failWith = new Error('sorry, too many clients already');
    expect(await checkOnce(registryProbe(registry))).toMatchObject({
      status: 'down',
      lastError: `${STORE}: sorry, too many clients already`,
    });
  });

  it('shows writes the store refused while staying up', async () => {
    store.down = true;
    await registry.upsert('BTCUSDT', {});
    store.down = false;
    store.refuse.set('BTCUSDT', new Error('value too long for type character varying(64)'));
    clock.advance(100);
    await registry.whenIdle();
    expect(await checkOnce(registryProbe(registry))).toMatchObject({
      status: 'up',
      details: {
        rejectedWrites: [
          { symbol: 'BTCUSDT', error: 'value too long for type character varying(64)' },
        ],
      },
    });
  });

  it('never shows the password of DATABASE_URL', async () => {
    const pg = new PostgresRegistry({
      databaseUrl: 'postgres://flotilla:s3cr3t@db.internal:6543/fleet',
    });
    const state = await checkOnce(registryProbe(new ResilientRegistry(pg)));
    expect(state).toMatchObject({ status: 'down', details: { store: STORE } });
    expect(state?.lastError).toContain(STORE);
    expect(JSON.stringify(state)).not.toContain('s3cr3t');
  });
});

describe('market data probe reads what the feed connections report', () => {
  const clock = new ManualClock(1_000_000);
  const conn = (over: Partial<ConnectionHealth>): ConnectionHealth => ({
    id: 1,
    connected: true,
    topics: 30,
    lastMessageAt: 1_000_000 - 50,
    reconnects: 0,
    malformed: 0,
    gaps: 0,
    subscribeFailures: 0,
    failedConnects: 0,
    ...over,
  });
  const hubWith = (conns: ConnectionHealth[]) =>
    ({ connections: () => conns }) as unknown as MarketDataHub;

  it('is up with nothing subscribed, and when every connection hears from the venue', async () => {
    expect(await checkOnce(marketDataProbe(hubWith([]), clock, 30_000), clock)).toMatchObject({
      status: 'up',
      details: { connections: 0, connected: 0, oldestLastMessageAgeMs: null },
    });
    const two = hubWith([conn({}), conn({ id: 2, lastMessageAt: 1_000_000 - 400 })]);
    expect(await checkOnce(marketDataProbe(two, clock, 30_000), clock)).toMatchObject({
      status: 'up',
      details: { connections: 2, connected: 2, oldestLastMessageAgeMs: 400 },
    });
  });

  it('is down while a connection that carries topics is disconnected', async () => {
    const hub = hubWith([conn({}), conn({ id: 2, connected: false }), conn({ topics: 0 })]);
    expect(await checkOnce(marketDataProbe(hub, clock, 30_000), clock)).toMatchObject({
      status: 'down',
      lastError: '1 of 2 feed connection(s) disconnected',
      details: { connections: 2, connected: 1 },
    });
  });

  it('is down while a connection has been silent too long', async () => {
    const hub = hubWith([conn({ lastMessageAt: 1_000_000 - 30_001 })]);
    expect(await checkOnce(marketDataProbe(hub, clock, 30_000), clock)).toMatchObject({
      status: 'down',
      lastError: '1 feed connection(s) silent for more than 30000 ms',
    });
  });
});

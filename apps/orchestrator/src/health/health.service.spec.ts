import { ManualClock, silentLogger } from '@flotilla/core';
import { LocalLease } from '@flotilla/registry';
import type { FleetLifecycle, FleetPhase } from '../runtime/fleet-lifecycle.service';
import { DependencyMonitor, type DependencyProbe } from './dependency-monitor';
import { ExecutionRegistry } from '../trading/execution-registry';
import { FakeExecutorView, flatStatus } from '../trading/testing/fakes';
import { HealthService } from './health.service';

function lifecycleIn(phase: FleetPhase): FleetLifecycle {
  return { phase, isReady: phase === 'ready' } as FleetLifecycle;
}

describe('HealthService', () => {
  let clock: ManualClock;
  let venueCalls: number;
  let venueDown: boolean;
  let monitor: DependencyMonitor;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    venueCalls = 0;
    venueDown = false;
    const venue: DependencyProbe = {
      name: 'venue',
      label: 'venue',
      check: () => {
        venueCalls += 1;
        return venueDown
          ? Promise.reject(new Error('fetch failed: connect ECONNREFUSED'))
          : Promise.resolve({});
      },
    };
    const registry: DependencyProbe = {
      name: 'registry',
      label: 'registry',
      check: () => Promise.resolve({ store: 'json /data/engine-registry.json', pendingWrites: 0 }),
    };
    monitor = new DependencyMonitor({
      clock,
      intervalMs: 10_000,
      timeoutMs: 2_000,
      probes: [registry, venue],
      logger: silentLogger,
    });
    await monitor.start();
  });

  afterEach(() => monitor.stop());

  it('500 readiness and deps probes cause no venue call: they read the cache', () => {
    const service = new HealthService(
      lifecycleIn('ready'),
      monitor,
      new LocalLease('fleet', 'test:1'),
      new ExecutionRegistry(),
    );
    expect(venueCalls).toBe(1);
    for (let i = 0; i < 500; i++) {
      expect(service.readiness().ready).toBe(true);
      expect(service.dependencies().status).toBe('ok');
    }
    expect(venueCalls).toBe(1);
  });

  it('stays ready while a dependency is down, and says which and since when', async () => {
    venueDown = true;
    clock.advance(10_000);
    await monitor.checkAll();
    const { ready, body } = new HealthService(
      lifecycleIn('ready'),
      monitor,
      new LocalLease('fleet', 'test:1'),
      new ExecutionRegistry(),
    ).readiness();
    expect(ready).toBe(true);
    expect(body).toMatchObject({
      status: 'ok',
      info: { fleet: { status: 'up', phase: 'ready' } },
      error: {},
      degraded: ['venue'],
      dependencies: {
        registry: { status: 'up', store: 'json /data/engine-registry.json' },
        venue: {
          status: 'down',
          since: '2026-11-25T07:00:10.000Z',
          lastError: 'fetch failed: connect ECONNREFUSED',
        },
      },
    });
  });

  it.each<[FleetPhase, string]>([
    ['booting', 'booting'],
    ['standby', 'standby: waiting for the registry lease'],
    ['resuming', 'resuming engines'],
    ['shutting-down', 'shutting down'],
  ])('is not ready while %s, whatever the dependencies', (phase, message) => {
    const { ready, body } = new HealthService(
      lifecycleIn(phase),
      monitor,
      new LocalLease('fleet', 'test:1'),
      new ExecutionRegistry(),
    ).readiness();
    expect(ready).toBe(false);
    expect(body).toMatchObject({
      status: 'error',
      info: {},
      error: { fleet: { status: 'down', phase, message } },
      degraded: [],
    });
  });

  it('deps reports degraded while anything is not up', async () => {
    venueDown = true;
    await monitor.checkAll();
    expect(
      new HealthService(
        lifecycleIn('ready'),
        monitor,
        new LocalLease('fleet', 'test:1'),
        new ExecutionRegistry(),
      ).dependencies(),
    ).toMatchObject({
      status: 'degraded',
      degraded: ['venue'],
      dependencies: { venue: { status: 'down' }, registry: { status: 'up' } },
    });
  });

  it('reports how many engines reconciled with the venue, without gating readiness on it', () => {
    const executions = new ExecutionRegistry();
    const withState = (symbol: string, state: 'pending' | 'running' | 'done' | 'failed') =>
      new FakeExecutorView(symbol, {
        ...flatStatus(),
        reconcile: { state, atMs: null, differences: 0, error: null },
      });
    executions.register('BTCUSDT', withState('BTCUSDT', 'done'));
    executions.register('ETHUSDT', withState('ETHUSDT', 'failed'));
    executions.register('SOLUSDT', withState('SOLUSDT', 'running'));
    const { ready, body } = new HealthService(
      lifecycleIn('ready'),
      monitor,
      new LocalLease('fleet', 'test:1'),
      executions,
    ).readiness();
    expect(ready).toBe(true);
    expect(body.reconciliation).toEqual({ engines: 3, done: 1, pending: 0, running: 1, failed: 1 });
  });
});

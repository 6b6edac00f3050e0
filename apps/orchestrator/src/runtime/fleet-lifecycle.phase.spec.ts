import type { FlotillaConfig } from '@flotilla/config';
import type { Logging } from '@flotilla/logging';
import type { MarketDataHub } from '@flotilla/market-data';
import { LocalLease, type ResilientRegistry } from '@flotilla/registry';
import { MetricsService } from '../metrics/metrics.service';
import type { EngineManager } from '../supervisor';
import type { VenueEndpoint } from '../venue/embedded-venue';
import type { EngineOverridesService } from './engine-overrides.service';
import type { TradingRuntime } from '../execution/trading-runtime.service';
import type { FleetJobs } from '../execution/fleet-jobs';
import { FleetLifecycle, type FleetPhase } from './fleet-lifecycle.service';

const RESUMED = { started: [], recovering: [], heldFailed: [] };

/** A lifecycle over fakes whose resume step runs `during` (to look at the phase mid-resume). */
function lifecycleWith(during: (self: FleetLifecycle) => void): FleetLifecycle {
  const config = { autostart: [], resume: { staggerMs: 0 } } as unknown as FlotillaConfig;
  const ref: { self?: FleetLifecycle } = {};
  const manager = {
    totals: () => ({ states: {}, eventsProcessed: 0 }),
    resumeFromRegistry: () => {
      during(ref.self as FleetLifecycle);
      return Promise.resolve(RESUMED);
    },
  } as unknown as EngineManager;
  const registry = {
    list: () => Promise.resolve([{ symbol: 'BTCUSDT' }]),
    replaySpool: () => Promise.resolve(),
  };
  const overrides = { load: () => Promise.resolve() } as unknown as EngineOverridesService;
  ref.self = new FleetLifecycle(
    config,
    manager,
    registry as unknown as ResilientRegistry,
    {} as MarketDataHub,
    {} as VenueEndpoint,
    {} as Logging,
    new LocalLease('fleet', 'test:1'),
    overrides,
    new MetricsService(),
    { drain: () => Promise.resolve() } as unknown as TradingRuntime,
    { start: () => undefined, stop: () => undefined } as unknown as FleetJobs,
  );
  return ref.self;
}

describe('FleetLifecycle phase (what /health/ready gates on)', () => {
  it('boots, resumes, then is ready; only ready counts as ready', async () => {
    const seen: Array<[FleetPhase, boolean]> = [];
    const lifecycle = lifecycleWith((l) => seen.push([l.phase, l.isReady]));
    expect([lifecycle.phase, lifecycle.isReady]).toEqual(['booting', false]);
    await lifecycle.onApplicationBootstrap();
    expect(seen).toEqual([['resuming', false]]);
    expect([lifecycle.phase, lifecycle.isReady]).toEqual(['ready', true]);
    lifecycle.beginShutdown();
    expect([lifecycle.phase, lifecycle.isReady, lifecycle.isShuttingDown]).toEqual([
      'shutting-down',
      false,
      true,
    ]);
  });

  it('a shutdown that begins while resuming is never undone by the resume finishing', async () => {
    const lifecycle = lifecycleWith((l) => l.beginShutdown());
    await lifecycle.onApplicationBootstrap();
    expect(lifecycle.phase).toBe('shutting-down');
    expect(lifecycle.isReady).toBe(false);
  });
});

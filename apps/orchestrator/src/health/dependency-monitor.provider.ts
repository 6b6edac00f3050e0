import type { Provider } from '@nestjs/common';
import type { FlotillaConfig } from '@flotilla/config';
import type { Clock } from '@flotilla/core';
import type { Logging } from '@flotilla/logging';
import type { MarketDataHub } from '@flotilla/market-data';
import type { ResilientRegistry } from '@flotilla/registry';
import { CLOCK, CONFIG, LOGGING, MARKET_DATA, REGISTRY } from '../runtime/tokens';
import { AlertService } from '../cockpit/alerts/alert.service';
import { alertOnDependency } from '../cockpit/alerts/alert-rules';
import { DependencyMonitor } from './dependency-monitor';
import { marketDataProbe, registryProbe, venueProbe } from './dependency-probes';

export const DEPENDENCY_MONITOR = Symbol('DEPENDENCY_MONITOR');

/** A check that has not answered in this long counts as down. */
export const DEPENDENCY_TIMEOUT_MS = 2000;

/** Started and stopped by HealthModule; health probes only ever read its cache. */
export const dependencyMonitorProvider: Provider = {
  provide: DEPENDENCY_MONITOR,
  inject: [CONFIG, CLOCK, LOGGING, REGISTRY, MARKET_DATA, AlertService],
  useFactory: (
    config: FlotillaConfig,
    clock: Clock,
    logging: Logging,
    registry: ResilientRegistry,
    hub: MarketDataHub,
    alerts: AlertService,
  ): DependencyMonitor =>
    new DependencyMonitor({
      clock,
      intervalMs: config.health.depsIntervalMs,
      timeoutMs: DEPENDENCY_TIMEOUT_MS,
      logger: logging.root,
      onChange: (state) => alertOnDependency(alerts, state, clock.now()),
      probes: [
        registryProbe(registry),
        venueProbe(hub),
        // The hub's own ping check drops a connection silent for ping interval + stale limit.
        marketDataProbe(hub, clock, config.feed.pingIntervalMs + config.feed.staleAfterMs),
      ],
    }),
};

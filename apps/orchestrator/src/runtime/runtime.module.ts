import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { SystemClock, type Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { Logging } from '@flotilla/logging';
import type { ApiToken } from '../auth/api-token';
import { API_TOKEN } from '../auth/bearer-auth.guard';
import { EngineOverridesService } from './engine-overrides.service';
import { FleetLifecycle } from './fleet-lifecycle.service';
import { registryProviders } from '../registry/registry.provider';
import { venueProviders } from '../venue/venue.providers';
import { venuePortProvider } from '../venue/venue-port.provider';
import { supervisorProviders } from './runtime.providers';
import { alertServiceProvider } from '../cockpit/alerts/alerts.providers';
import { AlertService } from '../cockpit/alerts/alert.service';
import { executionProviders } from '../execution/execution.providers';
import { venueEventsProvider } from '../execution/venue-events.provider';
import { TradingRuntime } from '../execution/trading-runtime.service';
import { FleetJobs } from '../execution/fleet-jobs';
import {
  AUDIT_READER,
  AUDIT_SINK,
  AUDIT_TRAIL,
  EXECUTION_FACTORY,
  RISK,
  VENUE_EVENTS,
  CLOCK,
  COCKPIT_BUS,
  CONFIG,
  ENGINE_MANAGER,
  EXECUTIONS,
  INTENT_SINK,
  LOGGING,
  MARKET_DATA,
  OWNERSHIP,
  REGISTRY,
  VENUE_ENDPOINT,
  VENUE_PORT,
} from './tokens';

export interface RuntimeOptions {
  config: FlotillaConfig;
  logging: Logging;
  apiToken: ApiToken;
  clock?: Clock;
}

/**
 * The fleet's plain-TypeScript parts (venue, hub, registry, EngineManager) built by factories from
 * configuration, and the lifecycle that boots and stops them in order. Global: every feature
 * module injects them by token.
 */
@Global()
@Module({})
export class RuntimeModule {
  static register(options: RuntimeOptions): DynamicModule {
    const tokens = [
      CONFIG,
      LOGGING,
      CLOCK,
      API_TOKEN,
      VENUE_ENDPOINT,
      VENUE_PORT,
      MARKET_DATA,
      REGISTRY,
      OWNERSHIP,
      INTENT_SINK,
      ENGINE_MANAGER,
      EXECUTIONS,
      RISK,
      AUDIT_TRAIL,
      AUDIT_SINK,
      AUDIT_READER,
      EXECUTION_FACTORY,
      VENUE_EVENTS,
      COCKPIT_BUS,
    ];
    return {
      module: RuntimeModule,
      imports: [ScheduleModule.forRoot()],
      providers: [
        { provide: CONFIG, useValue: options.config },
        { provide: LOGGING, useValue: options.logging },
        { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
        { provide: API_TOKEN, useValue: options.apiToken },
        ...venueProviders,
        venuePortProvider,
        ...registryProviders,
        ...supervisorProviders,
        alertServiceProvider,
        ...executionProviders,
        venueEventsProvider,
        EngineOverridesService,
        FleetLifecycle,
        TradingRuntime,
        FleetJobs,
      ],
      exports: [...tokens, AlertService, EngineOverridesService, FleetLifecycle, FleetJobs],
    };
  }
}

import { Global, Module, type DynamicModule } from '@nestjs/common';
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
import { ExecutionRegistry } from '../trading/execution-registry';
import {
  CLOCK,
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
    ];
    return {
      module: RuntimeModule,
      providers: [
        { provide: CONFIG, useValue: options.config },
        { provide: LOGGING, useValue: options.logging },
        { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
        { provide: API_TOKEN, useValue: options.apiToken },
        ...venueProviders,
        venuePortProvider,
        ...registryProviders,
        ...supervisorProviders,
        { provide: EXECUTIONS, useFactory: () => new ExecutionRegistry() },
        EngineOverridesService,
        FleetLifecycle,
      ],
      exports: [...tokens, EngineOverridesService, FleetLifecycle],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SystemClock, type Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { Logging } from '@flotilla/logging';
import { API_TOKEN, BearerAuthGuard } from './auth/bearer-auth.guard';
import type { ApiToken } from './auth/api-token';
import { DataController } from './data/data.controller';
import { DataService } from './data/data.service';
import { EnginesController } from './engines/engines.controller';
import { EnginesService } from './engines/engines.service';
import { FaultInjectionGuard } from './engines/fault-injection.guard';
import { EventLoopLag } from './health/event-loop-lag';
import { HealthController } from './health/health.controller';
import { ReadinessIndicators } from './health/readiness.indicators';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { EngineOverridesService } from './runtime/engine-overrides.service';
import { FleetLifecycle } from './runtime/fleet-lifecycle.service';
import { runtimeProviders } from './runtime/runtime.providers';
import { CLOCK, CONFIG, LOGGING } from './runtime/tokens';
import { TradingController } from './trading/trading.controller';

export interface AppOptions {
  config: FlotillaConfig;
  logging: Logging;
  apiToken: ApiToken;
  clock?: Clock;
}

/** The orchestrator; configuration, logging and the token are resolved before Nest starts (main.ts). */
@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
      controllers: [
        EnginesController,
        DataController,
        TradingController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: CONFIG, useValue: options.config },
        { provide: LOGGING, useValue: options.logging },
        { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
        { provide: API_TOKEN, useValue: options.apiToken },
        ...runtimeProviders,
        MetricsService,
        EngineOverridesService,
        FleetLifecycle,
        EnginesService,
        DataService,
        ReadinessIndicators,
        EventLoopLag,
        BearerAuthGuard,
        FaultInjectionGuard,
      ],
    };
  }
}

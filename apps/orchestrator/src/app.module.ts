import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CockpitModule } from './cockpit/cockpit.module';
import { UnknownQueryInterceptor } from './common/unknown-query.interceptor';
import { DataModule } from './data/data.module';
import { EnginesModule } from './engines/engines.module';
import { HealthModule } from './health/health.module';
import { HttpHygieneModule } from './http/http-hygiene.module';
import { MetricsModule } from './metrics/metrics.module';
import { StandbyGuard } from './ownership/standby.guard';
import { RuntimeModule, type RuntimeOptions } from './runtime/runtime.module';
import { TradingModule } from './trading/trading.module';

export type AppOptions = RuntimeOptions;

/** The orchestrator; configuration, logging and the token are resolved before Nest starts (main.ts). */
@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.register(options),
        HttpHygieneModule,
        MetricsModule,
        EnginesModule,
        DataModule,
        TradingModule,
        HealthModule,
        CockpitModule,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: UnknownQueryInterceptor },
        { provide: APP_GUARD, useClass: StandbyGuard },
      ],
    };
  }
}

import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FlotillaConfig } from '@flotilla/config';
import type { Clock } from '@flotilla/core';
import { CLOCK, CONFIG } from '../runtime/tokens';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { RateLimitGuard, throttlerOptions } from './rate-limit.guard';

/** Per-client rate limits: reads and mutations (throttler), failed authentications (our own). */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: FlotillaConfig) => throttlerOptions(config),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: RateLimitGuard },
    {
      provide: AuthFailureLimiter,
      inject: [CONFIG, CLOCK],
      useFactory: (config: FlotillaConfig, clock: Clock) =>
        new AuthFailureLimiter(config.rateLimit.authFailuresPerMinute, clock),
    },
  ],
  exports: [AuthFailureLimiter],
})
export class HttpHygieneModule {}

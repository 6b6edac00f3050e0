import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  MemoryHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { ReadinessIndicators } from './readiness.indicators';
import { EventLoopLag } from './event-loop-lag';

/** Kubernetes probes; never behind auth. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly memory: MemoryHealthIndicator,
    private readonly readiness: ReadinessIndicators,
    @Inject(EventLoopLag) private readonly lag: EventLoopLag,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the event loop answers and the heap is within bounds' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.lag.check('eventLoop', 1000),
      () => this.memory.checkHeap('heap', 4 * 1024 ** 3),
    ]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: registry and venue reachable, not shutting down' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.readiness.notShuttingDown('shutdown'),
      () => this.readiness.registry('registry'),
      () => this.readiness.venue('venue'),
    ]);
  }
}

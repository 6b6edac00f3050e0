import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  MemoryHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { Response } from 'express';
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
  live(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    return this.probe(res, [
      () => this.lag.check('eventLoop', 1000),
      () => this.memory.checkHeap('heap', 4 * 1024 ** 3),
    ]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: registry and venue reachable, not shutting down' })
  ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    return this.probe(res, [
      () => this.readiness.notShuttingDown('shutdown'),
      () => this.readiness.ownership('ownership'),
      () => this.readiness.registry('registry'),
      () => this.readiness.venue('venue'),
    ]);
  }

  /** A failing check answers 503 with terminus's body (which indicator is down and why), not the generic error body. */
  private async probe(
    res: Response,
    indicators: HealthIndicatorFunction[],
  ): Promise<HealthCheckResult> {
    try {
      return await this.health.check(indicators);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      return err.getResponse() as HealthCheckResult;
    }
  }
}

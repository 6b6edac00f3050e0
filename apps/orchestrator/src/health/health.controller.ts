import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  type SchemaObject,
} from '@nestjs/swagger';
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

const INDICATORS: SchemaObject = {
  type: 'object',
  nullable: true,
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
  },
};

/** @nestjs/terminus's body, for 200 and 503 alike. */
const HEALTH_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: INDICATORS,
    error: INDICATORS,
    details: INDICATORS,
  },
};

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
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the event loop answers and the heap is within bounds',
  })
  @ApiOkResponse({
    description: 'alive',
    schema: HEALTH_SCHEMA,
    example: { status: 'ok', info: { eventLoop: { status: 'up' } }, error: {}, details: {} },
  })
  @ApiResponse({
    status: 503,
    description: 'event loop lagging or heap over its bound: restart the pod',
    schema: HEALTH_SCHEMA,
    example: { status: 'error', info: {}, error: { heap: { status: 'down' } }, details: {} },
  })
  live(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    return this.probe(res, [
      () => this.lag.check('eventLoop', 1000),
      () => this.memory.checkHeap('heap', 4 * 1024 ** 3),
    ]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: registry and venue reachable, not shutting down',
  })
  @ApiOkResponse({
    description: 'ready for traffic',
    schema: HEALTH_SCHEMA,
    example: { status: 'ok', info: { registry: { status: 'up' } }, error: {}, details: {} },
  })
  @ApiResponse({
    status: 503,
    description: 'not ready: the body names the indicator that is down and why',
    schema: HEALTH_SCHEMA,
    example: { status: 'error', info: {}, error: { shutdown: { status: 'down' } }, details: {} },
  })
  ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    return this.probe(res, [
      () => this.readiness.notShuttingDown('shutdown'),
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

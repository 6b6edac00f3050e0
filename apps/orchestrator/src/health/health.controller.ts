import { Controller, Get, Header, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiServiceUnavailableResponse,
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
import { DependenciesDto, ReadinessDto } from './dto/health.dto';
import { EventLoopLag } from './event-loop-lag';
import { HealthService, type DependenciesBody, type ReadinessBody } from './health.service';

const NO_CACHE = 'no-cache, no-store, must-revalidate';

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

/** Kubernetes probes; never behind auth. Ready and deps read cached state only. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly memory: MemoryHealthIndicator,
    private readonly service: HealthService,
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
  @Header('Cache-Control', NO_CACHE)
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: booted, engines resumed, not shutting down',
    description:
      'A database, venue or feed outage does not make the process unready (operators need the ' +
      'control plane most then); it is listed in degraded and dependencies, from the background check.',
  })
  @ApiOkResponse({ description: 'ready (dependencies may still be down)', type: ReadinessDto })
  @ApiServiceUnavailableResponse({
    description: 'booting, standby, resuming or shutting down',
    type: ReadinessDto,
  })
  ready(@Res({ passthrough: true }) res: Response): ReadinessBody {
    const { ready, body } = this.service.readiness();
    if (!ready) res.status(503);
    return body;
  }

  @Get('deps')
  @Header('Cache-Control', NO_CACHE)
  @ApiOperation({
    operationId: 'getDependencies',
    summary: 'Dependencies: registry, venue and market data as the background check last saw them',
    description: 'Always 200, a report rather than a probe: read status (ok or degraded).',
  })
  @ApiOkResponse({ description: 'the cached dependency states', type: DependenciesDto })
  deps(): DependenciesBody {
    return this.service.dependencies();
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

import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics (text format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    schema: { type: 'string' },
    description:
      'engine states, restarts, events, tick-to-signal latency, feed counters, event-loop lag',
  })
  render(): Promise<string> {
    return this.metrics.render();
  }
}

import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { lateByMs } from './late-by';

const RESOLUTION_MS = 20;

/** Event-loop delay (p99 over the last window) for the liveness probe. */
@Injectable()
export class EventLoopLag implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({
    resolution: RESOLUTION_MS,
  });

  constructor(private readonly indicator: HealthIndicatorService) {
    this.histogram.enable();
  }

  p99Ms(): number {
    return lateByMs(this.histogram.percentile(99), RESOLUTION_MS);
  }

  check(key: string, maxMs: number): HealthIndicatorResult {
    const p99Ms = Math.round(this.p99Ms() * 10) / 10;
    this.histogram.reset();
    const session = this.indicator.check(key);
    return p99Ms <= maxMs ? session.up({ p99Ms }) : session.down({ p99Ms, maxMs });
  }

  /** Module loading and wiring stall the loop once; the first probe should not count that. */
  onApplicationBootstrap(): void {
    this.histogram.reset();
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }
}

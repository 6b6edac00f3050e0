import { Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { ResilientRegistry } from '@flotilla/registry';
import { MetricsService } from '../metrics/metrics.service';
import { REGISTRY } from '../runtime/tokens';
import type { DependencyMonitor } from './dependency-monitor';
import { DEPENDENCY_MONITOR, dependencyMonitorProvider } from './dependency-monitor.provider';
import { EventLoopLag } from './event-loop-lag';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
  controllers: [HealthController],
  providers: [HealthService, EventLoopLag, dependencyMonitorProvider],
})
export class HealthModule implements OnApplicationBootstrap, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(DEPENDENCY_MONITOR) private readonly monitor: DependencyMonitor,
    @Inject(REGISTRY) private readonly registry: ResilientRegistry,
    private readonly metrics: MetricsService,
  ) {}

  /** The first round answers (within the check timeout) before boot goes on, so no probe sees "unknown". */
  async onApplicationBootstrap(): Promise<void> {
    this.metrics.setDependencySource(() => this.monitor.states());
    // The registry says itself when its writes start or stop failing; re-check it then, not a period later.
    this.unsubscribe = this.registry.onHealthChange(() => void this.monitor.refresh('registry'));
    await this.monitor.start();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.monitor.stop();
  }
}

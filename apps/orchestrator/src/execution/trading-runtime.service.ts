import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AuditTrail, RiskManager } from '@flotilla/execution';
import { MetricsService } from '../metrics/metrics.service';
import { AUDIT_TRAIL, EXECUTIONS, RISK, VENUE_EVENTS } from '../runtime/tokens';
import type { ExecutionRegistry } from '../trading/execution-registry';
import { registerTradingMetrics } from './trading-metrics';
import type { VenueEventRouter } from './venue-event-router';

/**
 * Execution's process-wide life: the private stream is subscribed at boot (retried until the
 * venue answers; executors reconcile over REST meanwhile) and trading metrics are registered; at
 * shutdown FleetLifecycle calls drain() once the engines stopped and before the registry closes.
 */
@Injectable()
export class TradingRuntime implements OnApplicationBootstrap {
  constructor(
    @Inject(VENUE_EVENTS) private readonly router: VenueEventRouter,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(RISK) private readonly risk: RiskManager,
    @Inject(EXECUTIONS) private readonly executions: ExecutionRegistry,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    registerTradingMetrics(this.metrics.registry, {
      executors: () => this.executions.list(),
      risk: () => this.risk,
    });
    this.router.start();
  }

  /** The stream closed, the audit trail and the risk state written out. */
  async drain(): Promise<void> {
    this.router.stop();
    await this.audit.flush();
    await this.risk.flush();
  }
}

import type { Clock, StructuredLogger } from '@flotilla/core';
import type { Priority, RequestBudget } from './request-budget';
import { BudgetShortError } from './classify';
import type { VenueMetrics } from './venue-metrics';

/**
 * Every REST call of the port passes here: the shared budget admits it (an entry is shed when
 * short, a protective call waits for the window), then it is timed, counted and logged at debug
 * with its client id. No key, secret or signature is ever a field here.
 */
export class VenueCalls {
  constructor(
    private readonly budget: RequestBudget,
    private readonly clock: Clock,
    private readonly metrics: VenueMetrics,
    private readonly logger: StructuredLogger,
  ) {}

  async run<T>(
    endpoint: string,
    priority: Priority,
    clientOrderId: string | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    await this.admit(endpoint, priority);
    const started = this.clock.monotonicMs();
    let ok = false;
    try {
      const result = await call();
      ok = true;
      return result;
    } finally {
      this.budget.release(endpoint);
      const latencyMs = this.clock.monotonicMs() - started;
      this.metrics.call(endpoint, latencyMs / 1000, ok);
      this.metrics.budgetInUse(this.budget.inUse());
      this.logger.debug('venue call', {
        endpoint,
        clientOrderId,
        priority,
        ok,
        latencyMs: Math.round(latencyMs * 100) / 100,
      });
    }
  }

  private async admit(endpoint: string, priority: Priority): Promise<void> {
    for (;;) {
      const admission = this.budget.admit(endpoint, priority);
      if (admission.go) return;
      if (priority === 'entry') throw new BudgetShortError(endpoint);
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, admission.waitMs));
    }
  }
}

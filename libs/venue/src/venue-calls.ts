import type { Clock, StructuredLogger } from '@flotilla/core';
import type { Priority, RequestBudget } from './request-budget';
import { AdmissionLine } from './admission-line';
import type { VenueMetrics } from './venue-metrics';

/**
 * Every REST call of the port passes here: the shared budget admits it (an entry is shed when
 * short, a protective call waits in its endpoint's line for the window), then it is timed, counted
 * and logged at debug with its client id. No key, secret or signature is ever a field here.
 */
export class VenueCalls {
  private readonly line: AdmissionLine;

  constructor(
    private readonly budget: RequestBudget,
    private readonly clock: Clock,
    private readonly metrics: VenueMetrics,
    private readonly logger: StructuredLogger,
  ) {
    this.line = new AdmissionLine(budget, clock);
  }

  async run<T>(
    endpoint: string,
    priority: Priority,
    clientOrderId: string | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    await this.line.admit(endpoint, priority);
    const started = this.clock.monotonicMs();
    let ok = false;
    try {
      const result = await call();
      ok = true;
      return result;
    } finally {
      this.budget.release(endpoint);
      this.line.released(endpoint);
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
}

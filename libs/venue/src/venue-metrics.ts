import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BreakerState } from './venue-guard';

/** placed, already-placed (an earlier send had booked it), not-sent:<reason>, rejected, failed. */
export type OrderOutcome = string;

export interface VenueMetrics {
  order(outcome: OrderOutcome): void;
  call(endpoint: string, seconds: number, ok: boolean): void;
  budgetInUse(requests: number): void;
  breaker(state: BreakerState): void;
}

export const noVenueMetrics: VenueMetrics = {
  order: () => undefined,
  call: () => undefined,
  budgetInUse: () => undefined,
  breaker: () => undefined,
};

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** The port's series in a prom-client registry (the orchestrator passes MetricsService's). */
export class PromVenueMetrics implements VenueMetrics {
  private readonly orders: Counter<'outcome'>;
  private readonly latency: Histogram<'endpoint' | 'result'>;
  private readonly budget: Gauge;
  private readonly breakerState: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.orders = new Counter({
      name: 'flotilla_venue_orders_total',
      help: 'Order placements through the venue port, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'flotilla_venue_call_seconds',
      help: 'Venue REST call latency by endpoint',
      labelNames: ['endpoint', 'result'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.budget = new Gauge({
      name: 'flotilla_venue_budget_in_use',
      help: 'Requests used in the current rate-limit windows of the venue account',
      registers,
    });
    this.breakerState = new Gauge({
      name: 'flotilla_venue_breaker_state',
      help: 'Circuit breaker of the venue account: 0 closed, 1 half-open, 2 open',
      registers,
    });
  }

  order(outcome: OrderOutcome): void {
    this.orders.inc({ outcome });
  }

  call(endpoint: string, seconds: number, ok: boolean): void {
    this.latency.observe({ endpoint, result: ok ? 'ok' : 'error' }, seconds);
  }

  budgetInUse(requests: number): void {
    this.budget.set(requests);
  }

  breaker(state: BreakerState): void {
    this.breakerState.set(BREAKER_VALUE[state]);
  }
}

import { Registry } from 'prom-client';
import { PromVenueMetrics } from './venue-metrics';

describe('PromVenueMetrics', () => {
  it('exposes orders by outcome, call latency by endpoint, budget in use and breaker state', async () => {
    const registry = new Registry();
    const metrics = new PromVenueMetrics(registry);
    metrics.order('placed');
    metrics.order('not-sent:breaker-open');
    metrics.call('order/create', 0.004, true);
    metrics.budgetInUse(7);
    metrics.breaker('open');
    const text = await registry.metrics();
    expect(text).toContain('flotilla_venue_orders_total{outcome="placed"} 1');
    expect(text).toContain('flotilla_venue_orders_total{outcome="not-sent:breaker-open"} 1');
    expect(text).toContain(
      'flotilla_venue_call_seconds_count{endpoint="order/create",result="ok"} 1',
    );
    expect(text).toContain('flotilla_venue_budget_in_use 7');
    expect(text).toContain('flotilla_venue_breaker_state 2');
  });
});

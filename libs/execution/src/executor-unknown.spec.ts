import { ExecutorHarness } from '@flotilla/execution/testing';

describe('Executor: unknown outcomes', () => {
  it('an unclear send is looked up on the timer and resolved; no second place call', async () => {
    const h = new ExecutorHarness();
    await h.started();
    h.venue.script('place', { kind: 'unknown', booked: true });
    await h.intent('buy', '100', 'u');
    expect(h.executor.orders()[0].state).toBe('unknown');
    expect(h.audit.of('order.unknown')).toHaveLength(1);
    expect(h.executor.status().position?.state).toBe('opening');

    await h.tick(1000);
    expect(h.venue.calls.filter((c) => c.method === 'orderByClientId')).toHaveLength(1);
    expect(h.executor.orders()[0].state).toBe('accepted');
    expect(h.audit.of('order.resolved')[0].details.status).toBe('open');
    expect(h.venue.placeCalls()).toHaveLength(1);

    await h.fill(h.entryId('u'), '100');
    expect(h.executor.status().position?.state).toBe('open');
    await h.tick(1000);
    expect(h.venue.placeCalls()).toHaveLength(1);
  });

  it('not found after the lookups: resent once with the same client order id; the venue holds one order', async () => {
    const h = new ExecutorHarness();
    await h.started();
    h.venue.script('place', { kind: 'unknown', booked: false });
    await h.intent('buy', '100', 'n');
    for (let i = 0; i < 3; i++) await h.tick(1000);
    const places = h.venue.placeCalls();
    expect(places).toHaveLength(2);
    expect(places[1].signalId).toBe(places[0].signalId);
    expect(places[1].leg).toBe('entry');
    const id = h.entryId('n');
    expect([...h.venue.orders.keys()].filter((k) => k === id)).toHaveLength(1);
    expect(h.executor.orders()[0].state).toBe('accepted');
    expect(h.audit.of('order.submitted').map((e) => e.details.resend ?? false)).toEqual([
      false,
      true,
    ]);
  });

  it('a failed lookup is retried on the next tick (one order on the venue)', async () => {
    const h = new ExecutorHarness('BTCUSDT', { lookupAttempts: 1 });
    await h.started();
    h.venue.script('place', { kind: 'unknown', booked: true });
    h.venue.script('orderByClientId', { kind: 'retryable' });
    await h.intent('sell', '100', 'd');
    await h.tick(1000); // lookup fails: retried later
    h.venue.script('orderByClientId', { kind: 'hold' });
    await h.tick(1000); // the second lookup waits on the venue
    expect(h.venue.heldCount).toBe(1);
    await h.tick(1000); // no second lookup while one is in flight
    expect(h.venue.calls.filter((c) => c.method === 'orderByClientId')).toHaveLength(2);
    expect(h.executor.orders()[0].state).toBe('unknown');
    h.venue.release();
    await h.host.settle();
    expect(h.executor.orders()[0].state).toBe('accepted');
    expect(h.venue.placeCalls()).toHaveLength(1);
    expect(h.venue.orders.size).toBe(1);
  });
});

import { dec } from '@flotilla/core';
import { ExecutorHarness } from '@flotilla/execution/testing';

describe('Executor: signal to a protected position', () => {
  it('enters with SL/TP attached, fill → unprotected → stop confirmed → open, one trace', async () => {
    const h = new ExecutorHarness();
    await h.started();
    expect(h.executor.status().reconcile.state).toBe('done');

    await h.intent('buy', '100', 'sig-1');
    const [entry] = h.venue.placeCalls();
    expect(entry).toMatchObject({ leg: 'entry', side: 'buy', type: 'market', signalId: 'sig-1' });
    expect(entry.qty.toFixed()).toBe('1');
    expect(entry.stopLoss?.toFixed()).toBe('99');
    expect(entry.takeProfit?.toFixed()).toBe('102');
    expect(h.executor.status().position?.state).toBe('opening');
    expect(h.risk.reserved.size).toBe(1);

    h.venue.fillOrder(h.entryId('sig-1'), '100.1');
    for (const item of h.host.queue.splice(0, 2)) item.fn(); // the order and fill events, not the position
    expect(h.executor.status().position).toMatchObject({
      state: 'unprotected',
      stopConfirmed: false,
    });
    await h.host.settle();

    const s = h.executor.status();
    expect(s.position).toMatchObject({ state: 'open', side: 'long', stopConfirmed: true });
    expect(s.position?.qty.toFixed()).toBe('1');
    expect(s.position?.entryPrice?.toFixed()).toBe('100.1');
    expect(s.position?.stopPrice?.toFixed()).toBe('99');
    expect(h.risk.commits).toHaveLength(1);
    expect(h.risk.commits[0].filledNotional.toFixed()).toBe('100.1');

    const trail = h.audit.entries.filter(
      (e) => e.action !== 'reconcile.started' && e.action !== 'reconcile.done',
    );
    expect(trail.map((e) => e.action)).toEqual([
      'order.submitted',
      'order.accepted',
      'order.filled',
      'fill',
      'position.opened',
      'stop.confirmed',
    ]);
    expect(new Set(trail.map((e) => e.traceId))).toEqual(new Set(['sig-1']));
    const fill = h.audit.of('fill')[0].details;
    expect(fill).toMatchObject({
      side: 'buy',
      price: '100.1',
      qty: '1',
      fee: '0.06006',
      realizedPnl: '0',
    });
    expect(h.executor.orders().map((o) => [o.leg, o.state])).toEqual([['entry', 'filled']]);

    const stats = h.executor.stats();
    expect(stats).toMatchObject({ signals: 1, entriesSubmitted: 1, entriesFilled: 1 });
    expect(stats.signalToAckMs).toHaveLength(1);
    expect(stats.slippageBps[0]).toBeCloseTo(10, 6);
    expect(h.executor.status().realizedPnl.toFixed()).toBe('-0.06006');
  });

  it('tells onEntryAck the signal-to-ack time of each entry, and of nothing else', async () => {
    const acks: number[] = [];
    const h = new ExecutorHarness('BTCUSDT', { onEntryAck: (ms) => acks.push(ms) });
    await h.started();
    h.venue.script('place', { kind: 'hold' });
    h.executor.onIntent(h.signal('buy', '100', 'sig-1'));
    await h.host.settle();
    expect(acks).toEqual([]);
    h.clock.advance(7);
    h.venue.release();
    await h.host.settle();
    expect(acks).toEqual([7]);
    expect(h.executor.stats().signalToAckMs).toEqual([7]);

    await h.fill(h.entryId('sig-1'), '100');
    await h.intent('sell', '100', 'sig-2'); // the opposite signal closes: no entry, no ack
    expect(h.venue.placeCalls().map((c) => c.leg)).toEqual(['entry', 'close']);
    expect(acks).toEqual([7]);
  });

  it('no entry while a position is held, while paused, or before reconciliation', async () => {
    const h = new ExecutorHarness();
    await h.intent('buy'); // not started: no reconciliation
    expect(h.venue.placeCalls()).toHaveLength(0);
    await h.started();
    h.host.paused = true;
    await h.intent('buy');
    expect(h.venue.placeCalls()).toHaveLength(0);
    h.host.paused = false;
    await h.intent('buy', '100', 'a');
    await h.intent('buy', '100', 'b');
    expect(h.venue.placeCalls()).toHaveLength(1);
    expect(h.executor.stats().signals).toBe(4);
  });

  it('a signal while paused is refused and audited (engine-paused), not counted as a risk refusal', async () => {
    const h = new ExecutorHarness();
    await h.started();
    h.host.paused = true;
    await h.intent('buy', '100', 'p1');
    expect(h.venue.placeCalls()).toHaveLength(0);
    expect(h.risk.reserved.size).toBe(0);
    const refusals = h.audit.of('risk.refused');
    expect(refusals.map((e) => [e.traceId, e.details.reason])).toEqual([['p1', 'engine-paused']]);
    expect(refusals[0].actor).toMatch(/^engine:/);
    expect(h.executor.stats().riskRefusals).toBe(0);
  });

  it('a risk refusal is audited with its reason and counted; nothing is sent', async () => {
    const h = new ExecutorHarness();
    await h.started();
    h.risk.maxOpen = 0;
    await h.intent('buy', '100', 'r1');
    h.risk.blocked = 'kill-switch';
    await h.intent('buy', '100', 'r2');
    expect(h.venue.placeCalls()).toHaveLength(0);
    const refusals = h.audit.of('risk.refused');
    expect(refusals.map((e) => [e.traceId, e.details.reason, e.actor])).toEqual([
      ['r1', 'max-open-positions', 'risk'],
      ['r2', 'kill-switch', 'risk'],
    ]);
    expect(h.executor.stats().riskRefusals).toBe(2);
    expect(h.executor.status().position).toBeNull();
  });

  it.each([
    ['rejected by the venue', { kind: 'reject' } as const, 'rejected by the fake venue'],
    [
      'not sent by the port',
      { kind: 'not-sent', reason: 'below-min-qty' } as const,
      'below-min-qty',
    ],
  ])('releases the reservation when the entry is %s', async (_name, outcome, reason) => {
    const h = new ExecutorHarness();
    await h.started();
    h.venue.script('place', outcome);
    await h.intent('buy', '100', 'x');
    expect(h.risk.releases).toHaveLength(1);
    expect(h.risk.reserved.size).toBe(0);
    expect(h.executor.status().position).toBeNull();
    expect(h.audit.of('order.rejected')).toHaveLength(1);
    expect(h.executor.stats().entriesRejected).toBe(1);
    expect(h.audit.of('order.rejected')[0].details.reason).toContain(reason);
    await h.intent('buy', '100', 'y'); // flat again: the next signal enters
    expect(h.venue.placeCalls()).toHaveLength(2);
  });

  it('releases the reservation when the venue cancels the entry unfilled', async () => {
    const h = new ExecutorHarness();
    await h.started();
    await h.intent('buy', '100', 'c');
    await h.venue.cancel('BTCUSDT', h.entryId('c'));
    await h.host.settle();
    expect(h.risk.releases).toHaveLength(1);
    expect(h.executor.status().position).toBeNull();
    expect(h.audit.of('order.cancelled')).toHaveLength(1);
  });

  it('unrealised PnL follows the book mid', async () => {
    const h = new ExecutorHarness();
    await h.started();
    await h.intent('sell', '100', 's');
    await h.fill(h.entryId('s'), '100');
    h.book('98', '98.2');
    expect(h.executor.status().unrealizedPnl.toFixed()).toBe('1.9');
    expect(h.executor.status().position?.side).toBe('short');
    expect(dec('1').eq(h.executor.status().position?.qty ?? 0)).toBe(true);
  });

  it('sets the configured leverage on the venue once reconciled, once per run', async () => {
    const h = new ExecutorHarness();
    await h.started();
    const calls = h.venue.calls.filter((c) => c.method === 'setLeverage');
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0]).toBe('BTCUSDT');
    await h.tick();
    expect(h.venue.calls.filter((c) => c.method === 'setLeverage')).toHaveLength(1);
  });
});

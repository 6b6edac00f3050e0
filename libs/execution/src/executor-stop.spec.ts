import { Decimal } from '@flotilla/core';
import type { PlaceOrderRequest } from '@flotilla/engine';
import { ExecutorHarness } from '@flotilla/execution/testing';

const isStop = (args: readonly unknown[]) => (args[0] as PlaceOrderRequest).leg === 'stop';

describe('Executor: the stop guard', () => {
  it('places a reduce-only conditional stop when none stands after the fill, then confirms it', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    await h.started();
    await h.intent('buy', '100', 'p');
    await h.fill(h.entryId('p'), '100');
    const stop = h.venue.placeCalls().find((r) => r.leg === 'stop');
    expect(stop).toMatchObject({ side: 'sell', type: 'market', reduceOnly: true, signalId: 'p' });
    expect(stop?.triggerPrice?.toFixed()).toBe('99');
    expect(stop?.qty.toFixed()).toBe('1');
    expect(h.executor.status().position).toMatchObject({ state: 'open', stopConfirmed: true });
    const actions = h.audit.actions();
    expect(actions.indexOf('stop.missing')).toBeLessThan(actions.indexOf('stop.placed'));
    expect(actions.indexOf('stop.placed')).toBeLessThan(actions.indexOf('stop.confirmed'));
    expect(h.audit.of('stop.confirmed')[0].details.source).toBe('order');
    expect(h.host.pauses).toHaveLength(0);
  });

  it.each([
    ['1 s ticks', 1000, 3],
    ['0.7 s ticks', 700, 5],
  ])(
    'stop never confirmed (the venue keeps failing): closed at market and paused once 3 s have passed, never before (%s)',
    async (_n, tickMs, closingTick) => {
      const h = new ExecutorHarness();
      h.venue.attachStops = false;
      h.venue.script('place', { kind: 'retryable' }, isStop, 1000);
      await h.started();
      await h.intent('buy', '100', 'e');
      await h.fill(h.entryId('e'), '100');
      expect(h.executor.status().position?.state).toBe('unprotected');
      for (let i = 1; i < closingTick; i++) {
        await h.tick(tickMs);
        expect(h.venue.placeCalls().some((r) => r.leg === 'close')).toBe(false);
        expect(h.host.pauses).toHaveLength(0);
      }
      await h.tick(tickMs);
      const close = h.venue.placeCalls().find((r) => r.leg === 'close');
      expect(close).toMatchObject({ side: 'sell', type: 'market', reduceOnly: true });
      expect(h.host.pauses).toHaveLength(1);
      expect(h.host.pauses[0]).toContain('the fake venue is busy');
      expect(h.executor.status().position?.state).toBe('closing');
      const emergency = h.audit.of('position.emergency-close')[0];
      expect(emergency.traceId).toBe('e');
      expect(emergency.details.unprotectedMs).toBeGreaterThanOrEqual(3000);
      expect(emergency.details.unprotectedMs).toBeLessThanOrEqual(tickMs * closingTick);
      expect(h.audit.of('engine.paused')).toHaveLength(1);

      await h.fill(h.venue.clientOrderIdOf('BTCUSDT', String(close?.signalId), 'close'), '99.5');
      expect(h.executor.status().position).toBeNull();
      expect(h.audit.of('position.closed')[0].details.realizedPnl).toBe('-0.6197');
      expect(h.risk.closedSymbols).toEqual(['BTCUSDT']);
    },
  );

  it('stop refused by the venue: closed at market and paused at once, without waiting out the 3 s', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    h.venue.script('place', { kind: 'reject', message: 'stop refused' }, isStop, 1000);
    await h.started();
    await h.intent('buy', '100', 'r');
    await h.fill(h.entryId('r'), '100');
    const close = h.venue.placeCalls().find((r) => r.leg === 'close');
    expect(close).toMatchObject({ side: 'sell', type: 'market', reduceOnly: true });
    expect(h.host.pauses).toHaveLength(1);
    expect(h.host.pauses[0]).toContain('stop refused');
    expect(h.executor.status().position?.state).toBe('closing');
    expect(h.audit.of('position.emergency-close')[0].details.unprotectedMs).toBeLessThan(3000);
    expect(h.audit.of('engine.paused')).toHaveLength(1);

    h.clock.advance(5000); // the deadline passes: no second close, no second pause
    await h.host.settle();
    expect(h.venue.placeCalls().filter((r) => r.leg === 'close')).toHaveLength(1);
    expect(h.audit.of('position.emergency-close')).toHaveLength(1);
  });

  it('a stop that disappears from an open position is placed again', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    await h.started();
    await h.intent('sell', '100', 'q');
    await h.fill(h.entryId('q'), '100');
    const stopId = h.venue.clientOrderIdOf('BTCUSDT', 'q', 'stop');
    expect(h.executor.status().position?.state).toBe('open');
    await h.venue.cancel('BTCUSDT', stopId); // someone cancels our stop
    await h.host.settle();
    const stops = h.venue.placeCalls().filter((r) => r.leg === 'stop');
    expect(stops).toHaveLength(2);
    expect(stops[1].side).toBe('buy');
    expect(stops[1].triggerPrice?.toFixed()).toBe('101');
    expect(h.executor.status().position).toMatchObject({ state: 'open', stopConfirmed: true });
  });

  it('the 3 s deadline closes without any engine timer tick (the clock alone)', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    h.venue.script('place', { kind: 'retryable' }, isStop, 1000);
    await h.started();
    await h.intent('buy', '100', 'd');
    await h.fill(h.entryId('d'), '100');
    h.clock.advance(2999);
    await h.host.settle();
    expect(h.venue.placeCalls().some((r) => r.leg === 'close')).toBe(false);
    h.clock.advance(1);
    await h.host.settle();
    expect(h.venue.placeCalls().some((r) => r.leg === 'close')).toBe(true);
    expect(h.audit.of('position.emergency-close')[0].details.unprotectedMs).toBe(3000);
  });

  it('a stopped run arms no deadline: nothing is closed after stop()', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    h.venue.script('place', { kind: 'retryable' }, isStop, 1000);
    await h.started();
    await h.intent('buy', '100', 's');
    await h.fill(h.entryId('s'), '100');
    h.executor.stop();
    h.clock.advance(10_000);
    await h.host.settle();
    expect(h.venue.placeCalls().some((r) => r.leg === 'close')).toBe(false);
  });

  it('a stream position report with the stop, arriving before the fill, confirms it without a REST read', async () => {
    const h = new ExecutorHarness();
    h.venue.positionFirst = true;
    await h.started();
    const readsBefore = h.venue.calls.filter((c) => c.method === 'positions').length;
    await h.intent('buy', '100', 'pf');
    await h.fill(h.entryId('pf'), '100');
    expect(h.executor.status().position).toMatchObject({ state: 'open', stopConfirmed: true });
    expect(h.venue.calls.filter((c) => c.method === 'positions').length).toBe(readsBefore);
    expect(h.audit.of('stop.confirmed')[0].details.source).toBe('position');
  });

  it('a stale stream report (another size) does not confirm: the stop is read back and placed', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    await h.started();
    h.executor.onVenueEvent({
      kind: 'position',
      position: {
        symbol: 'BTCUSDT',
        side: 'long',
        size: new Decimal(5),
        entryPrice: new Decimal(100),
        unrealisedPnl: new Decimal(0),
        leverage: null,
        stopLoss: new Decimal(90),
        takeProfit: null,
      },
    });
    await h.intent('buy', '100', 'st');
    await h.fill(h.entryId('st'), '100');
    expect(h.venue.placeCalls().some((r) => r.leg === 'stop')).toBe(true);
    expect(h.audit.of('stop.confirmed')[0].details.source).toBe('order');
  });
});

import { Decimal, dec } from '@flotilla/core';
import { ExecutorHarness, testClientOrderId } from '@flotilla/execution/testing';
import { PnlLedger } from './pnl-ledger';

const S = 'BTCUSDT';
const id = (sig: string, leg: 'entry' | 'stop' | 'take-profit' | 'close') =>
  testClientOrderId(S, sig, leg);

/** A position opened while the service was down: only the venue knows it. */
function downtimePosition(h: ExecutorHarness): void {
  h.venue.silentTrade(S, 'buy', '100', '1', id('old', 'entry'));
  h.venue.seedPosition({ symbol: S, side: 'long', size: dec('1'), entryPrice: dec('100') });
}

describe('Executor: reconciliation on start', () => {
  it('adopts our orders and the position, cancels a foreign order, places the missing stop, recovers fills', async () => {
    const h = new ExecutorHarness();
    downtimePosition(h);
    h.venue.seedOrder({ clientOrderId: 'manual-1', symbol: S });
    h.venue.seedOrder({
      clientOrderId: id('old', 'take-profit'),
      symbol: S,
      reduceOnly: true,
      price: dec('102'),
    });
    await h.started();

    const s = h.executor.status();
    expect(s.reconcile).toMatchObject({ state: 'done', error: null });
    expect(s.reconcile.differences).toBeGreaterThanOrEqual(2);
    expect(s.position).toMatchObject({ state: 'open', side: 'long', stopConfirmed: true });
    expect(h.venue.orders.get('manual-1')?.status).toBe('canceled');
    expect(h.audit.of('reconcile.cancelled')[0].details).toMatchObject({
      clientOrderId: 'manual-1',
      reason: 'not ours',
    });
    expect(h.executor.orders().map((o) => [o.leg, o.state])).toEqual(
      expect.arrayContaining([
        ['take-profit', 'accepted'],
        ['stop', 'accepted'],
      ]),
    );
    const stop = h.venue.placeCalls().find((r) => r.leg === 'stop');
    expect(stop?.triggerPrice?.toFixed()).toBe('99');
    expect(stop?.reduceOnly).toBe(true);
    expect(h.risk.adopted).toEqual([{ symbol: S, notional: dec('100') }]);

    const recovered = h.audit.of('fill');
    expect(recovered).toHaveLength(1);
    expect(recovered[0].details.recovered).toBe(true);
    const venuePnl = h.venue.fills.reduce((a, f) => a.sub(f.fee), new Decimal(0));
    expect(s.realizedPnl.eq(venuePnl)).toBe(true);
    const actions = h.audit.actions();
    expect(actions[0]).toBe('reconcile.started');
    expect(actions.indexOf('reconcile.done')).toBeGreaterThan(actions.indexOf('reconcile.adopted'));
  });

  it('counts an adopted stop of ours and places nothing; realised PnL equals the venue after a round trip while down', async () => {
    const h = new ExecutorHarness();
    h.venue.silentTrade(S, 'sell', '100', '2', id('a', 'entry'));
    h.venue.silentTrade(S, 'buy', '95', '2', id('a', 'close'));
    h.venue.silentTrade(S, 'buy', '96', '1', id('b', 'entry'));
    h.venue.seedPosition({ symbol: S, side: 'long', size: dec('1'), entryPrice: dec('96') });
    h.venue.seedOrder({
      clientOrderId: id('b', 'stop'),
      symbol: S,
      reduceOnly: true,
      triggerPrice: dec('95'),
    });
    await h.started();
    expect(h.venue.placeCalls()).toHaveLength(0);
    expect(h.executor.status().position).toMatchObject({ state: 'open', stopConfirmed: true });
    expect(h.executor.status().position?.stopPrice?.toFixed()).toBe('95');
    const fromVenue = PnlLedger.fromAudit([]);
    for (const f of h.venue.fills) fromVenue.apply(f);
    expect(h.executor.status().realizedPnl.eq(fromVenue.realized)).toBe(true);
    expect(h.executor.status().tradeCount).toBe(1);
    // a second executor (restart) rebuilds the same PnL from the trail, recovering nothing twice
    const again = new ExecutorHarness();
    for (const e of h.audit.entries) again.audit.append(e);
    for (const f of h.venue.fills) again.venue.fills.push(f);
    again.venue.seedPosition({
      symbol: S,
      side: 'long',
      size: dec('1'),
      entryPrice: dec('96'),
      stopLoss: dec('95'),
    });
    await again.started();
    expect(again.executor.status().realizedPnl.eq(fromVenue.realized)).toBe(true);
    expect(again.audit.of('fill')).toHaveLength(3);
  });

  it('recovers an entry fill the stream lost before a close it did see (reads from the last flat moment)', async () => {
    const h = new ExecutorHarness();
    const entry = h.venue.silentTrade(S, 'buy', '100', '1', id('a', 'entry'));
    h.clock.advance(60_000);
    const close = h.venue.silentTrade(S, 'sell', '99', '1', id('a', 'stop'));
    // the trail has the close only: the entry's fill never arrived before the process died
    h.audit.append({
      atMs: close.at,
      symbol: S,
      action: 'fill',
      traceId: 'a',
      actor: `engine:${S}`,
      requestId: null,
      details: {
        fillId: close.fillId,
        orderId: close.orderId,
        clientOrderId: close.clientOrderId,
        side: 'sell',
        price: '99',
        qty: '1',
        fee: close.fee.toFixed(),
        realizedPnl: '0',
        at: close.at,
      },
    });
    await h.started();
    const fromVenue = PnlLedger.fromAudit([]);
    fromVenue.apply(entry);
    fromVenue.apply(close);
    expect(h.executor.status().realizedPnl.toFixed()).toBe(fromVenue.realized.toFixed());
    expect(h.executor.status().position).toBeNull();
    expect(h.audit.of('fill').filter((e) => e.details.recovered === true)).toHaveLength(1);
  });

  it('cancels an entry of ours with no position behind it', async () => {
    const h = new ExecutorHarness();
    h.venue.seedOrder({ clientOrderId: id('z', 'entry'), symbol: S });
    await h.started();
    expect(h.venue.orders.get(id('z', 'entry'))?.status).toBe('canceled');
    expect(h.audit.of('reconcile.cancelled')[0].details.reason).toBe('entry without a position');
    expect(h.executor.status().position).toBeNull();
  });

  it('closes at market when the mark is already past the stop', async () => {
    const h = new ExecutorHarness();
    downtimePosition(h);
    h.book('98', '98.2');
    await h.started();
    const close = h.venue.placeCalls().find((r) => r.leg === 'close');
    expect(close).toMatchObject({ side: 'sell', reduceOnly: true });
    expect(h.venue.placeCalls().some((r) => r.leg === 'stop')).toBe(false);
    expect(h.audit.of('position.emergency-close')).toHaveLength(1);
  });

  it('no entry before it is done; a failure is retried with backoff on the timer', async () => {
    const h = new ExecutorHarness();
    h.venue.script('openOrders', { kind: 'retryable' });
    await h.started();
    expect(h.executor.status().reconcile).toMatchObject({ state: 'failed' });
    expect(h.executor.status().reconcile.error).toContain('busy');
    expect(h.audit.of('reconcile.failed')[0].details.retryInMs).toBe(1000);
    await h.intent('buy');
    expect(h.venue.placeCalls()).toHaveLength(0);
    await h.tick(999);
    expect(h.executor.status().reconcile.state).toBe('failed');
    await h.tick(1);
    expect(h.executor.status().reconcile.state).toBe('done');
    expect(h.audit.of('reconcile.started')).toHaveLength(2);
    await h.intent('buy');
    expect(h.venue.placeCalls()).toHaveLength(1);
  });

  it('holds venue events that arrive during reconciliation and applies them after', async () => {
    const h = new ExecutorHarness();
    h.venue.script('openOrders', { kind: 'hold' });
    h.executor.start();
    await h.host.settle();
    const fill = h.venue.silentTrade(S, 'buy', '100', '1');
    h.executor.onVenueEvent({ kind: 'fill', fill });
    expect(h.audit.of('fill')).toHaveLength(0);
    h.venue.release();
    await h.host.settle();
    expect(h.executor.status().reconcile.state).toBe('done');
    // the venue read showed the position; the held fill adds nothing twice
    expect(h.audit.of('fill')).toHaveLength(1);
    expect(h.executor.status().position?.qty.toFixed()).toBe('1');
  });
});

describe('Executor: status while reconciling', () => {
  it('shows no position before reconciliation has decided one (recovered fills alone are not a position state)', async () => {
    const h = new ExecutorHarness();
    downtimePosition(h);
    h.venue.script('openOrders', { kind: 'hold' }, () => true, 1);
    await h.started();
    const during = h.executor.status();
    expect(during.reconcile.state).toBe('running');
    expect(h.audit.of('fill')).toHaveLength(1); // the downtime fill is already recovered
    expect(during.position).toBeNull();

    h.venue.release();
    await h.host.settle();
    expect(h.executor.status().position).toMatchObject({ state: 'open', side: 'long' });
  });
});

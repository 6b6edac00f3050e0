import { dec } from '@flotilla/core';
import { ExecutorHarness, testClientOrderId } from '@flotilla/execution/testing';
import { ZOMBIE_CANCEL_TRIES } from './zombie-sweeper';

const S = 'BTCUSDT';
const MIN = 60_000;
const isCancelOf = (id: string) => (a: readonly unknown[]) => a[1] === id;

/** The fleet's zombie job: a tick every minute; the executor decides whether its sweep is due. */
async function minute(h: ExecutorHarness): Promise<void> {
  h.clock.advance(MIN);
  h.executor.maintenance('zombies', h.clock.now());
  await h.host.settle();
}

const sweeps = (h: ExecutorHarness) =>
  h.venue.calls.filter((c) => c.method === 'openOrders').length;
const cancels = (h: ExecutorHarness, id: string) =>
  h.venue.calls.filter((c) => c.method === 'cancel' && c.args[1] === id).length;

/** Minutes (after the start) at which a sweep read the venue, over `minutes` ticks. */
async function sweepMinutes(h: ExecutorHarness, minutes: number, from = 1): Promise<number[]> {
  const at: number[] = [];
  for (let m = from; m < from + minutes; m++) {
    const before = sweeps(h);
    await minute(h);
    if (sweeps(h) > before) at.push(m);
  }
  return at;
}

describe('ZombieSweeper (the fleet zombie job in the executor)', () => {
  it('adaptive interval: 60 s, then 120, 240, 300 s while clean; back to 60 s after a finding', async () => {
    const h = new ExecutorHarness();
    await h.started();
    // Sweeps at +1, +3 (120 s), +7 (240 s), +12 and +17 (300 s, the cap).
    expect(await sweepMinutes(h, 17)).toEqual([1, 3, 7, 12, 17]);
    h.venue.seedOrder({ clientOrderId: 'manual-1', symbol: S });
    // Found at +22 and cancelled; the next sweep a minute later (+23), then 120 s (+25), 240 s (+29).
    expect(await sweepMinutes(h, 12, 18)).toEqual([22, 23, 25, 29]);
    expect(h.venue.orders.get('manual-1')?.status).toBe('canceled');
    expect(h.audit.of('zombie.cancelled')[0].details).toMatchObject({
      clientOrderId: 'manual-1',
      reason: 'not ours',
      tries: 1,
    });
  });

  it(`a cancel that keeps failing is tried ${ZOMBIE_CANCEL_TRIES} times, a sweep apart, then given up with an alert`, async () => {
    const h = new ExecutorHarness();
    await h.started();
    h.venue.seedOrder({ clientOrderId: 'manual-1', symbol: S });
    h.venue.script('cancel', { kind: 'retryable' }, isCancelOf('manual-1'), 100);
    await minute(h);
    expect(cancels(h, 'manual-1')).toBe(1);
    expect(h.audit.of('zombie.gave-up')).toHaveLength(0);
    await minute(h);
    expect(cancels(h, 'manual-1')).toBe(2);
    expect(h.audit.of('zombie.gave-up')).toHaveLength(0);
    await minute(h);
    expect(cancels(h, 'manual-1')).toBe(3);
    expect(h.audit.of('zombie.gave-up')).toHaveLength(1);
    expect(h.audit.of('zombie.gave-up')[0].details).toMatchObject({
      clientOrderId: 'manual-1',
      tries: 3,
    });
    for (let i = 0; i < 10; i++) await minute(h);
    expect(cancels(h, 'manual-1')).toBe(3);
    expect(h.audit.of('zombie.cancelled')).toHaveLength(0);
  });

  it('a cancel that fails once succeeds at the second try', async () => {
    const h = new ExecutorHarness();
    await h.started();
    h.venue.seedOrder({ clientOrderId: 'manual-1', symbol: S });
    h.venue.script('cancel', { kind: 'retryable' }, isCancelOf('manual-1'), 1);
    await minute(h);
    await minute(h);
    expect(h.venue.orders.get('manual-1')?.status).toBe('canceled');
    expect(h.audit.of('zombie.cancelled')[0].details).toMatchObject({ tries: 2 });
  });

  it('reduce-only orders of ours with no position behind them are cancelled', async () => {
    const h = new ExecutorHarness();
    await h.started();
    const tp = testClientOrderId(S, 'gone', 'take-profit');
    h.venue.seedOrder({ clientOrderId: tp, symbol: S, reduceOnly: true, price: dec('102') });
    await minute(h);
    expect(h.venue.orders.get(tp)?.status).toBe('canceled');
    expect(h.audit.of('zombie.cancelled')[0].details.reason).toBe('no position behind it');
  });

  it('an untracked stop of ours under the open position is adopted; a second one is cancelled', async () => {
    const h = new ExecutorHarness();
    await h.started();
    await h.intent('buy', '100', 'p');
    await h.fill(h.entryId('p'), '100');
    const stray = testClientOrderId(S, 'stray', 'stop');
    const second = testClientOrderId(S, 'second', 'stop');
    const stop = { symbol: S, side: 'sell' as const, reduceOnly: true, triggerPrice: dec('98') };
    h.venue.seedOrder({ clientOrderId: stray, ...stop });
    await minute(h);
    expect(h.audit.of('zombie.adopted')[0].details).toMatchObject({
      clientOrderId: stray,
      leg: 'stop',
    });
    expect(h.executor.orders().find((o) => o.clientOrderId === stray)?.state).toBe('accepted');
    expect(h.venue.orders.get(stray)?.status).toBe('open');

    h.venue.seedOrder({ clientOrderId: second, ...stop });
    await minute(h); // the finding set the interval back to a minute
    expect(h.venue.orders.get(second)?.status).toBe('canceled');
    expect(h.audit.of('zombie.cancelled')[0].details.reason).toBe('a second stop');
    expect(h.venue.orders.get(stray)?.status).toBe('open');
  });

  it('an order gone by the time it is cancelled (venue: not found) is neither retried nor given up', async () => {
    const h = new ExecutorHarness();
    await h.started();
    h.venue.seedOrder({ clientOrderId: 'manual-1', symbol: S });
    h.venue.script('cancel', { kind: 'hold' }, isCancelOf('manual-1'));
    await minute(h);
    const o = h.venue.orders.get('manual-1');
    if (o) o.status = 'closed'; // filled meanwhile: the held cancel then finds nothing to cancel
    h.venue.release();
    await h.host.settle();
    for (let i = 0; i < 5; i++) await minute(h);
    expect(cancels(h, 'manual-1')).toBe(1);
    expect(h.audit.of('zombie.gave-up')).toHaveLength(0);
    expect(h.audit.of('zombie.cancelled')).toHaveLength(0);
  });
});

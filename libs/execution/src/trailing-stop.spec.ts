import type { PlaceOrderRequest } from '@flotilla/engine';
import { ExecutorHarness } from '@flotilla/execution/testing';
import { TRAIL_RETRY_MS } from './trailing-stop';

const trailStops = (h: ExecutorHarness) =>
  h.venue.placeCalls().filter((r) => r.leg === 'stop' && r.signalId.includes('-t'));
const cancels = (h: ExecutorHarness) =>
  h.venue.calls.filter((c) => c.method === 'cancel').map((c) => c.args[1]);
const moves = (h: ExecutorHarness) =>
  h.audit.of('stop.moved').map((e) => [e.details.from, e.details.to]);
const stopId = (h: ExecutorHarness, signalId: string) =>
  h.venue.clientOrderIdOf('BTCUSDT', signalId, 'stop');

/** A book whose mid is `mid` (spread 0.02). */
async function mark(h: ExecutorHarness, mid: string): Promise<void> {
  const m = Number(mid);
  h.book((m - 0.01).toFixed(4), (m + 0.01).toFixed(4));
  await h.host.settle();
}

async function open(h: ExecutorHarness, side: 'buy' | 'sell', id = 'p'): Promise<void> {
  await h.started();
  await h.intent(side, '100', id);
  await h.fill(h.entryId(id), '100');
  expect(h.executor.status().position?.state).toBe('open');
}

describe('Executor: trailing stop', () => {
  it('activates exactly at +1.5 % (not at +1.49 %) and moves the stop 0.5 % behind the best price', async () => {
    const h = new ExecutorHarness();
    await open(h, 'buy');
    await mark(h, '101.49');
    expect(trailStops(h)).toHaveLength(0);
    expect(h.executor.status().position?.trailing).toMatchObject({ active: false });
    await mark(h, '101.5');
    const [stop] = trailStops(h);
    expect(stop).toMatchObject({
      side: 'sell',
      type: 'market',
      reduceOnly: true,
      signalId: 'p-t1',
    });
    expect(stop.triggerPrice?.toFixed()).toBe('100.9925');
    expect(stop.qty.toFixed()).toBe('1');
    expect(moves(h)).toEqual([['99', '100.9925']]);
    expect(h.audit.of('stop.moved')[0].traceId).toBe('p');
    const pos = h.executor.status().position;
    expect(pos?.stopPrice?.toFixed()).toBe('100.9925');
    expect(pos?.trailing?.active).toBe(true);
    expect(pos?.trailing?.bestPrice?.toFixed()).toBe('101.5');
    expect(pos?.trailing?.lastMoveAtMs).toBe(h.clock.now());
    // the entry's position-level stop stays as the backstop: nothing to cancel
    expect(cancels(h)).toHaveLength(0);
  });

  it('makes no move under 0.1 % of the entry', async () => {
    const h = new ExecutorHarness();
    await open(h, 'buy');
    await mark(h, '101.5'); // stop 100.9925
    h.clock.advance(120_000);
    await mark(h, '101.6'); // would be 101.092: +0.0995 %
    expect(trailStops(h)).toHaveLength(1);
    await mark(h, '101.61'); // 101.10195: +0.10945 %
    expect(trailStops(h)).toHaveLength(2);
    expect(moves(h)[1]).toEqual(['100.9925', '101.10195']);
  });

  it('moves at most once per 60 s; the move held back goes at 60 s on the timer', async () => {
    const h = new ExecutorHarness();
    await open(h, 'buy');
    await mark(h, '101.5');
    const firstAt = h.clock.now();
    h.clock.advance(59_999);
    await mark(h, '102'); // 101.49: +0.4975 %, under the 1.0 % bypass
    expect(trailStops(h)).toHaveLength(1);
    await h.tick(1); // 60 s after the first move, no new book: the timer moves it
    expect(trailStops(h)).toHaveLength(2);
    expect(moves(h)[1]).toEqual(['100.9925', '101.49']);
    expect(h.executor.status().position?.trailing?.lastMoveAtMs).toBe(firstAt + 60_000);
  });

  it('a move of 1.0 % or more bypasses the rate limit; 0.995 % waits', async () => {
    const h = new ExecutorHarness();
    await open(h, 'buy');
    await mark(h, '101.5'); // 100.9925
    h.clock.advance(10_000);
    await mark(h, '102.5'); // 101.9875: +0.995 %
    expect(trailStops(h)).toHaveLength(1);
    await mark(h, '102.51'); // 101.99745: +1.00495 %
    expect(trailStops(h)).toHaveLength(2);
    expect(moves(h)[1]).toEqual(['100.9925', '101.99745']);
  });

  it('never moves against a long: the price falling back leaves the stop where it is', async () => {
    const h = new ExecutorHarness();
    await open(h, 'buy');
    await mark(h, '102'); // best 102, stop 101.49
    for (const mid of ['101.8', '101.6', '101.5']) {
      h.clock.advance(61_000);
      await mark(h, mid);
      await h.tick(1000);
    }
    expect(trailStops(h)).toHaveLength(1);
    expect(h.executor.status().position?.stopPrice?.toFixed()).toBe('101.49');
    expect(h.executor.status().position?.trailing?.bestPrice?.toFixed()).toBe('102');
  });

  it('trails a short downward only (buy stops above the price, each lower than the last)', async () => {
    const h = new ExecutorHarness();
    await open(h, 'sell', 's');
    await mark(h, '98.51'); // +1.49 %
    expect(trailStops(h)).toHaveLength(0);
    await mark(h, '98.5');
    h.clock.advance(61_000);
    await mark(h, '98.9'); // against the short: no move
    h.clock.advance(61_000);
    await mark(h, '98'); // 98.49
    const stops = trailStops(h);
    expect(stops.map((r) => [r.side, r.triggerPrice?.toFixed()])).toEqual([
      ['buy', '98.9925'],
      ['buy', '98.49'],
    ]);
    expect(moves(h)).toEqual([
      ['101', '98.9925'],
      ['98.9925', '98.49'],
    ]);
    expect(h.executor.status().position?.trailing?.bestPrice?.toFixed()).toBe('98');
  });

  it('the new stop stands (venue answered placed) before the old one is cancelled', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false; // the position's stop is an order of ours: fls-…-p at 99
    await open(h, 'buy');
    const isNew = (args: readonly unknown[]) => (args[0] as PlaceOrderRequest).signalId === 'p-t1';
    h.venue.script('place', { kind: 'hold' }, isNew);
    await mark(h, '101.5');
    expect(h.venue.heldCount).toBe(1);
    expect(cancels(h)).toHaveLength(0); // nothing cancelled while the new stop is unanswered
    expect(h.executor.status().position?.stopPrice?.toFixed()).toBe('99');
    h.venue.release();
    await h.host.settle();
    expect(cancels(h)).toEqual([stopId(h, 'p')]);
    const order = h.venue.calls.map((c) =>
      c.method === 'place' ? `place:${(c.args[0] as PlaceOrderRequest).signalId}` : c.method,
    );
    expect(order.indexOf('place:p-t1')).toBeLessThan(order.indexOf('cancel'));
    expect(h.venue.orders.get(stopId(h, 'p'))?.status).toBe('canceled');
    expect(h.venue.orders.get(stopId(h, 'p-t1'))?.status).toBe('open');
    expect(h.executor.status().position).toMatchObject({ state: 'open', stopConfirmed: true });
    expect(h.audit.of('stop.missing')).toHaveLength(1); // only the one before the first stop
  });

  it('a venue fault between the two leaves the old stop: refused move, nothing cancelled, retried later', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    await open(h, 'buy');
    const isTrail = (args: readonly unknown[]) =>
      (args[0] as PlaceOrderRequest).signalId.includes('-t');
    h.venue.script('place', { kind: 'reject', message: 'trigger too close' }, isTrail);
    await mark(h, '101.5');
    expect(trailStops(h)).toHaveLength(1);
    expect(cancels(h)).toHaveLength(0);
    expect(h.venue.orders.get(stopId(h, 'p'))?.status).toBe('open');
    expect(h.executor.status().position?.stopPrice?.toFixed()).toBe('99');
    expect(h.audit.of('stop.moved')).toHaveLength(0);
    h.clock.advance(TRAIL_RETRY_MS - 1);
    await mark(h, '101.5');
    expect(trailStops(h)).toHaveLength(1);
    h.clock.advance(1);
    await mark(h, '101.5');
    expect(trailStops(h).map((r) => r.signalId)).toEqual(['p-t1', 'p-t2']);
    expect(cancels(h)).toEqual([stopId(h, 'p')]);
    expect(moves(h)).toEqual([['99', '100.9925']]);
  });

  it('a cancel that fails leaves both stops; the next move cancels every older one', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    await open(h, 'buy');
    h.venue.script('cancel', { kind: 'retryable' });
    await mark(h, '101.5');
    expect(h.venue.orders.get(stopId(h, 'p'))?.status).toBe('open');
    expect(h.venue.orders.get(stopId(h, 'p-t1'))?.status).toBe('open');
    await mark(h, '103'); // 102.485: +1.49 %, bypass
    expect(h.venue.orders.get(stopId(h, 'p'))?.status).toBe('canceled');
    expect(h.venue.orders.get(stopId(h, 'p-t1'))?.status).toBe('canceled');
    expect(h.venue.orders.get(stopId(h, 'p-t2'))).toMatchObject({ status: 'open' });
    expect(h.venue.orders.get(stopId(h, 'p-t2'))?.triggerPrice?.toFixed()).toBe('102.485');
  });

  it('the trailed stop closes the position at its price; a new position trails afresh', async () => {
    const h = new ExecutorHarness();
    h.venue.attachStops = false;
    await open(h, 'buy');
    await mark(h, '101.5');
    await h.fill(stopId(h, 'p-t1'), '100.9925');
    expect(h.executor.status().position).toBeNull();
    const exit = h.audit.of('fill').find((e) => e.details.clientOrderId === stopId(h, 'p-t1'));
    expect(exit?.details.price).toBe('100.9925');
    // 0.9925 gained, less 0.06 % taker fees on both sides
    expect(h.audit.of('position.closed')[0].details.realizedPnl).toBe('0.8719045');
    await h.intent('buy', '100', 'q');
    await h.fill(h.entryId('q'), '100');
    expect(h.executor.status().position?.trailing).toEqual({
      active: false,
      bestPrice: null,
      lastMoveAtMs: null,
    });
  });
});

import { dec } from '@flotilla/core';
import type { AmendOrderRequest } from '@flotilla/engine';
import { ExecutorHarness } from '@flotilla/execution/testing';
import { AGED_RETRY_MS, agedExitPlan } from './aged-exit';
import { POSITION_CARE_DEFAULTS } from './care-settings';

const H = 3_600_000;
const exitPlaces = (h: ExecutorHarness) =>
  h.venue.placeCalls().filter((r) => r.leg === 'take-profit');
const amends = (h: ExecutorHarness) =>
  h.venue.calls.filter((c) => c.method === 'amend').map((c) => c.args[0] as AmendOrderRequest);

describe('agedExitPlan (defaults: 3 h, 8 h at break-even, 0.5 %/h, ×1.2 after 10 h, 10 % floor)', () => {
  const plan = (ageMs: number, side: 'long' | 'short' = 'long') => {
    const p = agedExitPlan(POSITION_CARE_DEFAULTS, side, dec('100'), ageMs);
    return [p.stage, p.price?.toFixed() ?? null];
  };

  it.each([
    ['just under 3 h', 3 * H - 1, 'young', null],
    ['3 h: break-even', 3 * H, 'break-even', '100'],
    ['8 h at break-even, 1 ms short', 11 * H - 1, 'break-even', '100'],
    ['8 h at break-even: first step', 11 * H, 'closing-in', '99.5'],
    ['one hour later', 12 * H, 'closing-in', '99'],
    ['10th step (9 h of moving)', 20 * H, 'closing-in', '95'],
    ['10 h of moving, 1 ms short', 21 * H - 1, 'closing-in', '95'],
    ['10 h of moving: ×1.2 steps', 21 * H, 'closing-in', '94.4'],
    ['an accelerated hour later', 22 * H, 'closing-in', '93.8'],
    ['9.8 %', 28 * H, 'closing-in', '90.2'],
    ['the 10 % floor', 29 * H, 'closing-in', '90'],
    ['never past it', 200 * H, 'closing-in', '90'],
  ])('long at %s', (_n, age, stage, price) => {
    expect(plan(age)).toEqual([stage, price]);
  });

  it('moves a short exit up toward the market, never past +10 %', () => {
    expect(plan(11 * H, 'short')).toEqual(['closing-in', '100.5']);
    expect(plan(21 * H, 'short')).toEqual(['closing-in', '105.6']);
    expect(plan(100 * H, 'short')).toEqual(['closing-in', '110']);
  });
});

describe('Executor: aged positions', () => {
  async function openLong(h: ExecutorHarness): Promise<number> {
    await h.started();
    await h.intent('buy', '100', 'a');
    await h.fill(h.entryId('a'), '100');
    expect(h.executor.status().position?.ageStage).toBe('young');
    return h.clock.now();
  }
  const exitId = (h: ExecutorHarness, signalId = 'a-aged') =>
    h.venue.clientOrderIdOf('BTCUSDT', signalId, 'take-profit');

  it('one exit order throughout: placed at break-even at 3 h, amended on schedule down to the floor', async () => {
    const h = new ExecutorHarness();
    const openedAt = await openLong(h);
    await h.tick(3 * H - 1);
    expect(exitPlaces(h)).toHaveLength(0);
    await h.tick(1);
    expect(exitPlaces(h)).toHaveLength(1);
    expect(exitPlaces(h)[0]).toMatchObject({
      side: 'sell',
      type: 'limit',
      reduceOnly: true,
      signalId: 'a-aged',
      timeInForce: 'GTC',
    });
    expect(exitPlaces(h)[0].price?.toFixed()).toBe('100');
    expect(h.audit.of('aged.exit-placed')[0]).toMatchObject({ traceId: 'a' });
    expect(h.executor.status().position).toMatchObject({
      ageStage: 'break-even',
      exitOrder: { clientOrderId: exitId(h) },
    });

    const seen: Array<[number, string | undefined]> = [];
    while (h.clock.now() - openedAt < 32 * H) {
      await h.tick(15 * 60_000);
      const age = h.clock.now() - openedAt;
      if (age % H === 0) seen.push([age / H, h.venue.orders.get(exitId(h))?.price?.toFixed()]);
    }
    expect(seen.filter(([age]) => [10, 11, 12, 21, 22, 28, 29, 32].includes(age))).toEqual([
      [10, '100'],
      [11, '99.5'],
      [12, '99'],
      [21, '94.4'],
      [22, '93.8'],
      [28, '90.2'],
      [29, '90'],
      [32, '90'],
    ]);
    expect(exitPlaces(h)).toHaveLength(1);
    // one amend per step: 19 steps from 99.5 down to 90, none after the floor
    expect(amends(h)).toHaveLength(19);
    expect(amends(h).every((a) => a.clientOrderId === exitId(h))).toBe(true);
    expect(h.audit.of('aged.exit-moved')).toHaveLength(19);
    expect(h.audit.of('aged.exit-moved')[0].details).toMatchObject({ from: '100', to: '99.5' });
    expect(h.executor.status().position).toMatchObject({ ageStage: 'closing-in' });
    expect(h.executor.status().position?.exitOrder?.price.toFixed()).toBe('90');

    await h.fill(exitId(h), '90');
    expect(h.executor.status().position).toBeNull();
    expect(h.venue.placeCalls().filter((r) => r.leg === 'close')).toHaveLength(0);
  });

  it('an amend the venue refuses is retried after a minute, never replaced by a second order', async () => {
    const h = new ExecutorHarness();
    await openLong(h);
    await h.tick(3 * H);
    h.venue.script('amend', { kind: 'retryable' });
    await h.tick(8 * H);
    expect(amends(h)).toHaveLength(1);
    expect(h.venue.orders.get(exitId(h))?.price?.toFixed()).toBe('100');
    await h.tick(AGED_RETRY_MS - 1);
    expect(amends(h)).toHaveLength(1);
    await h.tick(1);
    expect(amends(h)).toHaveLength(2);
    expect(h.venue.orders.get(exitId(h))?.price?.toFixed()).toBe('99.5');
    expect(exitPlaces(h)).toHaveLength(1);
  });

  it('an exit cancelled behind our back is replaced by one new order, not two', async () => {
    const h = new ExecutorHarness();
    await openLong(h);
    await h.tick(3 * H);
    await h.venue.cancel('BTCUSDT', exitId(h));
    await h.host.settle();
    expect(h.executor.status().position?.exitOrder).toBeNull();
    await h.tick(1000);
    await h.tick(1000);
    expect(exitPlaces(h).map((r) => r.signalId)).toEqual(['a-aged', 'a-aged-r1']);
    const live = [...h.venue.orders.values()].filter(
      (o) => o.leg === 'take-profit' && o.status === 'open',
    );
    expect(live).toHaveLength(1);
  });

  it('a position flat by its stop cancels the aged exit with the other leftovers', async () => {
    const h = new ExecutorHarness();
    await openLong(h);
    await h.tick(3 * H);
    h.venue.closePositionAt('BTCUSDT', '99');
    await h.host.settle();
    expect(h.executor.status().position).toBeNull();
    expect(h.venue.orders.get(exitId(h))?.status).toBe('canceled');
    await h.tick(8 * H);
    expect(exitPlaces(h)).toHaveLength(1);
    expect(amends(h)).toHaveLength(0);
  });
});

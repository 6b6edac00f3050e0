import { dec } from '@flotilla/core';
import { ExecutorHarness } from '@flotilla/execution/testing';
import { POSITION_CARE_DEFAULTS } from './care-settings';

const S = 'BTCUSDT';

/** A long of 1 at 100, opened with its stop attached (the venue position's stopLoss at 99). */
async function openLong(h: ExecutorHarness): Promise<void> {
  await h.started();
  await h.intent('buy', '100', 'p');
  await h.fill(h.entryId('p'), '100');
  expect(h.executor.status().position).toMatchObject({ state: 'open', stopConfirmed: true });
}

/** The stop disappears on the venue without a word on the private stream. */
function stopVanishes(h: ExecutorHarness): void {
  const pos = h.venue.positionsBySymbol.get(S);
  if (!pos) throw new Error('no position');
  pos.stopLoss = null;
}

async function guard(h: ExecutorHarness): Promise<void> {
  h.executor.maintenance('guard', h.clock.now());
  await h.host.settle();
}

describe('ProtectionGuard (the fleet guard job in the executor)', () => {
  it('a protected position: no finding, nothing placed', async () => {
    const h = new ExecutorHarness();
    await openLong(h);
    const placed = h.venue.placeCalls().length;
    await guard(h);
    expect(h.audit.of('guard.finding')).toHaveLength(0);
    expect(h.venue.placeCalls()).toHaveLength(placed);
    expect(h.venue.calls.filter((c) => c.method === 'positions').length).toBeGreaterThan(0);
  });

  it('an unprotected position: finding audited, emergency stop placed 3 % below the entry and confirmed', async () => {
    const h = new ExecutorHarness();
    await openLong(h);
    h.book('99.9', '100.1');
    stopVanishes(h);
    await guard(h);
    expect(h.audit.of('guard.finding')[0].details).toMatchObject({
      action: 'emergency-stop',
      emergencyStopPrice: '97',
      entryPrice: '100',
      mark: '100',
    });
    expect(h.audit.of('guard.emergency-stop')[0].details).toMatchObject({
      action: 'stop',
      stopPrice: '97',
    });
    const stop = h.venue.placeCalls().find((r) => r.leg === 'stop');
    expect(stop).toMatchObject({ side: 'sell', reduceOnly: true });
    expect(stop?.triggerPrice?.toFixed()).toBe('97');
    expect(h.venue.placeCalls().some((r) => r.leg === 'close')).toBe(false);
    expect(h.executor.status().position).toMatchObject({
      state: 'open',
      stopConfirmed: true,
      stopPrice: dec('97'),
    });
    expect(h.host.pauses).toHaveLength(0);
  });

  it('a short without a stop gets its emergency stop above the entry, at the symbol guardEmergencyStopPct (5 %)', async () => {
    const h = new ExecutorHarness(S, {
      settings: {
        care: {
          ...POSITION_CARE_DEFAULTS,
          guardEmergencyStopPct: dec('5'),
        },
      },
    });
    await h.started();
    await h.intent('sell', '200', 's');
    await h.fill(h.entryId('s'), '200');
    h.book('199.9', '200.1');
    stopVanishes(h);
    await guard(h);
    const stop = h.venue.placeCalls().find((r) => r.leg === 'stop');
    expect(stop).toMatchObject({ side: 'buy', reduceOnly: true });
    expect(stop?.triggerPrice?.toFixed()).toBe('210');
  });

  it('the mark already past −3 %: closed reduce-only at market at once, no stop placed', async () => {
    const h = new ExecutorHarness();
    await openLong(h);
    h.book('96.9', '97'); // mid 96.95, below the emergency stop at 97
    stopVanishes(h);
    await guard(h);
    expect(h.audit.of('guard.finding')[0].details).toMatchObject({ action: 'close' });
    expect(h.audit.of('guard.emergency-stop')[0].details).toMatchObject({ action: 'close' });
    const close = h.venue.placeCalls().find((r) => r.leg === 'close');
    expect(close).toMatchObject({ side: 'sell', type: 'market', reduceOnly: true });
    expect(close?.qty.toFixed()).toBe('1');
    expect(h.venue.placeCalls().some((r) => r.leg === 'stop')).toBe(false);
    expect(h.executor.status().position?.state).toBe('closing');
  });

  it('exactly at −3 % counts as past; just above it gets the stop', async () => {
    const at = new ExecutorHarness();
    await openLong(at);
    at.book('96.99', '97.01');
    stopVanishes(at);
    await guard(at);
    expect(at.venue.placeCalls().some((r) => r.leg === 'close')).toBe(true);

    const above = new ExecutorHarness();
    await openLong(above);
    above.book('97', '97.02');
    stopVanishes(above);
    await guard(above);
    expect(above.venue.placeCalls().some((r) => r.leg === 'close')).toBe(false);
    expect(above.venue.placeCalls().some((r) => r.leg === 'stop')).toBe(true);
  });

  it('the emergency stop refused by the venue: closed at market and the engine paused', async () => {
    const h = new ExecutorHarness();
    await openLong(h);
    h.book('99.9', '100.1');
    stopVanishes(h);
    h.venue.script('place', { kind: 'reject', message: 'stop refused' }, (a) => {
      const r = a[0] as { leg: string };
      return r.leg === 'stop';
    });
    await guard(h);
    expect(h.venue.placeCalls().some((r) => r.leg === 'close')).toBe(true);
    expect(h.host.pauses).toHaveLength(1);
  });

  it('does nothing before reconciliation is done, or when flat', async () => {
    const h = new ExecutorHarness();
    h.executor.maintenance('guard', h.clock.now());
    await h.host.settle();
    expect(h.venue.calls.some((c) => c.method === 'positions')).toBe(false);
    await h.started();
    const reads = h.venue.calls.length;
    await guard(h);
    expect(h.venue.calls).toHaveLength(reads);
  });
});

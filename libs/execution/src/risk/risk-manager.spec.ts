import { Decimal, ManualClock, dec, silentLogger } from '@flotilla/core';
import type { RiskLimits, RiskRefusalReason } from '../contracts';
import { MemoryRiskStateStore } from './memory-risk-state-store';
import { RiskManager } from './risk-manager';

const LIMITS: RiskLimits = {
  maxOpenPositions: 5,
  maxTotalExposure: dec('10000'),
  minOrderNotional: dec('5'),
  maxPositionNotional: dec('1000'),
  dailyLossLimit: dec('500'),
};

function setup(limits: Partial<RiskLimits> = {}, startMs = Date.UTC(2026, 2, 1, 12)) {
  const clock = new ManualClock(startMs);
  const store = new MemoryRiskStateStore();
  const risk = new RiskManager({
    limits: { ...LIMITS, ...limits },
    clock,
    logger: silentLogger,
    store,
  });
  return { clock, store, risk };
}

function refusal(risk: RiskManager, symbol: string, notional: string): RiskRefusalReason | null {
  const d = risk.reserve(symbol, dec(notional));
  return d.ok ? null : d.reason;
}

function reserved(risk: RiskManager, symbol: string, notional: string) {
  const d = risk.reserve(symbol, dec(notional));
  if (!d.ok) throw new Error(`expected a reservation, got ${d.reason}: ${d.detail}`);
  return d.reservation;
}

describe('RiskManager.reserve: each refusal at its edge', () => {
  it('min-notional: 5 passes, 4.99999999 does not', () => {
    const { risk } = setup();
    expect(refusal(risk, 'AUSDT', '4.99999999')).toBe('min-notional');
    expect(refusal(risk, 'AUSDT', '5')).toBeNull();
    expect(refusal(risk, 'BUSDT', '0')).toBe('min-notional');
  });

  it('max-position: the per-engine limit, exactly at it passes', () => {
    const clock = new ManualClock();
    const risk = new RiskManager({
      limits: LIMITS,
      maxPositionNotionalFor: (s) => (s === 'SMALLUSDT' ? dec('50') : LIMITS.maxPositionNotional),
      clock,
      logger: silentLogger,
      store: new MemoryRiskStateStore(),
    });
    expect(refusal(risk, 'SMALLUSDT', '50.00000001')).toBe('max-position');
    expect(refusal(risk, 'SMALLUSDT', '50')).toBeNull();
    expect(refusal(risk, 'BIGUSDT', '1000.01')).toBe('max-position');
    expect(refusal(risk, 'BIGUSDT', '1000')).toBeNull();
  });

  it('max-open-positions counts open positions and reservations together', () => {
    const { risk } = setup({ maxOpenPositions: 3 });
    risk.commit(reserved(risk, 'AUSDT', '100'), dec('100'));
    risk.adopt('BUSDT', dec('100'));
    reserved(risk, 'CUSDT', '100');
    expect(refusal(risk, 'DUSDT', '100')).toBe('max-open-positions');
    risk.closed('AUSDT');
    expect(refusal(risk, 'DUSDT', '100')).toBeNull();
  });

  it('max-exposure: exposure + reserved + notional exactly at the limit passes (decimal exact)', () => {
    const { risk } = setup({ maxPositionNotional: dec('10000'), minOrderNotional: dec('0.01') });
    risk.commit(reserved(risk, 'AUSDT', '9000.1'), dec('9000.1'));
    reserved(risk, 'BUSDT', '999.89'); // 9999.99 in all
    expect(refusal(risk, 'CUSDT', '0.02')).toBe('max-exposure');
    expect(refusal(risk, 'CUSDT', '0.01')).toBeNull();
    const s = risk.status();
    expect(s.exposure.plus(s.reservedExposure).toFixed()).toBe('10000');
    expect(refusal(risk, 'DUSDT', '0.01')).toBe('max-exposure');

    const f = setup({ maxPositionNotional: dec('10000'), minOrderNotional: dec('0.1') }).risk;
    f.commit(reserved(f, 'AUSDT', '9999.7'), dec('9999.7'));
    reserved(f, 'BUSDT', '0.1');
    expect(refusal(f, 'CUSDT', '0.2')).toBeNull(); // in floats 9999.7 + 0.1 + 0.2 = 10000.000000000002
  });

  it('position-open: a symbol with a reservation or a position is refused', () => {
    const { risk } = setup();
    const r = reserved(risk, 'AUSDT', '100');
    expect(refusal(risk, 'AUSDT', '100')).toBe('position-open');
    risk.commit(r, dec('99.5'));
    expect(refusal(risk, 'AUSDT', '100')).toBe('position-open');
    risk.closed('AUSDT');
    expect(refusal(risk, 'AUSDT', '100')).toBeNull();
  });

  it('checks in order: kill switch, daily loss, position open, min notional, ...', () => {
    const { risk } = setup();
    reserved(risk, 'AUSDT', '100');
    risk.recordRealized('AUSDT', dec('-500'), Date.UTC(2026, 2, 1, 12));
    expect(refusal(risk, 'AUSDT', '1')).toBe('daily-loss');
    void risk.engageKillSwitch('operator');
    expect(refusal(risk, 'AUSDT', '1')).toBe('kill-switch');
    expect(risk.status().refusals).toMatchObject({ 'kill-switch': 1, 'daily-loss': 1 });
  });
});

describe('RiskManager under concurrency', () => {
  it('grants exactly 5 of 100 reservations made in one tick', () => {
    const { risk } = setup();
    const decisions = Array.from({ length: 100 }, (_, i) =>
      risk.reserve(`S${String(i).padStart(3, '0')}USDT`, dec('100')),
    );
    expect(decisions.filter((d) => d.ok)).toHaveLength(5);
    expect(risk.status()).toMatchObject({ reservedPositions: 5, openPositions: 0 });
    expect(risk.status().refusals['max-open-positions']).toBe(95);
    expect(risk.status().reservedExposure.toFixed()).toBe('500');
  });

  it('release frees the capacity; a second release or commit of it is ignored', () => {
    const { risk } = setup({ maxOpenPositions: 1 });
    const r = reserved(risk, 'AUSDT', '100');
    expect(refusal(risk, 'BUSDT', '100')).toBe('max-open-positions');
    risk.release(r);
    risk.release(r);
    risk.commit(r, dec('100'));
    expect(risk.status()).toMatchObject({ reservedPositions: 0, openPositions: 0 });
    expect(risk.status().reservedExposure.toFixed()).toBe('0');
    expect(refusal(risk, 'BUSDT', '100')).toBeNull();
  });

  it('commit moves the filled notional into exposure; a zero fill frees the slot', () => {
    const { risk } = setup();
    risk.commit(reserved(risk, 'AUSDT', '100'), dec('40.5'));
    risk.commit(reserved(risk, 'BUSDT', '100'), dec('0'));
    expect(risk.status()).toMatchObject({ openPositions: 1, reservedPositions: 0 });
    expect(risk.status().exposure.toFixed()).toBe('40.5');
    risk.resize('AUSDT', dec('100'));
    expect(risk.status().exposure.toFixed()).toBe('100');
  });

  it('adopt counts a venue position whatever the limits say', () => {
    const { risk } = setup({ maxOpenPositions: 1 });
    risk.adopt('AUSDT', dec('5000'));
    risk.adopt('BUSDT', dec('20000'));
    expect(risk.status().openPositions).toBe(2);
    expect(risk.status().exposure.toFixed()).toBe('25000');
    expect(refusal(risk, 'CUSDT', '10')).toBe('max-open-positions');
  });
});

describe('RiskManager daily loss', () => {
  it('blocks entries once the UTC day loses the limit, until midnight UTC', () => {
    const { risk, clock, store } = setup({}, Date.UTC(2026, 2, 1, 23, 59));
    const at = clock.now();
    risk.recordRealized('AUSDT', dec('-300'), at);
    risk.recordRealized('AUSDT', dec('100'), at);
    risk.recordRealized('AUSDT', dec('-299.99'), at);
    expect(risk.entriesBlocked()).toBeNull();
    risk.recordRealized('AUSDT', dec('-0.01'), at);
    expect(risk.entriesBlocked()).toBe('daily-loss');
    risk.recordRealized('AUSDT', dec('50'), at); // a later profit does not lift the block
    expect(refusal(risk, 'BUSDT', '100')).toBe('daily-loss');
    expect(store.saved?.daily.dailyRealizedPnl.toFixed()).toBe('-450');

    clock.advance(59_999);
    expect(risk.entriesBlocked()).toBe('daily-loss');
    clock.advance(1); // 2026-03-02T00:00:00.000Z
    expect(risk.entriesBlocked()).toBeNull();
    expect(risk.status()).toMatchObject({ day: '2026-03-02', dailyLossBreached: false });
    expect(risk.status().dailyRealizedPnl.toFixed()).toBe('0');
    expect(store.saved?.daily.day).toBe('2026-03-02');
    risk.recordRealized('AUSDT', dec('-600'), at); // yesterday's fill arriving late
    expect(risk.entriesBlocked()).toBeNull();
  });

  it('rollDay(now) at midnight UTC ends the day eagerly, once, and persists the new one', () => {
    const { risk, clock, store } = setup({}, Date.UTC(2026, 2, 1, 23, 59, 59, 999));
    risk.recordRealized('AUSDT', dec('-501'), clock.now());
    expect(risk.rollDay(clock.now())).toBeNull();
    clock.advance(1);
    const ended = risk.rollDay(clock.now());
    expect(ended?.endedDay).toBe('2026-03-01');
    expect(ended?.endedPnl.toFixed()).toBe('-501');
    expect(store.saved?.daily).toMatchObject({ day: '2026-03-02', breachedAtMs: null });
    expect(risk.rollDay(clock.now())).toBeNull();
    expect(risk.entriesBlocked()).toBeNull();
  });

  it('an operator reset lifts the block and counts the day again from zero', async () => {
    const { risk, store } = setup();
    risk.recordRealized('AUSDT', dec('-501'), Date.UTC(2026, 2, 1, 12));
    expect(risk.entriesBlocked()).toBe('daily-loss');
    await risk.resetDailyLoss('operator');
    expect(risk.entriesBlocked()).toBeNull();
    expect(risk.status().dailyResetAtMs).toBe(Date.UTC(2026, 2, 1, 12));
    expect(store.saved?.daily).toMatchObject({
      breachedAtMs: null,
      resetAtMs: Date.UTC(2026, 2, 1, 12),
    });
    risk.recordRealized('AUSDT', dec('-499'), Date.UTC(2026, 2, 1, 12));
    expect(risk.entriesBlocked()).toBeNull();
  });
});

describe('RiskManager kill switch', () => {
  it('blocks entries, is saved, and a new manager on the same store keeps it engaged', async () => {
    const { risk, store, clock } = setup();
    await risk.engageKillSwitch('operator:req-1');
    expect(store.saved?.killSwitch).toEqual({
      engaged: true,
      atMs: clock.now(),
      by: 'operator:req-1',
    });
    const reborn = await RiskManager.open({ limits: LIMITS, clock, logger: silentLogger, store });
    expect(reborn.entriesBlocked()).toBe('kill-switch');
    expect(reborn.status().killSwitch.by).toBe('operator:req-1');
    await reborn.releaseKillSwitch('operator:req-2');
    expect(reborn.entriesBlocked()).toBeNull();
    expect(store.saved?.killSwitch.engaged).toBe(false);
  });

  it('returns the failed write to the operator, while the switch holds in memory', async () => {
    const { risk, store } = setup();
    store.fail = new Error('disk full');
    await expect(risk.engageKillSwitch('operator')).rejects.toThrow('disk full');
    expect(risk.entriesBlocked()).toBe('kill-switch');
  });

  it('keeps a persisted daily loss of the same day across a restart', async () => {
    const { risk, store, clock } = setup();
    risk.recordRealized('AUSDT', new Decimal('-500'), clock.now());
    const reborn = await RiskManager.open({ limits: LIMITS, clock, logger: silentLogger, store });
    expect(reborn.entriesBlocked()).toBe('daily-loss');
    clock.advance(12 * 3_600_000);
    expect(reborn.entriesBlocked()).toBeNull();
  });
});

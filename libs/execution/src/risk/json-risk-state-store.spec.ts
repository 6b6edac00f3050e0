import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, dec, silentLogger } from '@flotilla/core';
import {
  JsonRiskStateStore,
  RISK_STATE_FILE,
  RiskStateCorruptError,
} from './json-risk-state-store';
import { RiskManager } from './risk-manager';
import type { RiskPersistedState } from './risk-state';

const LIMITS = {
  maxOpenPositions: 5,
  maxTotalExposure: dec('10000'),
  minOrderNotional: dec('5'),
  maxPositionNotional: dec('1000'),
  dailyLossLimit: dec('500'),
};

const state = (pnl: string): RiskPersistedState => ({
  killSwitch: { engaged: false, atMs: null, by: null },
  daily: { day: '2026-01-01', dailyRealizedPnl: dec(pnl), resetAtMs: null, breachedAtMs: null },
});

describe('JsonRiskStateStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-risk-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has nothing to load in an empty DATA_DIR', async () => {
    expect(await new JsonRiskStateStore(dir).load()).toBeNull();
  });

  it('writes a versioned document with decimal strings and reads it back exactly', async () => {
    const store = new JsonRiskStateStore(dir, new ManualClock());
    await store.save(state('-123.456789012345678901'));
    const doc = JSON.parse(readFileSync(join(dir, RISK_STATE_FILE), 'utf8')) as {
      version: number;
      daily: { dailyRealizedPnl: unknown };
    };
    expect(doc.version).toBe(1);
    expect(doc.daily.dailyRealizedPnl).toBe('-123.456789012345678901');
    const loaded = await new JsonRiskStateStore(dir).load();
    expect(loaded?.daily.dailyRealizedPnl.toFixed()).toBe('-123.456789012345678901');
    expect(readdirSync(dir)).toEqual([RISK_STATE_FILE]); // no temp file left behind
  });

  it('coalesces a burst of saves and ends with the newest state', async () => {
    const store = new JsonRiskStateStore(dir);
    const writes = Array.from({ length: 50 }, (_, i) => store.save(state(String(-i))));
    await Promise.all(writes);
    await store.flush();
    expect((await store.load())?.daily.dailyRealizedPnl.toFixed()).toBe('-49');
  });

  it.each([
    ['not JSON', '{"version": 1, "killSw', /not valid JSON/],
    ['another version', '{"version": 2}', /version 2 is not 1/],
    [
      'a kill switch without engaged',
      '{"version":1,"killSwitch":{},"daily":{"day":"2026-01-01","dailyRealizedPnl":"0","resetAtMs":null}}',
      /killSwitch.engaged is missing/,
    ],
    [
      'a float PnL',
      '{"version":1,"killSwitch":{"engaged":true,"atMs":1,"by":"x"},"daily":{"day":"2026-01-01","dailyRealizedPnl":-1.5,"resetAtMs":null}}',
      /dailyRealizedPnl is not a decimal string/,
    ],
  ])('refuses to boot on %s, naming the file', async (_what, text, rule) => {
    writeFileSync(join(dir, RISK_STATE_FILE), text);
    const store = new JsonRiskStateStore(dir);
    const error = await store.load().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RiskStateCorruptError);
    expect((error as Error).message).toContain(join(dir, RISK_STATE_FILE));
    expect((error as Error).message).toMatch(rule);
    await expect(
      RiskManager.open({ limits: LIMITS, clock: new ManualClock(), logger: silentLogger, store }),
    ).rejects.toThrow(/kill switch/);
  });

  it('keeps the kill switch across a restart of the RiskManager on the file', async () => {
    const clock = new ManualClock(Date.UTC(2026, 4, 5, 10));
    const deps = { limits: LIMITS, clock, logger: silentLogger };
    const first = await RiskManager.open({ ...deps, store: new JsonRiskStateStore(dir, clock) });
    await first.engageKillSwitch('operator:r-1');
    first.recordRealized('BTCUSDT', dec('-12.34'), clock.now());
    await first.flush();

    const second = await RiskManager.open({ ...deps, store: new JsonRiskStateStore(dir, clock) });
    expect(second.entriesBlocked()).toBe('kill-switch');
    expect(second.status().killSwitch).toEqual({
      engaged: true,
      atMs: Date.UTC(2026, 4, 5, 10),
      by: 'operator:r-1',
    });
    expect(second.status().dailyRealizedPnl.toFixed()).toBe('-12.34');
    const refused = second.reserve('ETHUSDT', dec('100'));
    expect(refused).toMatchObject({ ok: false, reason: 'kill-switch' });
  });
});

import { loadConfig } from '@flotilla/config';
import { DomainError } from '@flotilla/core';
import { assertStartable } from './engine-params';
import { executionSettingsFor, riskLimitsFrom } from './execution-settings';

const config = loadConfig({
  file: false,
  env: { RISK_MIN_ORDER_NOTIONAL: '10' },
  overrides: { symbols: { SOLUSDT: { entryNotional: '50', exitOnOppositeSignal: false } } },
});

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('executionSettingsFor', () => {
  it('merges engineDefaults, the file block and the registry overrides into decimals', () => {
    const s = executionSettingsFor(config, 'SOLUSDT', { stopLossPct: '0.75', leverage: '2' });
    expect({
      entryNotional: s.entryNotional.toFixed(),
      stopLossPct: s.stopLossPct.toFixed(),
      takeProfitPct: s.takeProfitPct.toFixed(),
      leverage: s.leverage.toFixed(),
      maxPositionNotional: s.maxPositionNotional.toFixed(),
      exitOnOppositeSignal: s.exitOnOppositeSignal,
      stopConfirmTimeoutMs: s.stopConfirmTimeoutMs,
    }).toEqual({
      entryNotional: '50',
      stopLossPct: '0.75',
      takeProfitPct: '2',
      leverage: '2',
      maxPositionNotional: '1000',
      exitOnOppositeSignal: false,
      stopConfirmTimeoutMs: 3000,
    });
    expect(executionSettingsFor(config, 'BTCUSDT').exitOnOppositeSignal).toBe(true);
  });

  it('fills settings.care: the SPEC 9 defaults, a symbol block and a registry override, as decimals', () => {
    const withCare = loadConfig({
      file: false,
      env: { ENGINE_DEFAULTS_GUARD_EMERGENCY_STOP_PCT: '4' },
      overrides: { symbols: { SOLUSDT: { trailingDistancePct: '0.8' } } },
    });
    const btc = executionSettingsFor(withCare, 'BTCUSDT').care;
    expect(btc).toBeDefined();
    expect(btc?.guardEmergencyStopPct.toFixed()).toBe('4');
    expect(btc?.trailingActivationPct.toFixed()).toBe('1.5');
    expect(btc?.trailingMinIntervalMs).toBe(60_000);
    expect(btc?.agedAfterMs).toBe(3 * 3_600_000);
    expect(btc?.agedAccelFactor.toFixed()).toBe('1.2');
    const sol = executionSettingsFor(withCare, 'SOLUSDT', { agedMaxLossPct: '7.5' }).care;
    expect(sol?.trailingDistancePct.toFixed()).toBe('0.8');
    expect(sol?.agedMaxLossPct.toFixed()).toBe('7.5');
    expect(withCare.care).toEqual({ guardIntervalMs: 300_000, zombieTickMs: 60_000 });
  });

  it('refuses a care value out of its range, naming the key and the rule', () => {
    const e = caught(() => executionSettingsFor(config, 'BTCUSDT', { guardEmergencyStopPct: '0' }));
    expect((e as Error).message).toContain('BTCUSDT.guardEmergencyStopPct = "0"');
    expect(() => loadConfig({ file: false, env: { CARE_GUARD_INTERVAL_MS: '10' } })).toThrow(
      'care.guardIntervalMs = 10: must be an integer between 1000 and 86400000',
    );
  });

  it('refuses a stored override that breaks a rule, naming symbol, key and rule', () => {
    const e = caught(() => executionSettingsFor(config, 'BTCUSDT', { stopLossPct: '60' }));
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ code: 'INVALID_CONFIG' });
    expect((e as Error).message).toContain(
      'BTCUSDT.stopLossPct = "60": must be a decimal string > 0 and ≤ 50',
    );
  });
});

describe('assertStartable with execution keys', () => {
  it('accepts valid execution overrides and refuses an entry above the max position', () => {
    expect(() => assertStartable(config, 'BTCUSDT', { entryNotional: '900' })).not.toThrow();
    const e = caught(() => assertStartable(config, 'BTCUSDT', { entryNotional: '1000.01' }));
    expect(e).toMatchObject({ code: 'INVALID_CONFIG' });
    expect((e as Error).message).toMatch(/^BTCUSDT could not start/);
    expect((e as Error).message).toContain('must be at most maxPositionNotional (1000)');
  });
});

describe('riskLimitsFrom', () => {
  it('reads the fleet limits as decimals', () => {
    const limits = riskLimitsFrom(config);
    expect(limits.maxOpenPositions).toBe(5);
    expect(limits.maxTotalExposure.toFixed()).toBe('10000');
    expect(limits.minOrderNotional.toFixed()).toBe('10');
    expect(limits.maxPositionNotional.toFixed()).toBe('1000');
    expect(limits.dailyLossLimit.toFixed()).toBe('500');
  });
});

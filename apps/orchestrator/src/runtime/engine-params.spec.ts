import { CONFIG_DEFAULTS, loadConfig } from '@flotilla/config';
import { DomainError } from '@flotilla/core';
import { testStrategyParams } from '@flotilla/trading/testing';
import { DEFAULT_HEALTH_CONFIG } from '../supervisor/health-monitor';
import { DEFAULT_RECOVERY_CONFIG } from '../supervisor/recovery-policy';
import { assertStartable, signalHistoryFor, strategyParamsFor } from './engine-params';

const config = loadConfig({
  file: false,
  env: {},
  overrides: { symbols: { SOLUSDT: { buyThreshold: '0.9' } } },
});

describe('strategyParamsFor / signalHistoryFor', () => {
  it('gives the strategy every parameter, merged file block and registry overrides included', () => {
    expect(strategyParamsFor(config, 'SOLUSDT', { cooldownMs: 1 })).toEqual({
      depthLevels: 10,
      buyThreshold: '0.9',
      sellThreshold: '0.25',
      minClusterVolume: '10000',
      cooldownMs: 1,
    });
    expect(signalHistoryFor(config, 'SOLUSDT', { signalHistory: 7 })).toBe(7);
    expect(signalHistoryFor(config, 'BTCUSDT')).toBe(200);
  });
});

describe('assertStartable', () => {
  it('accepts what a start accepts', () => {
    expect(() => assertStartable(config, 'SOLUSDT', { sellThreshold: '0.8' })).not.toThrow();
  });

  it.each([
    ['a null from an old registry', 'BTCUSDT', { buyThreshold: null }, /buyThreshold=null/],
    [
      'sell at or over the merged buy',
      'BTCUSDT',
      { sellThreshold: '0.8' },
      /below buyThreshold \(0\.75\)/,
    ],
    [
      'buy under the file block sell',
      'SOLUSDT',
      { buyThreshold: '0.1' },
      /below buyThreshold \(0\.1\)/,
    ],
  ])('refuses %s with INVALID_CONFIG naming the symbol and rule', (_w, symbol, overrides, rule) => {
    let caught: unknown;
    try {
      assertStartable(config, symbol, overrides);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'INVALID_CONFIG' });
    expect((caught as Error).message).toMatch(new RegExp(`^${symbol} could not start`));
    expect((caught as Error).message).toMatch(rule);
  });
});

describe('one source of defaults', () => {
  it('the supervisor reads its defaults from @flotilla/config', () => {
    expect(DEFAULT_RECOVERY_CONFIG).toMatchObject(CONFIG_DEFAULTS.recovery);
    expect(DEFAULT_HEALTH_CONFIG).toEqual(CONFIG_DEFAULTS.health);
  });

  it("the trading lib's test parameters do not drift from the real defaults", () => {
    const { depthLevels, buyThreshold, sellThreshold, minClusterVolume, cooldownMs } =
      CONFIG_DEFAULTS.engineDefaults;
    expect(testStrategyParams()).toEqual({
      depthLevels,
      buyThreshold,
      sellThreshold,
      minClusterVolume,
      cooldownMs,
    });
  });
});

import { DomainError, toWire } from '@flotilla/core';
import { DEFAULT_STRATEGY_PARAMS, resolveStrategyParams } from './strategy-params';

describe('resolveStrategyParams', () => {
  it('returns the SPEC defaults as decimals', () => {
    const p = resolveStrategyParams();
    expect(p.depthLevels).toBe(10);
    expect(toWire(p.buyThreshold)).toBe('0.75');
    expect(toWire(p.sellThreshold)).toBe('0.25');
    expect(toWire(p.minClusterVolume)).toBe('10000');
    expect(p.cooldownMs).toBe(DEFAULT_STRATEGY_PARAMS.cooldownMs);
  });

  it('merges per-symbol overrides', () => {
    expect(toWire(resolveStrategyParams({ buyThreshold: '0.8' }).buyThreshold)).toBe('0.8');
  });

  it.each([
    [{ buyThreshold: '1.5' }, /strategy.buyThreshold="1.5": must be between 0 and 1/],
    [{ buyThreshold: 'abc' }, /strategy.buyThreshold="abc": must be a decimal string/],
    [{ sellThreshold: '0.8' }, /strategy.sellThreshold="0.8": must be below buyThreshold/],
    [{ depthLevels: 0 }, /strategy.depthLevels=0: must be an integer/],
    [{ cooldownMs: 1.5 }, /strategy.cooldownMs=1.5/],
    [{ minClusterVolume: '-1' }, /strategy.minClusterVolume="-1"/],
  ])('rejects %j naming key, value and rule', (overrides, message) => {
    expect(() => resolveStrategyParams(overrides)).toThrow(DomainError);
    expect(() => resolveStrategyParams(overrides)).toThrow(message);
  });
});

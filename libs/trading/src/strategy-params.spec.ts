import { DomainError, toWire } from '@flotilla/core';
import { resolveStrategyParams, type StrategyParams } from './strategy-params';
import { testStrategyParams } from './testing/strategy-params';

describe('resolveStrategyParams', () => {
  it('parses the given params as decimals, the trade-flow window defaulting to a minute', () => {
    const p = resolveStrategyParams(testStrategyParams({ buyThreshold: '0.8' }));
    expect(p.depthLevels).toBe(10);
    expect(toWire(p.buyThreshold)).toBe('0.8');
    expect(toWire(p.sellThreshold)).toBe('0.25');
    expect(toWire(p.minClusterVolume)).toBe('10000');
    expect(p.cooldownMs).toBe(30_000);
    expect(p.tradeFlowWindowMs).toBe(60_000);
  });

  it.each([
    [{ buyThreshold: '1.5' }, /strategy.buyThreshold="1.5": must be between 0 and 1/],
    [{ buyThreshold: 'abc' }, /strategy.buyThreshold="abc": must be a decimal string/],
    [{ sellThreshold: '0.8' }, /strategy.sellThreshold="0.8": must be below buyThreshold/],
    [{ depthLevels: 0 }, /strategy.depthLevels=0: must be an integer/],
    [{ cooldownMs: 1.5 }, /strategy.cooldownMs=1.5/],
    [{ minClusterVolume: '-1' }, /strategy.minClusterVolume="-1"/],
    [{ buyThreshold: null }, /strategy.buyThreshold=null: must be a decimal string/],
    [{ cooldownMs: null }, /strategy.cooldownMs=null: must be an integer/],
  ])('rejects %j naming key, value and rule', (overrides, message) => {
    const params = testStrategyParams(overrides as Partial<StrategyParams>);
    expect(() => resolveStrategyParams(params)).toThrow(DomainError);
    expect(() => resolveStrategyParams(params)).toThrow(message);
  });
});

import type { StrategyParams } from '../strategy-params';

/**
 * Test data only: the SPEC 9 values spelled out for specs that build a strategy without the
 * orchestrator's config. The running service reads its parameters from @flotilla/config.
 */
export function testStrategyParams(overrides: Partial<StrategyParams> = {}): StrategyParams {
  return {
    depthLevels: 10,
    buyThreshold: '0.75',
    sellThreshold: '0.25',
    minClusterVolume: '10000',
    cooldownMs: 30_000,
    ...overrides,
  };
}

import { EXECUTION_PARAM_KEYS, mergeEngineParams, type FlotillaConfig } from '@flotilla/config';
import { DomainError } from '@flotilla/core';
import { resolveStrategyParams, type StrategyParams } from '@flotilla/trading';
import { executionSettingsFor } from './execution-settings';

const NOT_STRATEGY: ReadonlySet<string> = new Set<string>([
  'signalHistory',
  ...EXECUTION_PARAM_KEYS,
]);

/**
 * The strategy parameters a start of `symbol` reads: @flotilla/config's engineDefaults, the file's
 * block for the symbol, then the registry's overrides (mergeEngineParams, the one merge), without
 * the keys that are not the strategy's (signalHistory, the execution settings).
 */
export function strategyParamsFor(
  config: FlotillaConfig,
  symbol: string,
  overrides: Record<string, unknown> = {},
): StrategyParams {
  const merged = mergeEngineParams(config, symbol, overrides);
  return Object.fromEntries(
    Object.entries(merged).filter(([key]) => !NOT_STRATEGY.has(key)),
  ) as unknown as StrategyParams;
}

/** Signals kept per engine (`signalHistory`), merged the same way; undefined if not a number. */
export function signalHistoryFor(
  config: FlotillaConfig,
  symbol: string,
  overrides: Record<string, unknown> = {},
): number | undefined {
  const { signalHistory } = mergeEngineParams(config, symbol, overrides);
  return typeof signalHistory === 'number' ? signalHistory : undefined;
}

/**
 * Throws INVALID_CONFIG unless `symbol` could start with these registry overrides: the same merge
 * and the same validators (resolveStrategyParams, executionSettingsFor) as the engine's start.
 */
export function assertStartable(
  config: FlotillaConfig,
  symbol: string,
  overrides: Record<string, unknown>,
): void {
  try {
    resolveStrategyParams(strategyParamsFor(config, symbol, overrides));
    executionSettingsFor(config, symbol, overrides);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new DomainError(
      'INVALID_CONFIG',
      `${symbol} could not start with these overrides: ${e.message}`,
    );
  }
}

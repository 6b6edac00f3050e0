import {
  EXECUTION_PARAM_KEYS,
  mergeEngineParams,
  validateEngineOverrides,
  type FlotillaConfig,
} from '@flotilla/config';
import { dec, type Decimal } from '@flotilla/core';
import type { ExecutionSettings, RiskLimits } from '@flotilla/execution';

/** An engine's execution settings plus its own max position (the RiskManager's per-engine limit). */
export type EngineExecutionSettings = ExecutionSettings & {
  /** At most this notional (USDT) in this symbol's position. */
  readonly maxPositionNotional: Decimal;
};

/**
 * The execution settings a start of `symbol` reads: the same merge as its strategy parameters
 * (engineDefaults ← the file's block ← the registry's overrides), checked with the config's rules,
 * since a registry override may predate them. Throws INVALID_CONFIG naming key, value and rule.
 */
export function executionSettingsFor(
  config: FlotillaConfig,
  symbol: string,
  overrides: Record<string, unknown> = {},
): EngineExecutionSettings {
  const merged = mergeEngineParams(config, symbol, overrides);
  const picked = Object.fromEntries(EXECUTION_PARAM_KEYS.map((k) => [k, merged[k]]));
  validateEngineOverrides(picked, merged, symbol);
  return {
    entryNotional: dec(merged.entryNotional),
    stopLossPct: dec(merged.stopLossPct),
    takeProfitPct: dec(merged.takeProfitPct),
    exitOnOppositeSignal: merged.exitOnOppositeSignal,
    leverage: dec(merged.leverage),
    maxPositionNotional: dec(merged.maxPositionNotional),
    stopConfirmTimeoutMs: merged.stopConfirmTimeoutMs,
    care: {
      trailingActivationPct: dec(merged.trailingActivationPct),
      trailingDistancePct: dec(merged.trailingDistancePct),
      trailingMinMovePct: dec(merged.trailingMinMovePct),
      trailingMinIntervalMs: merged.trailingMinIntervalMs,
      trailingBypassPct: dec(merged.trailingBypassPct),
      guardEmergencyStopPct: dec(merged.guardEmergencyStopPct),
      agedAfterMs: merged.agedAfterMs,
      agedBreakEvenMs: merged.agedBreakEvenMs,
      agedStepPctPerHour: dec(merged.agedStepPctPerHour),
      agedAccelAfterMs: merged.agedAccelAfterMs,
      agedAccelFactor: dec(merged.agedAccelFactor),
      agedMaxLossPct: dec(merged.agedMaxLossPct),
    },
  };
}

/** The fleet's risk limits; maxPositionNotional is engineDefaults' (an engine's own comes from executionSettingsFor). */
export function riskLimitsFrom(config: FlotillaConfig): RiskLimits {
  return {
    maxOpenPositions: config.risk.maxOpenPositions,
    maxTotalExposure: dec(config.risk.maxTotalExposure),
    minOrderNotional: dec(config.risk.minOrderNotional),
    maxPositionNotional: dec(config.engineDefaults.maxPositionNotional),
    dailyLossLimit: dec(config.risk.dailyLossLimit),
  };
}

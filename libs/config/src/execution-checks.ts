import { dec } from '@flotilla/core';
import { CARE_PARAM_KEYS } from './care-params';
import type { ConfigProblem } from './config-error';
import type { EngineParams, RiskConfig } from './schema';

/** The per-symbol keys that configure execution (libs/execution ExecutionSettings); the strategy never reads them. */
export const EXECUTION_PARAM_KEYS = [
  'entryNotional',
  'stopLossPct',
  'takeProfitPct',
  'exitOnOppositeSignal',
  'leverage',
  'maxPositionNotional',
  'stopConfirmTimeoutMs',
  ...CARE_PARAM_KEYS,
] as const;
export type ExecutionParamKey = (typeof EXECUTION_PARAM_KEYS)[number];

const isDecimal = (v: unknown): v is string =>
  typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim());

/**
 * Checks between keys, once each key is valid alone: an entry larger than the engine's max position
 * or smaller than the fleet's minimum order would be refused by risk on every signal.
 */
export function executionCheck(
  p: Partial<EngineParams>,
  risk: Partial<RiskConfig> | undefined,
  path: string,
  sourceOf: (path: string) => string,
): ConfigProblem[] {
  if (!isDecimal(p.entryNotional)) return [];
  const at = `${path}.entryNotional`;
  const problem = (rule: string): ConfigProblem[] => [
    { path: at, value: p.entryNotional, rule, source: sourceOf(at) },
  ];
  const entry = dec(p.entryNotional.trim());
  if (isDecimal(p.maxPositionNotional) && entry.gt(p.maxPositionNotional.trim())) {
    return problem(`must be at most maxPositionNotional (${p.maxPositionNotional})`);
  }
  if (isDecimal(risk?.minOrderNotional) && entry.lt(risk.minOrderNotional.trim())) {
    return problem(`must be at least risk.minOrderNotional (${risk.minOrderNotional})`);
  }
  return [];
}

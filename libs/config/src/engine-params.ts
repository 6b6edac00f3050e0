import { normalizeSymbol } from '@flotilla/core';
import { definedOnly } from './load-config';
import { EngineParams, FlotillaConfig } from './schema';

/** engineDefaults with the symbol's overrides on top (decimals stay strings). */
export function mergeEngineParams(cfg: FlotillaConfig, symbol: string): EngineParams {
  const overrides = cfg.symbols[normalizeSymbol(symbol)] ?? {};
  return { ...cfg.engineDefaults, ...definedOnly(overrides) };
}

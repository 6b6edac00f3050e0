import { normalizeSymbol } from '@flotilla/core';
import { definedOnly } from './load-config';
import { EngineParams, FlotillaConfig } from './schema';

/**
 * An engine's effective parameters, exactly as its start reads them: engineDefaults (built-in
 * defaults ← config file ← env), then the file's block for the symbol, then the registry's
 * overrides (PUT /engines/{symbol}/config). An unset (undefined) key never hides the layer below;
 * any other value, null included, wins, so the start validator sees and names it.
 */
export function mergeEngineParams(
  cfg: FlotillaConfig,
  symbol: string,
  overrides: object = {},
): EngineParams {
  const block = cfg.symbols[normalizeSymbol(symbol)] ?? {};
  return { ...cfg.engineDefaults, ...definedOnly(block), ...definedOnly(overrides) };
}

import { normalizeSymbol } from '@flotilla/core';

/**
 * A subscribed symbol's entry, found by its normalized name at the cost of one map read; only a
 * miss normalizes (BTC-USDT finds BTCUSDT). The hubs are asked on every event by symbols already
 * normalized, and normalizing (two regular expressions) each time cost an ingestion worker a tenth of its CPU.
 * An invalid symbol simply finds nothing.
 */
export function findBySymbol<T>(entries: ReadonlyMap<string, T>, symbol: string): T | undefined {
  const found = entries.get(symbol);
  if (found !== undefined) return found;
  try {
    return entries.get(normalizeSymbol(symbol));
  } catch {
    return undefined;
  }
}

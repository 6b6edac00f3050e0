import type { Market } from 'ccxt';
import { dec, type Instrument, type StructuredLogger } from '@flotilla/core';
import { bybitCcxtOptions, type BybitTarget } from './ccxt-options';

/** Where instruments come from: a real Bybit environment, or any Bybit-compatible REST base URL. */
function rawString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * An Instrument from a ccxt bybit market, using the venue's own strings in market.info (exact)
 * rather than ccxt's float precision. undefined when the market is not a linear perpetual or
 * lacks a rule.
 */
export function instrumentFromCcxtMarket(market: Market): Instrument | undefined {
  if (!market || market.linear !== true || market.type !== 'swap') return undefined;
  const info = (market.info ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const tick = rawString(info.priceFilter?.tickSize);
  const step = rawString(info.lotSizeFilter?.qtyStep);
  const minQty = rawString(info.lotSizeFilter?.minOrderQty);
  if (!tick || !step || !minQty || !market.id) return undefined;
  const minNotional = rawString(info.lotSizeFilter?.minNotionalValue) ?? '0';
  return {
    symbol: market.id,
    base: market.base,
    quote: market.quote,
    tickSize: dec(tick),
    qtyStep: dec(step),
    minOrderQty: dec(minQty),
    minNotional: dec(minNotional),
  };
}

/** Loads the venue's linear perpetuals through ccxt. */
export async function loadBybitInstruments(
  target: BybitTarget,
  logger: StructuredLogger,
): Promise<Instrument[]> {
  // Loaded on first use: ccxt is heavy, and only this path needs it.
  const { default: ccxt } = await import('ccxt');
  const exchange = new ccxt.bybit(bybitCcxtOptions(target));
  const markets = await exchange.loadMarkets();
  const out: Instrument[] = [];
  let skipped = 0;
  for (const market of Object.values(markets)) {
    if (!market) continue;
    const instrument = instrumentFromCcxtMarket(market);
    if (instrument) out.push(instrument);
    else skipped++;
  }
  if (skipped > 0)
    logger.debug('instruments skipped (not linear perpetual or missing rules)', { skipped });
  return out;
}

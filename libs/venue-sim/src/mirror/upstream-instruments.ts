import { InstrumentSpec } from '../instruments';
import { scaleOf } from '../units';

const MAX_PAGES = 20;

/**
 * The upstream's linear USDT perpetuals from GET /v5/market/instruments-info (every page), as
 * the simulator's instrument specs. The mirror's book sets prices, so startPrice and levelSize
 * are only placeholders (one tick, one step).
 */
export async function fetchUpstreamInstruments(
  restUrl: string,
  only?: readonly string[],
): Promise<InstrumentSpec[]> {
  const out: InstrumentSpec[] = [];
  let cursor = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL('/v5/market/instruments-info', restUrl);
    url.searchParams.set('category', 'linear');
    url.searchParams.set('limit', '1000');
    if (cursor) url.searchParams.set('cursor', cursor);
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`mirror: instruments-info answered HTTP ${res.status}`);
    const body = (await res.json()) as {
      retCode?: number;
      result?: { list?: unknown[]; nextPageCursor?: string };
    };
    if (body.retCode !== 0 || !Array.isArray(body.result?.list)) {
      throw new Error(`mirror: instruments-info answered retCode ${String(body.retCode)}`);
    }
    for (const item of body.result.list) {
      const spec = toSpec(item);
      if (spec && (!only || only.includes(spec.symbol))) out.push(spec);
    }
    cursor = body.result.nextPageCursor ?? '';
    if (!cursor) break;
  }
  if (out.length === 0) throw new Error('mirror: the upstream lists no linear USDT perpetual');
  return out;
}

/** One listed instrument, or null when it is not a trading USDT perpetual or is malformed. */
export function toSpec(raw: unknown): InstrumentSpec | null {
  const i = raw as {
    symbol?: string;
    status?: string;
    contractType?: string;
    baseCoin?: string;
    quoteCoin?: string;
    priceScale?: string;
    priceFilter?: { tickSize?: string };
    lotSizeFilter?: Record<string, string | undefined>;
    leverageFilter?: { maxLeverage?: string };
  };
  const lot = i.lotSizeFilter ?? {};
  const tickSize = i.priceFilter?.tickSize;
  const { qtyStep, minOrderQty, maxOrderQty } = lot;
  if (typeof i.symbol !== 'string' || i.status !== 'Trading' || i.quoteCoin !== 'USDT') return null;
  if (i.contractType !== 'LinearPerpetual' || !tickSize || !qtyStep || !minOrderQty) return null;
  return {
    symbol: i.symbol,
    baseCoin: i.baseCoin ?? i.symbol.slice(0, -4),
    quoteCoin: 'USDT',
    priceScale: Math.max(Number(i.priceScale ?? 0) || 0, scaleOf(tickSize)),
    tickSize,
    qtyStep,
    minOrderQty,
    maxOrderQty: maxOrderQty ?? minOrderQty,
    minNotionalValue: lot.minNotionalValue ?? '5',
    maxLeverage: i.leverageFilter?.maxLeverage ?? '10',
    startPrice: tickSize,
    levelSize: qtyStep,
  };
}

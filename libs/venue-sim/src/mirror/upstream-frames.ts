/** One upstream public frame the mirror acts on; everything else is 'other' (replies, pongs). */
export type UpstreamFrame =
  | {
      readonly kind: 'book';
      readonly symbol: string;
      readonly snapshot: boolean;
      readonly u: number;
      readonly seq: number;
      readonly bids: readonly (readonly [string, string])[];
      readonly asks: readonly (readonly [string, string])[];
    }
  | { readonly kind: 'trades'; readonly symbol: string; readonly trades: readonly UpstreamTrade[] }
  | { readonly kind: 'other' };

export interface UpstreamTrade {
  readonly id: string;
  readonly price: string;
  readonly size: string;
  readonly side: 'Buy' | 'Sell';
}

/**
 * Parses a Bybit v5 public frame (orderbook.N snapshot/delta, publicTrade). Null for anything
 * malformed: the mirror counts it and carries on, it never throws on what the upstream sends.
 */
export function parseUpstreamFrame(text: string): UpstreamFrame | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(msg)) return null;
  const topic = msg.topic;
  if (typeof topic !== 'string') return 'op' in msg || 'success' in msg ? { kind: 'other' } : null;
  if (topic.startsWith('orderbook.')) return bookFrame(msg);
  if (topic.startsWith('publicTrade.')) return tradeFrame(msg, topic.slice('publicTrade.'.length));
  return { kind: 'other' };
}

function bookFrame(msg: Record<string, unknown>): UpstreamFrame | null {
  const d = msg.data;
  if (msg.type !== 'snapshot' && msg.type !== 'delta') return null;
  if (!isRecord(d) || typeof d.s !== 'string' || typeof d.u !== 'number') return null;
  if (!isLevels(d.b) || !isLevels(d.a)) return null;
  return {
    kind: 'book',
    symbol: d.s,
    snapshot: msg.type === 'snapshot',
    u: d.u,
    seq: typeof d.seq === 'number' ? d.seq : 0,
    bids: d.b,
    asks: d.a,
  };
}

function tradeFrame(msg: Record<string, unknown>, symbol: string): UpstreamFrame | null {
  if (!Array.isArray(msg.data)) return null;
  const trades: UpstreamTrade[] = [];
  for (const t of msg.data as unknown[]) {
    if (!isRecord(t) || typeof t.p !== 'string' || typeof t.v !== 'string') return null;
    if (t.S !== 'Buy' && t.S !== 'Sell') return null;
    if (t.s !== undefined && t.s !== symbol) return null;
    trades.push({ id: typeof t.i === 'string' ? t.i : '', price: t.p, size: t.v, side: t.S });
  }
  return { kind: 'trades', symbol, trades };
}

function isLevels(v: unknown): v is [string, string][] {
  return (
    Array.isArray(v) &&
    v.every(
      (l) =>
        Array.isArray(l) && l.length >= 2 && typeof l[0] === 'string' && typeof l[1] === 'string',
    )
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

import { ExchangeRefusal, RET } from '../exchange';

/**
 * Offset cursors as Bybit's opaque `nextPageCursor`: base64url, so only [A-Za-z0-9_-] ever appears
 * (bybit-api re-encodes a `%` in a cursor; research §0 item 2).
 */
export function encodeCursor(offset: number): string {
  return Buffer.from(`p${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^p(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ExchangeRefusal(RET.PARAMS, `params error: cursor invalid: ${cursor}`);
  return Number(match[1]);
}

export function limitOf(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    throw new ExchangeRefusal(RET.PARAMS, `params error: limit must be in [1, ${max}], got ${raw}`);
  }
  return value;
}

/** One page of items and the cursor to the next ('' on the last page). */
export function page<T>(
  items: readonly T[],
  query: Readonly<Record<string, string | undefined>>,
  fallback: number,
  max: number,
): { items: T[]; nextPageCursor: string } {
  const limit = limitOf(query.limit, fallback, max);
  const offset = decodeCursor(query.cursor);
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor(offset + limit) : '';
  return { items: slice, nextPageCursor: next };
}

// Page scripts the dashboard test evaluates (strings, run in the page as they are), and what the
// test compares their results with.
import type { ServerFrame } from '../ws-client';

/** Scrolls the virtualised table from top to bottom; every symbol a drawn row carried, and the most rows drawn at once. */
export const SCROLL_THROUGH = `(async () => {
  const viewport = document.getElementById('viewport');
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const seen = new Set();
  let maxDrawn = 0;
  viewport.scrollTop = 0;
  for (;;) {
    await frame();
    const rows = document.querySelectorAll('#rows .row');
    maxDrawn = Math.max(maxDrawn, rows.length);
    rows.forEach((r) => seen.add(r.dataset.symbol));
    if (viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1) break;
    viewport.scrollTop += viewport.clientHeight;
  }
  viewport.scrollTop = 0;
  return { symbols: [...seen], maxDrawn };
})()`;

/** What the detail view's book shows: when the server read it, its best bid, the drawn bid levels. */
export interface DetailBook {
  readonly serverTime: string;
  readonly bestBid: string;
  /** The first bid level's price as drawn (shortened). */
  readonly firstPrice: string;
  readonly levels: number;
}

export const DETAIL_BOOK = `(() => {
  const book = document.getElementById('detail-book');
  return {
    serverTime: book.dataset.serverTime ?? '',
    bestBid: book.dataset.bestBid ?? '',
    firstPrice: book.querySelector('.bids .level .price')?.textContent ?? '',
    levels: book.querySelectorAll('.bids .level').length,
  };
})()`;

/** serverTime → best bid of every engine:S tick among a /ws client's frames. */
export function bestBidPerTick(frames: readonly ServerFrame[]): Map<string, string> {
  return new Map(
    frames
      .filter((f) => f.type === 'event' && f.kind === 'tick')
      .map((f) => {
        const tick = f.data as { serverTime: string; book: { bids: [string, string][] } };
        return [tick.serverTime, tick.book.bids[0][0]] as const;
      }),
  );
}

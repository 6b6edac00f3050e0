import type { VenueFill } from '@flotilla/engine';
import type { CcxtResult } from './bybit-client';
import { parseFill } from './bybit-parse';

/** Bybit's execution/list page maximum. */
export const EXECUTION_PAGE = 100;
/** execution/list spans at most 7 days between startTime and endTime. */
export const EXECUTION_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** A bound on pages per window, so a venue that keeps answering a cursor cannot loop forever. */
const MAX_PAGES_PER_WINDOW = 10_000;

/** One execution/list page: since → startTime, params carry endTime and the cursor. */
export type ExecutionPageFetch = (
  sinceMs: number | undefined,
  params: Record<string, unknown>,
) => Promise<CcxtResult[]>;

/** ccxt puts the page's nextPageCursor on one item's raw `info` (the venue's first). */
function cursorOf(page: readonly CcxtResult[]): string | undefined {
  for (const item of page) {
    const cursor = item.info.nextPageCursor;
    if (typeof cursor === 'string' && cursor !== '') return cursor;
  }
  return undefined;
}

/** [from, to] inclusive windows of at most 7 days from sinceMs to nowMs; one unbounded without since. */
export function executionWindows(
  sinceMs: number | undefined,
  nowMs: number,
): { fromMs?: number; toMs?: number }[] {
  if (sinceMs === undefined) return [{}];
  const windows: { fromMs: number; toMs: number }[] = [];
  let from = sinceMs;
  do {
    const to = Math.min(from + EXECUTION_WINDOW_MS, Math.max(nowMs, from));
    windows.push({ fromMs: from, toMs: to });
    from = to + 1;
  } while (from <= nowMs);
  return windows;
}

/**
 * Every fill at or after sinceMs, oldest first, deduplicated by fill id. Without sinceMs Bybit
 * answers its default span (the last 7 days); with it, the span to now is walked in 7-day windows
 * and each window's cursor is followed to its end.
 */
export async function readExecutions(
  fetchPage: ExecutionPageFetch,
  sinceMs: number | undefined,
  nowMs: number,
): Promise<VenueFill[]> {
  const byId = new Map<string, VenueFill>();
  for (const window of executionWindows(sinceMs, nowMs)) {
    let cursor: string | undefined;
    for (let n = 0; n < MAX_PAGES_PER_WINDOW; n++) {
      const params: Record<string, unknown> = {};
      if (window.toMs !== undefined) params.endTime = window.toMs;
      if (cursor !== undefined) params.cursor = cursor;
      const page = await fetchPage(window.fromMs, params);
      for (const item of page) {
        const fill = parseFill(item.info);
        if (!byId.has(fill.fillId)) byId.set(fill.fillId, fill);
      }
      cursor = cursorOf(page);
      if (cursor === undefined || page.length === 0) break;
    }
  }
  const fills = [...byId.values()].filter((f) => sinceMs === undefined || f.at >= sinceMs);
  // Bybit lists newest first; a stable sort by time keeps a venue's same-ms order reversed once.
  return fills.reverse().sort((a, b) => a.at - b.at);
}

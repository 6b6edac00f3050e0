import type { CcxtResult } from './bybit-client';
import { EXECUTION_WINDOW_MS, executionWindows, readExecutions } from './executions-reader';

const raw = (execId: string, execTime: number, cursor?: string): CcxtResult => ({
  info: {
    execId,
    orderId: `o-${execId}`,
    orderLinkId: `link-${execId}`,
    symbol: 'BTCUSDT',
    side: 'Buy',
    execPrice: '100.5',
    execQty: '0.001',
    execFee: '0.0000553',
    isMaker: false,
    execTime: String(execTime),
    ...(cursor === undefined ? {} : { nextPageCursor: cursor }),
  },
});

describe('readExecutions', () => {
  it('follows the cursor to the last page and returns the fills oldest first', async () => {
    const pages: Record<string, CcxtResult[]> = {
      start: [raw('c', 30, 'p2'), raw('b', 20)],
      p2: [raw('a', 10, 'p3')],
      p3: [],
    };
    const calls: Array<Record<string, unknown>> = [];
    const fills = await readExecutions(
      async (_since, params) => {
        calls.push(params);
        return pages[(params.cursor as string | undefined) ?? 'start'];
      },
      undefined,
      1_000,
    );
    expect(fills.map((f) => f.fillId)).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual([{}, { cursor: 'p2' }, { cursor: 'p3' }]);
    expect(fills[0]).toMatchObject({ clientOrderId: 'link-a', side: 'buy', at: 10 });
    expect(fills[0].fee.toFixed()).toBe('0.0000553');
  });

  it('walks 7-day windows from sinceMs to now, drops what is older and duplicates', async () => {
    const since = 1_000;
    const now = since + 2 * EXECUTION_WINDOW_MS + 5;
    const seen: Array<[number | undefined, unknown]> = [];
    const fills = await readExecutions(
      async (from, params) => {
        seen.push([from, params.endTime]);
        if (from === since) return [raw('x', since + 7), raw('old', since - 1)];
        return [raw('y', now), raw('x', since + 7)];
      },
      since,
      now,
    );
    expect(seen.map(([from]) => from)).toEqual([
      since,
      since + EXECUTION_WINDOW_MS + 1,
      since + 2 * EXECUTION_WINDOW_MS + 2,
    ]);
    expect(seen[0][1]).toBe(since + EXECUTION_WINDOW_MS);
    expect(seen[2][1]).toBe(now);
    expect(fills.map((f) => f.fillId)).toEqual(['x', 'y']);
  });

  it('keeps the venue order of fills in the same millisecond (newest-first lists reversed)', async () => {
    const fills = await readExecutions(
      async () => [raw('3', 5), raw('2', 5), raw('1', 5)],
      undefined,
      10,
    );
    expect(fills.map((f) => f.fillId)).toEqual(['1', '2', '3']);
  });

  it('asks one window when sinceMs is now or in the future', () => {
    expect(executionWindows(50, 50)).toEqual([{ fromMs: 50, toMs: 50 }]);
    expect(executionWindows(60, 50)).toEqual([{ fromMs: 60, toMs: 60 }]);
  });
});

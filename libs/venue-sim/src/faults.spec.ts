import { ManualClock } from '@flotilla/core';
import { ActiveFault, FaultBoard, FaultValidationError, parseFaultRequest } from './faults';

const known = (s: string): boolean => s === 'BTCUSDT';

function fieldOf(body: unknown): string {
  try {
    parseFaultRequest(body, known);
  } catch (error) {
    if (error instanceof FaultValidationError) return error.field;
    throw error;
  }
  return 'none';
}

describe('parseFaultRequest', () => {
  it('accepts each fault type in its valid shape', () => {
    expect(parseFaultRequest({ type: 'drop' }, known)).toEqual({ type: 'drop' });
    expect(parseFaultRequest({ type: 'stall', symbol: 'BTCUSDT', durationMs: 500 }, known)).toEqual(
      {
        type: 'stall',
        symbol: 'BTCUSDT',
        durationMs: 500,
      },
    );
    expect(parseFaultRequest({ type: 'refuse', durationMs: 1 }, known)).toEqual({
      type: 'refuse',
      durationMs: 1,
    });
    expect(parseFaultRequest({ type: 'garbage' }, known)).toEqual({ type: 'garbage' });
    expect(parseFaultRequest({ type: 'gap', symbol: 'BTCUSDT' }, known)).toEqual({
      type: 'gap',
      symbol: 'BTCUSDT',
    });
  });

  it.each([
    [null, 'body'],
    [[], 'body'],
    [{}, 'type'],
    [{ type: 'explode' }, 'type'],
    [{ type: 'drop', extra: 1 }, 'extra'],
    [{ type: 'stall', symbol: 'NOPE' }, 'symbol'],
    [{ type: 'stall', symbol: 5 }, 'symbol'],
    [{ type: 'refuse', symbol: 'BTCUSDT' }, 'symbol'],
    [{ type: 'stall', durationMs: 0 }, 'durationMs'],
    [{ type: 'stall', durationMs: 1.5 }, 'durationMs'],
    [{ type: 'stall', durationMs: '100' }, 'durationMs'],
    [{ type: 'stall', durationMs: 3_600_001 }, 'durationMs'],
    [{ type: 'gap', durationMs: 100 }, 'durationMs'],
    [{ type: 'drop', durationMs: 100 }, 'durationMs'],
    [{ type: 'latency' }, 'latencyMs'],
    [{ type: 'latency', latencyMs: 0 }, 'latencyMs'],
    [{ type: 'latency', latencyMs: 100, share: 0.5 }, 'share'],
    [{ type: 'reject', share: 0.5 }, 'retCode'],
    [{ type: 'reject', retCode: 110007, share: 1.5 }, 'share'],
    [{ type: 'timeout-after-accept', share: 0 }, 'share'],
    [{ type: 'rate-limit', count: 0 }, 'count'],
    [{ type: 'rate-limit', durationMs: 100 }, 'durationMs'],
    [{ type: 'server-error', status: 404 }, 'status'],
    [{ type: 'private-drop', symbol: 'BTCUSDT' }, 'symbol'],
    [{ type: 'drop', count: 2 }, 'count'],
  ])('rejects %j naming %s', (body, field) => {
    expect(fieldOf(body)).toBe(field);
  });

  it('accepts each private fault in its valid shape', () => {
    const cases: Array<Record<string, unknown>> = [
      { type: 'latency', latencyMs: 250, durationMs: 1000 },
      { type: 'timeout-after-accept', share: 0.3 },
      { type: 'reject', share: 0.5, retCode: 110007 },
      { type: 'rate-limit', count: 5 },
      { type: 'server-error', count: 3, status: 502 },
      { type: 'private-drop' },
    ];
    for (const body of cases) expect(parseFaultRequest(body, known)).toEqual(body);
  });
});

describe('FaultBoard', () => {
  it('expires timed faults on the injected clock', () => {
    const clock = new ManualClock();
    const expired: ActiveFault[] = [];
    const board = new FaultBoard(clock, (f) => expired.push(f));
    board.add('stall', 'BTCUSDT', 1000);
    board.add('refuse', null, 3000);
    expect(board.covers('stall', 'BTCUSDT')).toBe(true);
    expect(board.covers('stall', 'ETHUSDT')).toBe(false);
    expect(board.covers('refuse', 'ETHUSDT')).toBe(true);
    clock.advance(999);
    expect(board.list()).toHaveLength(2);
    clock.advance(1);
    expect(board.covers('stall', 'BTCUSDT')).toBe(false);
    expect(expired.map((f) => f.type)).toEqual(['stall']);
    board.clear();
    expect(board.has('refuse')).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });
});

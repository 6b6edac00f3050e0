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
  ])('rejects %j naming %s', (body, field) => {
    expect(fieldOf(body)).toBe(field);
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

import fc from 'fast-check';
import type { OrderLeg } from '@flotilla/engine';
import { clientOrderId, isProtectiveLeg, ORDER_LINK_ID } from './client-order-id';

const legs: OrderLeg[] = ['entry', 'stop', 'take-profit', 'close'];

describe('clientOrderId', () => {
  it('is a pure function of (symbol, signal id, leg)', () => {
    expect(clientOrderId('BTCUSDT', 'sig-1', 'entry')).toBe(
      clientOrderId('BTCUSDT', 'sig-1', 'entry'),
    );
    expect(clientOrderId('BTCUSDT', 'sig-1', 'entry')).toMatch(/^fle-[0-9a-f]{32}$/);
  });

  it('differs when any part differs', () => {
    const ids = new Set([
      clientOrderId('BTCUSDT', 'sig-1', 'entry'),
      clientOrderId('ETHUSDT', 'sig-1', 'entry'),
      clientOrderId('BTCUSDT', 'sig-2', 'entry'),
      clientOrderId('BTCUSDT', 'sig-1', 'stop'),
      // the separator keeps ("AB","C") and ("A","BC") apart
      clientOrderId('BTCUSDTA', 'B', 'entry'),
      clientOrderId('BTCUSDT', 'AB', 'entry'),
    ]);
    expect(ids.size).toBe(6);
  });

  it("always satisfies Bybit's orderLinkId rule, whatever the signal id holds", () => {
    expect(() =>
      fc.assert(
        fc.property(
          fc.string({ minLength: 1, maxLength: 20 }),
          fc.string({ minLength: 1, maxLength: 200 }),
          fc.constantFrom(...legs),
          (symbol, signal, leg) => ORDER_LINK_ID.test(clientOrderId(symbol, signal, leg)),
        ),
      ),
    ).not.toThrow();
  });

  it('refuses an empty signal id rather than sharing one id across signals', () => {
    expect(() => clientOrderId('BTCUSDT', '', 'entry')).toThrow(TypeError);
  });

  it('treats every leg but the entry as protective', () => {
    expect(legs.filter(isProtectiveLeg)).toEqual(['stop', 'take-profit', 'close']);
  });
});

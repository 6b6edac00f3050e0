import { ManualClock } from '@flotilla/core';
import { parseFaultRequest } from '../faults';
import { fixture, KEY, price } from '../exchange/exchange-fixture';
import { PrivateFaults } from './private-faults';
import { attachedStopGate, refusesStop } from './stop-reject';

const STOP_ORDER = {
  category: 'linear',
  symbol: 'BTCUSDT',
  side: 'Sell',
  orderType: 'Market',
  qty: '0.01',
  triggerPrice: '90000',
  triggerDirection: 2,
  reduceOnly: true,
};

describe('the stop-reject fault', () => {
  it('parses with durationMs, count and symbol; refuses fields it does not take', () => {
    const known = (s: string) => s === 'BTCUSDT';
    expect(
      parseFaultRequest(
        { type: 'stop-reject', symbol: 'BTCUSDT', count: 2, durationMs: 5000 },
        known,
      ),
    ).toEqual({ type: 'stop-reject', symbol: 'BTCUSDT', count: 2, durationMs: 5000 });
    expect(() => parseFaultRequest({ type: 'stop-reject', share: 0.5 }, known)).toThrow(/share/);
    expect(() => parseFaultRequest({ type: 'stop-reject', symbol: 'XYZ' }, known)).toThrow(
      /symbol/,
    );
  });

  it('refuses position stop losses and reduce-only conditional creates, nothing else', () => {
    const faults = new PrivateFaults(new ManualClock(0), 1);
    const trading = { category: 'linear', symbol: 'BTCUSDT', positionIdx: 0 };
    expect(refusesStop('/v5/position/trading-stop', { ...trading, stopLoss: '9' }, faults)).toBe(
      false,
    );
    faults.add({ type: 'stop-reject' });
    expect(refusesStop('/v5/position/trading-stop', { ...trading, stopLoss: '9' }, faults)).toBe(
      true,
    );
    expect(refusesStop('/v5/position/trading-stop', { ...trading, stopLoss: '0' }, faults)).toBe(
      false,
    );
    expect(refusesStop('/v5/position/trading-stop', { ...trading, takeProfit: '9' }, faults)).toBe(
      false,
    );
    expect(refusesStop('/v5/order/create', STOP_ORDER, faults)).toBe(true);
    const closeOnTrigger = { ...STOP_ORDER, reduceOnly: false, closeOnTrigger: true };
    expect(refusesStop('/v5/order/create', closeOnTrigger, faults)).toBe(true);
    expect(refusesStop('/v5/order/create', { ...STOP_ORDER, reduceOnly: false }, faults)).toBe(
      false,
    );
    const { triggerPrice: _t, triggerDirection: _d, ...plainClose } = STOP_ORDER;
    expect(refusesStop('/v5/order/create', plainClose, faults)).toBe(false);
    expect(faults.list()[0].hits).toBe(3);
  });

  it('covers only its symbol, spends its count and expires on the clock', () => {
    const clock = new ManualClock(0);
    const faults = new PrivateFaults(clock, 1);
    faults.add({ type: 'stop-reject', symbol: 'ETHUSDT', count: 2 });
    expect(faults.list()[0]).toMatchObject({ untilMs: null, remaining: 2, symbol: 'ETHUSDT' });
    expect(faults.takeStopReject('BTCUSDT')).toBeUndefined();
    expect(faults.takeStopReject('ETHUSDT')).toBeDefined();
    expect(faults.takeStopReject('ETHUSDT')).toBeDefined();
    expect(faults.takeStopReject('ETHUSDT')).toBeUndefined();
    faults.add({ type: 'stop-reject', durationMs: 100 });
    expect(faults.takeStopReject('BTCUSDT')).toBeDefined();
    clock.advance(100);
    expect(faults.takeStopReject('BTCUSDT')).toBeUndefined();
    faults.add({ type: 'stop-reject', durationMs: 100, count: 1 });
    expect(faults.takeStopReject('BTCUSDT')).toBeDefined();
    expect(faults.takeStopReject('BTCUSDT')).toBeUndefined();
  });

  it('fills an entry normally but leaves its attached stop off the position, and logs it', () => {
    const f = fixture();
    const faults = new PrivateFaults(f.clock, 1);
    const logged: string[] = [];
    f.exchange.setAttachedStopGate(attachedStopGate(faults, (line) => logged.push(line)));
    const last = f.btc.lastPriceTicks;
    const entry = {
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
      stopLoss: price(f.btc, last - 500),
      takeProfit: price(f.btc, last + 500),
    };
    faults.add({ type: 'stop-reject', count: 1 });
    f.place({ ...entry, orderLinkId: 'entry-1' });
    const [p] = f.exchange.positions(KEY, 'BTCUSDT');
    expect(p.position.size.toFixed()).toBe('0.01');
    expect(p.position.stopLoss).toBeNull();
    expect(p.position.takeProfit?.toFixed()).toBe(price(f.btc, last + 500));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/stop-reject.*BTCUSDT order entry-1/);
    f.place({ ...entry, orderLinkId: 'entry-2' });
    expect(f.exchange.positions(KEY, 'BTCUSDT')[0].position.stopLoss?.toFixed()).toBe(
      price(f.btc, last - 500),
    );
  });
});

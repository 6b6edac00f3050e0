import fc from 'fast-check';
import { Decimal, dec, scaledProductInto, toWire, type Trade } from '@flotilla/core';
import { TradeFlow } from './trade-flow';

const trade = (side: 'buy' | 'sell', size: string, price = '10') => ({
  id: '1',
  price: dec(price),
  size: dec(size),
  side,
  ts: 0,
});

describe('TradeFlow', () => {
  it('sums taker buy and sell quote volume exactly', () => {
    const flow = new TradeFlow(60_000);
    flow.add(trade('buy', '0.1', '65340.12'), 0);
    flow.add(trade('buy', '0.2', '65340.12'), 10);
    flow.add(trade('sell', '3', '0.1'), 20);
    expect(toWire(flow.buyVolume)).toBe('19602.036');
    expect(toWire(flow.sellVolume)).toBe('0.3');
    expect(flow.size).toBe(3);
  });

  it('drops trades that fall out of the window, at 1/60 of the window', () => {
    const flow = new TradeFlow(1000);
    flow.add(trade('sell', '1'), 0);
    flow.add(trade('sell', '2'), 500);
    flow.prune(1000);
    expect(toWire(flow.sellVolume)).toBe('30');
    flow.prune(1001);
    expect(toWire(flow.sellVolume)).toBe('20');
    expect(flow.size).toBe(1);
    flow.prune(1501);
    expect(flow.size).toBe(0);
    expect(toWire(flow.sellVolume)).toBe('0');
  });

  it('never counts a trade older than the window, nor loses one younger than window - 1/60', () => {
    const windowMs = 60_000;
    const flow = new TradeFlow(windowMs);
    flow.add(trade('buy', '1'), 123_456);
    const countedTooOld: number[] = [];
    const lostTooYoung: number[] = [];
    for (let age = 0; age <= windowMs + 2000; age += 250) {
      flow.prune(123_456 + age);
      const counted = flow.size === 1;
      if (age > windowMs && counted) countedTooOld.push(age);
      if (age < windowMs - windowMs / 60 && !counted) lostTooYoung.push(age);
    }
    expect(countedTooOld).toEqual([]);
    expect(lostTooYoung).toEqual([]);
    expect(flow.size).toBe(0);
  });

  it('holds a fixed ring whatever the trade rate: a slot is reused a window later', () => {
    const flow = new TradeFlow(60_000);
    for (let t = 0; t < 600_000; t += 10) flow.add(trade(t % 20 ? 'buy' : 'sell', '1'), t);
    // The last 59-60 s of trades at 100/s: one bucket's worth may sit at the window's edge.
    expect(flow.size).toBeGreaterThanOrEqual(5900);
    expect(flow.size).toBeLessThanOrEqual(6000);
    expect(flow.buyVolume.add(flow.sellVolume).toNumber()).toBe(flow.size * 10);
  });

  it('does not move the window back when the clock does', () => {
    const flow = new TradeFlow(1000);
    flow.add(trade('buy', '1'), 5000);
    flow.prune(7000);
    flow.prune(5000);
    expect(flow.size).toBe(0);
  });
});

describe('TradeFlow with allocation-free trades', () => {
  /** A trade as the hub makes it: it offers its quote volume as a scaled integer. */
  const wireTrade = (side: 'buy' | 'sell', size: string, price: string): Trade => ({
    ...trade(side, size, price),
    quoteVolumeInto: (out) => scaledProductInto(price, size, out),
  });
  const Exact = Decimal.clone({ precision: 1000 });

  // Some volumes beyond a double's 2^53, some beyond decimal.js's default 20 digits.
  it('sums as exactly as Decimals do, through sums a double cannot hold', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
            price: fc.constantFrom('65340.12', '0.00001234', '3', '123456789012.5'),
            size: fc.constantFrom('0.001', '1.5', '100000', '99999999.999999'),
            wire: fc.boolean(),
            at: fc.integer({ min: 0, max: 90_000 }),
          }),
          { maxLength: 40 },
        ),
        (trades) => {
          const flow = new TradeFlow(60_000);
          const sorted = [...trades].sort((a, b) => a.at - b.at);
          for (const t of sorted)
            flow.add(
              t.wire ? wireTrade(t.side, t.size, t.price) : trade(t.side, t.size, t.price),
              t.at,
            );
          const end = sorted.length > 0 ? sorted[sorted.length - 1].at : 0;
          const want = { buy: new Exact(0), sell: new Exact(0) };
          for (const t of sorted) {
            // Counted while its bucket (1 s at a 60 s window) lies inside the window.
            const bucketStart = Math.floor(t.at / 1000) * 1000;
            if (bucketStart >= end - 60_000)
              want[t.side] = want[t.side].add(new Exact(t.price).mul(t.size));
          }
          expect(flow.buyVolume.toFixed()).toBe(want.buy.toFixed());
          expect(flow.sellVolume.toFixed()).toBe(want.sell.toFixed());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a trade it cannot hold as a scaled integer through its Decimals', () => {
    const flow = new TradeFlow(60_000);
    flow.add(wireTrade('buy', '2', '1e-7'), 0);
    flow.add(wireTrade('buy', '0.5', '10'), 1);
    expect(flow.buyVolume.toFixed()).toBe('5.0000002');
  });
});

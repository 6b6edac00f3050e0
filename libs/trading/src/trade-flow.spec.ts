import { dec, toWire } from '@flotilla/core';
import { TradeFlow } from './trade-flow';

const trade = (side: 'buy' | 'sell', size: string) => ({
  id: '1',
  price: dec('10'),
  size: dec(size),
  side,
  ts: 0,
});

describe('TradeFlow', () => {
  it('is bounded by count as well as by time', () => {
    const flow = new TradeFlow(60_000, 3);
    for (let i = 0; i < 10; i++) flow.add(trade('buy', '1'), 0);
    expect(flow.size).toBe(3);
    expect(toWire(flow.buyVolume)).toBe('30');
  });

  it('drops trades that fall out of the window', () => {
    const flow = new TradeFlow(1000, 100);
    flow.add(trade('sell', '1'), 0);
    flow.add(trade('sell', '2'), 500);
    flow.prune(1001);
    expect(toWire(flow.sellVolume)).toBe('20');
    flow.prune(1501);
    expect(flow.size).toBe(0);
    expect(toWire(flow.sellVolume)).toBe('0');
  });
});

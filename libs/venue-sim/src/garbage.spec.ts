import {
  garbageAfter,
  TOPICLESS_GARBAGE,
  topicGarbage,
  truncated,
  wrongShapeFrame,
} from './garbage';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('garbage frames', () => {
  it.each([
    ['orderbook.50.SOLUSDT', { s: 'SOLUSDT', b: 'not levels', u: 'next' }],
    ['publicTrade.SOLUSDT', [expect.objectContaining({ S: 'Hold', p: 2 })]],
    ['tickers.SOLUSDT', { symbol: 'SOLUSDT', lastPrice: 12.5 }],
  ])(
    'a wrong-shape frame for %s is a valid envelope naming the topic, with data a client must reject',
    (topic, data) => {
      const frame = JSON.parse(wrongShapeFrame(topic, 1000) ?? 'null') as unknown;
      expect(frame).toMatchObject({ topic, type: 'delta', ts: 1000, data });
    },
  );

  it('a burst frame pair is the wrong-shape frame and its first half, which is not JSON but starts with the topic', () => {
    const [whole, cut] = topicGarbage('orderbook.50.SOLUSDT', 5);
    expect(parses(whole)).toBe(true);
    expect(parses(cut)).toBe(false);
    expect(cut.startsWith('{"topic":"orderbook.50.SOLUSDT"')).toBe(true);
    expect(whole.startsWith(cut)).toBe(true);
    expect(topicGarbage('kline.1.SOLUSDT', 5)).toEqual([]);
  });

  it('a timed fault cycles topicless, wrong-shape and truncated-real frames', () => {
    const real = JSON.stringify({ topic: 'tickers.BTCUSDT', type: 'delta', ts: 9, data: {} });
    const cycle = [0, 1, 2, 3, 4].map((n) => garbageAfter('tickers.BTCUSDT', real, 9, n));
    expect(cycle.slice(0, 2)).toEqual(TOPICLESS_GARBAGE);
    expect(cycle[2]).toBe(wrongShapeFrame('tickers.BTCUSDT', 9));
    expect(cycle[3]).toBe(truncated(real));
    expect(parses(cycle[3])).toBe(false);
    expect(cycle[4]).toBe(cycle[0]);
  });
});

import { TickerState } from './events';

describe('TickerState.merge', () => {
  it('says whether a delta carried a field it keeps; a snapshot always replaces', () => {
    const t = new TickerState();
    expect(t.merge({ lastPrice: '10', bid1Price: '9' }, true)).toBe(true);
    expect(t.merge({}, false)).toBe(false);
    expect(t.lastPrice).toBe('10');
    expect(t.merge({ markPrice: '10.1' }, false)).toBe(true);
    expect([t.lastPrice, t.bid1Price, t.markPrice]).toEqual(['10', '9', '10.1']);
    expect(t.merge({}, true)).toBe(true);
    expect(t.lastPrice).toBeUndefined();
  });
});

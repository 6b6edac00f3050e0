import { findBySymbol } from './symbol-lookup';

describe('findBySymbol', () => {
  const feeds = new Map([['BTCUSDT', 1]]);

  it('finds by the normalized name, or by a name that normalizes to it', () => {
    expect(findBySymbol(feeds, 'BTCUSDT')).toBe(1);
    expect(findBySymbol(feeds, 'btc-usdt')).toBe(1);
  });

  it('finds nothing for a symbol not there or not valid', () => {
    expect(findBySymbol(feeds, 'ETHUSDT')).toBeUndefined();
    expect(findBySymbol(feeds, 'no such symbol!')).toBeUndefined();
  });
});

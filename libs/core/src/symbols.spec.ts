import { DomainError } from './errors';
import { normalizeSymbol } from './symbols';

describe('normalizeSymbol', () => {
  it.each([
    ['BTCUSDT', 'BTCUSDT'],
    ['btcusdt', 'BTCUSDT'],
    ['BTC-USDT', 'BTCUSDT'],
    ['eth/usdt', 'ETHUSDT'],
    ['SYN0001USDT', 'SYN0001USDT'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeSymbol(input)).toBe(expected);
  });

  it.each(['../x', 'A'.repeat(300), 'BTC€USDT', '', 'B', 'BTC--USDT', 'BTC USDT'])(
    'rejects %j naming the rule',
    (input) => {
      expect(() => normalizeSymbol(input)).toThrow(DomainError);
      expect(() => normalizeSymbol(input)).toThrow(/a symbol is 2-30 ASCII letters or digits/);
    },
  );
});

import type { Market } from 'ccxt';
import { bybitCcxtOptions } from './ccxt-options';
import { instrumentFromCcxtMarket } from './instruments';

function market(overrides: Partial<Market> = {}, info: Record<string, unknown> = {}): Market {
  return {
    id: 'BTCUSDT',
    symbol: 'BTC/USDT:USDT',
    base: 'BTC',
    quote: 'USDT',
    type: 'swap',
    linear: true,
    info: {
      priceFilter: { tickSize: '0.10' },
      lotSizeFilter: { qtyStep: '0.001', minOrderQty: '0.001', minNotionalValue: '5' },
      ...info,
    },
    ...overrides,
  } as unknown as Market;
}

describe('instruments', () => {
  it('takes the exact rule strings from market.info', () => {
    const i = instrumentFromCcxtMarket(market());
    expect(i?.symbol).toBe('BTCUSDT');
    expect(i?.tickSize.toFixed()).toBe('0.1');
    expect(i?.qtyStep.toFixed()).toBe('0.001');
    expect(i?.minOrderQty.toFixed()).toBe('0.001');
    expect(i?.minNotional.toFixed()).toBe('5');
  });

  it('skips non-linear markets and markets without rules', () => {
    expect(instrumentFromCcxtMarket(market({ type: 'spot' }))).toBeUndefined();
    expect(instrumentFromCcxtMarket(market({ linear: false }))).toBeUndefined();
    expect(instrumentFromCcxtMarket(market({}, { priceFilter: {} }))).toBeUndefined();
  });

  it('builds ccxt options that load linear markets only, from any REST base', () => {
    const o = bybitCcxtOptions({ restUrl: 'http://127.0.0.1:1234/' });
    expect(o).toMatchObject({
      has: { fetchCurrencies: false },
      options: { fetchMarkets: { types: ['linear'] } },
      urls: { api: { public: 'http://127.0.0.1:1234', private: 'http://127.0.0.1:1234' } },
    });
    expect(bybitCcxtOptions('testnet')).toMatchObject({ sandbox: true });
    expect(bybitCcxtOptions('live')).not.toHaveProperty('urls');
  });
});

import { dec, type Instrument } from '@flotilla/core';
import type { PlaceOrderRequest } from '@flotilla/engine';
import { quantise } from './rounding';

const btc: Instrument = {
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: dec('0.1'),
  qtyStep: dec('0.001'),
  minOrderQty: dec('0.001'),
  minNotional: dec('5'),
};

const base: PlaceOrderRequest = {
  symbol: 'BTCUSDT',
  signalId: 's1',
  leg: 'entry',
  side: 'buy',
  type: 'limit',
  qty: dec('0.0019'),
  price: dec('60000.07'),
};

function ok(request: PlaceOrderRequest): Record<string, string | undefined> {
  const result = quantise(request, btc);
  if (!result.ok) throw new Error(`not sent: ${result.detail}`);
  const o = result.order;
  return {
    qty: o.qty.toFixed(),
    price: o.price?.toFixed(),
    triggerPrice: o.triggerPrice?.toFixed(),
    stopLoss: o.stopLoss?.toFixed(),
    takeProfit: o.takeProfit?.toFixed(),
  };
}

describe('quantise', () => {
  it('truncates the quantity and rounds a buy limit down', () => {
    expect(ok(base)).toMatchObject({ qty: '0.001', price: '60000' });
  });

  it('rounds a sell limit up (ccxt would round 60000.01 down to a worse price)', () => {
    expect(ok({ ...base, side: 'sell', price: dec('60000.01') })).toMatchObject({
      price: '60000.1',
    });
  });

  it('keeps a price already on the grid exactly', () => {
    expect(ok({ ...base, price: dec('60000.1') }).price).toBe('60000.1');
  });

  it('keeps stops on the protective side: a sell stop down, a buy stop up', () => {
    const stop = { ...base, leg: 'stop' as const, type: 'market' as const, price: undefined };
    expect(ok({ ...stop, side: 'sell', triggerPrice: dec('58000.09') }).triggerPrice).toBe('58000');
    expect(ok({ ...stop, side: 'buy', triggerPrice: dec('58000.01') }).triggerPrice).toBe(
      '58000.1',
    );
  });

  it('rounds take-profit triggers away from the market (a sell up, a buy down)', () => {
    const tp = { ...base, leg: 'take-profit' as const, type: 'market' as const, price: undefined };
    expect(ok({ ...tp, side: 'sell', triggerPrice: dec('70000.01') }).triggerPrice).toBe('70000.1');
    expect(ok({ ...tp, side: 'buy', triggerPrice: dec('50000.09') }).triggerPrice).toBe('50000');
  });

  it("rounds an entry's attached stop-loss and take-profit on their protective sides", () => {
    expect(ok({ ...base, stopLoss: dec('58000.05'), takeProfit: dec('70000.05') })).toMatchObject({
      stopLoss: '58000',
      takeProfit: '70000.1',
    });
    expect(
      ok({ ...base, side: 'sell', stopLoss: dec('62000.05'), takeProfit: dec('50000.05') }),
    ).toMatchObject({ stopLoss: '62000.1', takeProfit: '50000' });
  });

  it('does not send a quantity that truncates below the minimum, and never 0', () => {
    const result = quantise({ ...base, qty: dec('0.0009') }, btc);
    expect(result).toMatchObject({ ok: false, reason: 'below-min-qty' });
  });

  it('does not send a limit order below the minimum notional', () => {
    const result = quantise({ ...base, qty: dec('0.001'), price: dec('4000') }, btc);
    expect(result).toMatchObject({ ok: false, reason: 'below-min-notional' });
  });

  it('lets a reduce-only close below the minimum notional through (it only shrinks a position)', () => {
    const result = quantise(
      { ...base, leg: 'close', reduceOnly: true, qty: dec('0.001'), price: dec('4000') },
      btc,
    );
    expect(result.ok).toBe(true);
  });

  it('sends a stop below the minimum notional: a small position still gets its stop', () => {
    const result = quantise(
      {
        ...base,
        leg: 'stop',
        side: 'sell',
        type: 'market',
        price: undefined,
        qty: dec('0.001'),
        triggerPrice: dec('4000'),
      },
      btc,
    );
    expect(result.ok).toBe(true);
  });

  it('refuses a price that rounds to 0 and a limit order without a price', () => {
    expect(quantise({ ...base, side: 'buy', price: dec('0.05') }, btc)).toMatchObject({
      ok: false,
      reason: 'invalid-request',
    });
    expect(quantise({ ...base, price: undefined }, btc)).toMatchObject({
      ok: false,
      reason: 'invalid-request',
    });
  });
});

import { fixture, KEY, price, retCodeOf } from './exchange-fixture';
import { RET } from './errors';

const BODY = { category: 'linear', symbol: 'BTCUSDT' };

describe('Exchange conditional orders and position stops', () => {
  it('keeps a conditional order untriggered until the last price reaches it, then fills at market', () => {
    const f = fixture();
    const last = f.btc.lastPriceTicks;
    const id = f.place({
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
      triggerPrice: price(f.btc, last + 20),
      triggerDirection: 1,
    });
    expect(f.exchange.openOrders(KEY, { orderId: id })[0]).toMatchObject({
      orderStatus: 'Untriggered',
      stopOrderType: 'Stop',
    });
    expect(f.exchange.wallet(KEY).totalOrderIM.isZero()).toBe(true);
    f.btc.lastPriceTicks = last + 19;
    f.exchange.onMarketUpdate(f.btc, []);
    expect(f.exchange.openOrders(KEY, { orderId: id })[0].orderStatus).toBe('Untriggered');
    f.btc.lastPriceTicks = last + 20;
    f.exchange.onMarketUpdate(f.btc, []);
    expect(f.exchange.openOrders(KEY, { orderId: id })[0].orderStatus).toBe('Filled');
    expect(f.exchange.positions(KEY, 'BTCUSDT')[0].position.size.toFixed()).toBe('0.01');
  });

  it("makes an entry's attached stop loss and take profit the position's when it fills", () => {
    const f = fixture();
    const last = f.btc.lastPriceTicks;
    f.place({
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
      stopLoss: price(f.btc, last - 500),
      takeProfit: price(f.btc, last + 500),
    });
    const [p] = f.exchange.positions(KEY, 'BTCUSDT');
    expect(p.position.stopLoss?.toFixed()).toBe(price(f.btc, last - 500));
    expect(p.position.takeProfit?.toFixed()).toBe(price(f.btc, last + 500));
    expect(
      retCodeOf(() =>
        f.place({
          side: 'Buy',
          orderType: 'Market',
          qty: '0.01',
          stopLoss: price(f.btc, last + 500),
        }),
      ),
    ).toBe(RET.PARAMS);
  });

  it('closes the position at market when the last price reaches its stop loss, and clears the stop', () => {
    const f = fixture();
    f.place({ side: 'Buy', orderType: 'Market', qty: '0.01' });
    const last = f.btc.lastPriceTicks;
    f.exchange.tradingStop(KEY, { ...BODY, stopLoss: price(f.btc, last - 30), positionIdx: 0 });
    f.btc.lastPriceTicks = last - 30;
    f.exchange.onMarketUpdate(f.btc, []);
    const [p] = f.exchange.positions(KEY, 'BTCUSDT');
    expect(p.position.size.isZero()).toBe(true);
    expect(p.position.stopLoss).toBeNull();
    const close = f.exchange.allOrders(KEY).at(-1);
    expect(close).toMatchObject({
      createType: 'CreateByStopLoss',
      stopOrderType: 'StopLoss',
      reduceOnly: true,
      orderStatus: 'Filled',
    });
  });

  it('validates trading-stop like Bybit: no position, stop loss above a long, take profit below it', () => {
    const f = fixture();
    const last = f.btc.lastPriceTicks;
    expect(
      retCodeOf(() => f.exchange.tradingStop(KEY, { ...BODY, stopLoss: price(f.btc, last - 30) })),
    ).toBe(RET.PARAMS);
    f.place({ side: 'Buy', orderType: 'Market', qty: '0.01' });
    const now = f.btc.lastPriceTicks;
    expect(
      retCodeOf(() => f.exchange.tradingStop(KEY, { ...BODY, stopLoss: price(f.btc, now + 30) })),
    ).toBe(RET.PARAMS);
    expect(
      retCodeOf(() => f.exchange.tradingStop(KEY, { ...BODY, takeProfit: price(f.btc, now - 30) })),
    ).toBe(RET.PARAMS);
    f.exchange.tradingStop(KEY, {
      ...BODY,
      takeProfit: price(f.btc, now + 30),
      stopLoss: price(f.btc, now - 30),
    });
    f.exchange.tradingStop(KEY, { ...BODY, stopLoss: '0' });
    const [p] = f.exchange.positions(KEY, 'BTCUSDT');
    expect(p.position.stopLoss).toBeNull();
    expect(p.position.takeProfit?.toFixed()).toBe(price(f.btc, now + 30));
  });

  it("trails a short's stop from the lowest price once active and closes on the retrace", () => {
    const f = fixture();
    f.place({ side: 'Sell', orderType: 'Market', qty: '0.01' });
    const last = f.btc.lastPriceTicks;
    f.exchange.tradingStop(KEY, { ...BODY, trailingStop: price(f.btc, 50) });
    const move = (ticks: number): void => {
      f.btc.lastPriceTicks = ticks;
      f.exchange.onMarketUpdate(f.btc, []);
    };
    move(last - 200);
    move(last - 151);
    expect(f.exchange.positions(KEY, 'BTCUSDT')[0].position.size.isZero()).toBe(false);
    move(last - 150);
    expect(f.exchange.positions(KEY, 'BTCUSDT')[0].position.size.isZero()).toBe(true);
  });

  it('amends price, qty and trigger, and cancels all by symbol or by filter', () => {
    const f = fixture();
    const bid = f.btc.book.bids.best() as number;
    const last = f.btc.lastPriceTicks;
    const limit = f.place({
      side: 'Buy',
      orderType: 'Limit',
      price: price(f.btc, bid - 10),
      qty: '0.01',
      orderLinkId: 'lim-1',
    });
    const stop = f.place({
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
      triggerPrice: price(f.btc, last + 50),
      triggerDirection: 1,
    });
    f.exchange.amendOrder(KEY, {
      ...BODY,
      orderLinkId: 'lim-1',
      price: price(f.btc, bid - 20),
      qty: '0.02',
    });
    expect(f.exchange.openOrders(KEY, { orderId: limit })[0]).toMatchObject({
      orderLinkId: 'lim-1',
    });
    expect(f.exchange.openOrders(KEY, { orderId: limit })[0].price?.toFixed()).toBe(
      price(f.btc, bid - 20),
    );
    expect(
      retCodeOf(() =>
        f.exchange.amendOrder(KEY, {
          ...BODY,
          orderId: stop,
          triggerPrice: price(f.btc, last - 5),
        }),
      ),
    ).toBe(RET.TRIGGER_NOT_RISING);
    expect(
      f.exchange.cancelAll(KEY, { ...BODY, orderFilter: 'StopOrder' }).map((a) => a.orderId),
    ).toEqual([stop]);
    expect(
      f.exchange.cancelAll(KEY, { category: 'linear', settleCoin: 'USDT' }).map((a) => a.orderId),
    ).toEqual([limit]);
    expect(f.exchange.openOrders(KEY, { settleCoin: 'USDT' })).toEqual([]);
    expect(f.exchange.openOrders(KEY, { orderId: stop })[0].orderStatus).toBe('Deactivated');
    expect(f.exchange.openOrders(KEY, { orderId: limit })[0]).toMatchObject({
      orderStatus: 'Cancelled',
      cancelType: 'CancelByUser',
    });
  });

  it('amending a resting limit across the book trades it at once', () => {
    const f = fixture();
    const bid = f.btc.book.bids.best() as number;
    const ask = f.btc.book.asks.best() as number;
    const id = f.place({ side: 'Buy', orderType: 'Limit', price: price(f.btc, bid), qty: '0.001' });
    f.exchange.amendOrder(KEY, { ...BODY, orderId: id, price: price(f.btc, ask) });
    expect(f.exchange.openOrders(KEY, { orderId: id })[0].orderStatus).toBe('Filled');
    expect(f.exchange.executions(KEY, { orderId: id })[0].isMaker).toBe(false);
  });
});

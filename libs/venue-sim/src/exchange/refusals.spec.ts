import { fixture, KEY, price, retCodeOf } from './exchange-fixture';
import { RET } from './errors';

describe('Exchange refusals (Bybit retCodes)', () => {
  const market = { side: 'Buy', orderType: 'Market', qty: '0.01' };

  it('refuses off-tick prices, off-step and too small quantities with 10001', () => {
    const f = fixture();
    expect(
      retCodeOf(() => f.place({ side: 'Buy', orderType: 'Limit', qty: '0.01', price: '60000.05' })),
    ).toBe(RET.PARAMS);
    expect(retCodeOf(() => f.place({ ...market, qty: '0.0015' }))).toBe(RET.PARAMS);
    expect(retCodeOf(() => f.place({ ...market, qty: '0' }))).toBe(RET.PARAMS);
    expect(retCodeOf(() => f.place({ ...market, qty: '2000' }))).toBe(RET.PARAMS);
    expect(retCodeOf(() => f.place({ ...market, side: 'Long' }))).toBe(RET.PARAMS);
    expect(retCodeOf(() => f.place({ ...market, positionIdx: 1 }))).toBe(RET.PARAMS);
    expect(retCodeOf(() => f.place({ ...market, symbol: 'NOPEUSDT' }))).toBe(RET.PARAMS);
    expect(f.exchange.allOrders(KEY)).toEqual([]);
  });

  it('refuses an order below the minimum notional with 110094', () => {
    const f = fixture();
    const bid = f.btc.book.bids.best() as number;
    // 0.001 BTC at a price of 4000 ticks (400 USDT) is 0.4 USDT, under the 5 USDT minimum.
    expect(
      retCodeOf(() =>
        f.place({
          side: 'Buy',
          orderType: 'Limit',
          qty: '0.001',
          price: price(f.btc, Math.min(bid, 4000)),
        }),
      ),
    ).toBe(RET.MIN_NOTIONAL);
  });

  it('refuses what the available balance cannot margin with 110007', () => {
    const f = fixture(7, '100');
    // 0.02 BTC at ~65,000 with leverage 10 needs ~130 USDT of margin.
    expect(retCodeOf(() => f.place({ ...market, qty: '0.02' }))).toBe(RET.INSUFFICIENT_BALANCE);
    expect(retCodeOf(() => f.place({ ...market, qty: '0.01' }))).toBeUndefined();
  });

  it('refuses an amend that raises a resting order past the available balance with 110007', () => {
    const f = fixture(7, '100');
    const bid = f.btc.book.bids.best() as number;
    const id = f.place({
      side: 'Buy',
      orderType: 'Limit',
      price: price(f.btc, bid - 50),
      qty: '0.01',
    });
    const amend = { category: 'linear', symbol: 'BTCUSDT', orderId: id };
    expect(retCodeOf(() => f.exchange.amendOrder(KEY, { ...amend, qty: '0.02' }))).toBe(
      RET.INSUFFICIENT_BALANCE,
    );
    expect(retCodeOf(() => f.exchange.amendOrder(KEY, { ...amend, qty: '0.012' }))).toBeUndefined();
    expect(f.exchange.openOrders(KEY, { orderId: id })[0].qty.toFixed()).toBe('0.012');
  });

  it('refuses a duplicate orderLinkId with 110072, even after the first order closed', () => {
    const f = fixture();
    f.place({ ...market, orderLinkId: 'e1-abc' });
    expect(retCodeOf(() => f.place({ ...market, orderLinkId: 'e1-abc' }))).toBe(
      RET.DUPLICATE_ORDER_LINK_ID,
    );
    expect(f.exchange.ordersByLinkId(KEY, 'e1-abc')).toHaveLength(1);
    expect(retCodeOf(() => f.place({ ...market, orderLinkId: 'bad id!' }))).toBe(RET.PARAMS);
  });

  it('answers 110001 for an unknown, closed or foreign order on cancel and amend', () => {
    const f = fixture();
    const filled = f.place(market);
    const body = { category: 'linear', symbol: 'BTCUSDT' };
    expect(retCodeOf(() => f.exchange.cancelOrder(KEY, { ...body, orderId: 'nope' }))).toBe(
      RET.ORDER_NOT_FOUND,
    );
    expect(retCodeOf(() => f.exchange.cancelOrder(KEY, { ...body, orderId: filled }))).toBe(
      RET.ORDER_NOT_FOUND,
    );
    expect(
      retCodeOf(() => f.exchange.amendOrder(KEY, { ...body, orderId: filled, qty: '0.02' })),
    ).toBe(RET.ORDER_NOT_FOUND);
    expect(retCodeOf(() => f.exchange.cancelOrder('other', { ...body, orderId: filled }))).toBe(
      RET.ORDER_NOT_FOUND,
    );
  });

  it('refuses a reduce-only order that cannot reduce with 110017', () => {
    const f = fixture();
    expect(retCodeOf(() => f.place({ ...market, reduceOnly: true }))).toBe(RET.REDUCE_ONLY);
    f.place(market);
    expect(retCodeOf(() => f.place({ ...market, reduceOnly: true }))).toBe(RET.REDUCE_ONLY);
    expect(retCodeOf(() => f.place({ ...market, side: 'Sell', reduceOnly: true }))).toBeUndefined();
  });

  it('refuses a trigger on the wrong side of the last price with 110092 / 110093', () => {
    const f = fixture();
    const last = f.btc.lastPriceTicks;
    const cond = { ...market, triggerBy: 'LastPrice' };
    expect(
      retCodeOf(() =>
        f.place({ ...cond, triggerPrice: price(f.btc, last - 10), triggerDirection: 1 }),
      ),
    ).toBe(RET.TRIGGER_NOT_RISING);
    expect(
      retCodeOf(() =>
        f.place({ ...cond, triggerPrice: price(f.btc, last + 10), triggerDirection: 2 }),
      ),
    ).toBe(RET.TRIGGER_NOT_FALLING);
    expect(
      retCodeOf(() =>
        f.place({ ...cond, triggerPrice: price(f.btc, last + 10), triggerDirection: 1 }),
      ),
    ).toBeUndefined();
  });

  it('refuses the 11th conditional order of a symbol with 110009', () => {
    const f = fixture();
    const last = f.btc.lastPriceTicks;
    for (let i = 1; i <= 10; i++) {
      f.place({ ...market, triggerPrice: price(f.btc, last + 100 * i), triggerDirection: 1 });
    }
    expect(
      retCodeOf(() =>
        f.place({ ...market, triggerPrice: price(f.btc, last + 2000), triggerDirection: 1 }),
      ),
    ).toBe(RET.TOO_MANY_STOP_ORDERS);
  });

  it('answers 110043 for an unchanged leverage and 110025 / 10001 on switch-mode', () => {
    const f = fixture();
    const body = { category: 'linear', symbol: 'BTCUSDT' };
    expect(
      retCodeOf(() =>
        f.exchange.setLeverage(KEY, { ...body, buyLeverage: '10', sellLeverage: '10' }),
      ),
    ).toBe(RET.LEVERAGE_UNCHANGED);
    expect(
      retCodeOf(() =>
        f.exchange.setLeverage(KEY, { ...body, buyLeverage: '5', sellLeverage: '5' }),
      ),
    ).toBeUndefined();
    expect(f.exchange.positions(KEY, 'BTCUSDT')[0].position.leverage.toFixed()).toBe('5');
    expect(
      retCodeOf(() =>
        f.exchange.setLeverage(KEY, { ...body, buyLeverage: '500', sellLeverage: '500' }),
      ),
    ).toBe(RET.PARAMS);
    expect(
      retCodeOf(() => f.exchange.switchMode(KEY, { category: 'linear', coin: 'USDT', mode: 0 })),
    ).toBe(RET.POSITION_MODE_UNCHANGED);
    expect(
      retCodeOf(() => f.exchange.switchMode(KEY, { category: 'linear', coin: 'USDT', mode: 3 })),
    ).toBe(RET.PARAMS);
  });

  it('answers 10003 for an unknown API key', () => {
    const f = fixture();
    expect(retCodeOf(() => f.exchange.wallet('nobody'))).toBe(RET.API_KEY_INVALID);
  });
});

describe('Exchange close-on-trigger', () => {
  it('treats closeOnTrigger as reduce-only, and qty 0 as the whole position', () => {
    const f = fixture();
    const order = { side: 'Sell', orderType: 'Market', closeOnTrigger: true };
    expect(retCodeOf(() => f.place({ ...order, qty: '0.01' }))).toBe(RET.REDUCE_ONLY);
    f.place({ side: 'Buy', orderType: 'Market', qty: '0.007' });
    f.place({ ...order, qty: '0', reduceOnly: true });
    expect(f.exchange.positions(KEY, 'BTCUSDT')[0].position.size.isZero()).toBe(true);
    expect(f.exchange.executions(KEY, {})[0].execQty.toFixed()).toBe('0.007');
  });
});

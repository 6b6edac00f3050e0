import { Decimal } from '@flotilla/core';
import { fixture, KEY, price, qty } from './exchange-fixture';

describe('Exchange matching', () => {
  it('walks the ask levels for a market buy and takes them out of the book', () => {
    const f = fixture();
    const asks = f.btc.book.asks.levels(3);
    const steps = asks[0][1] + asks[1][1] + 1;
    f.place({ side: 'Buy', orderType: 'Market', qty: qty(f.btc, steps) });
    const fills = f.exchange.executions(KEY, {}).reverse();
    expect(fills.map((e) => [e.execPrice.toFixed(), e.execQty.toFixed(), e.isMaker])).toEqual([
      [price(f.btc, asks[0][0]), qty(f.btc, asks[0][1]), false],
      [price(f.btc, asks[1][0]), qty(f.btc, asks[1][1]), false],
      [price(f.btc, asks[2][0]), qty(f.btc, 1), false],
    ]);
    expect(f.btc.book.asks.best()).toBe(asks[2][0]);
    expect(f.btc.book.asks.sizeAt(asks[2][0])).toBe(asks[2][1] - 1);
    expect(f.btc.lastPriceTicks).toBe(asks[2][0]);
    const [position] = f.exchange.positions(KEY, 'BTCUSDT');
    const value = fills.reduce((s, e) => s.add(e.execValue), new Decimal(0));
    expect(position.position.size.toFixed()).toBe(qty(f.btc, steps));
    expect(position.position.avgPrice.toFixed()).toBe(value.div(qty(f.btc, steps)).toFixed());
    // Taker fee per fill, booked to 8 decimals as Bybit does.
    const fee = fills.reduce(
      (s, e) => s.add(e.execValue.mul('0.00055').toDecimalPlaces(8, Decimal.ROUND_HALF_UP)),
      new Decimal(0),
    );
    expect(fills.reduce((s, e) => s.add(e.execFee), new Decimal(0)).toFixed()).toBe(fee.toFixed());
    expect(f.exchange.wallet(KEY).walletBalance.toFixed()).toBe(
      new Decimal(100000).sub(fee).toFixed(),
    );
    const order = f.exchange.allOrders(KEY)[0];
    expect(order.orderStatus).toBe('Filled');
  });

  it('publishes the taken levels and the own trades with the next market update', () => {
    const f = fixture();
    const [bestAsk, size] = f.btc.book.asks.levels(1)[0];
    f.place({ side: 'Buy', orderType: 'Market', qty: qty(f.btc, size) });
    const trades = f.btc.step(f.clock.now() + 100);
    expect(trades[0]).toMatchObject({
      priceTicks: bestAsk,
      sizeSteps: size,
      side: 'Buy',
      own: true,
    });
    expect(f.btc.delta(50).asks).toContainEqual([bestAsk, f.btc.book.asks.sizeAt(bestAsk)]);
  });

  it('rests a GTC limit below the ask and fills it as maker when the ask comes down to it', () => {
    const f = fixture();
    const bid = f.btc.book.bids.best() as number;
    const id = f.place({ side: 'Buy', orderType: 'Limit', price: price(f.btc, bid), qty: '0.01' });
    expect(f.exchange.openOrders(KEY, { symbol: 'BTCUSDT' }).map((o) => o.orderId)).toEqual([id]);
    expect(f.exchange.wallet(KEY).totalOrderIM.toFixed()).toBe(
      new Decimal(price(f.btc, bid)).mul('0.01').div(10).toFixed(),
    );
    f.btc.book.asks.set(bid, 5);
    f.exchange.onMarketUpdate(f.btc, []);
    const [fill] = f.exchange.executions(KEY, {});
    expect(fill).toMatchObject({ isMaker: true });
    expect(fill.execPrice.toFixed()).toBe(price(f.btc, bid));
    expect(fill.feeRate.toFixed()).toBe('0.0002');
    expect(f.exchange.openOrders(KEY, { symbol: 'BTCUSDT' })).toEqual([]);
  });

  it('fills a resting sell limit when the market trades through its price', () => {
    const f = fixture();
    const ask = f.btc.book.asks.best() as number;
    f.place({ side: 'Sell', orderType: 'Limit', price: price(f.btc, ask + 5), qty: '0.01' });
    const trade = {
      id: 'x',
      priceTicks: ask + 6,
      sizeSteps: 1,
      side: 'Buy' as const,
      ts: 0,
      tickDirection: 'PlusTick' as const,
      seq: 1,
    };
    f.exchange.onMarketUpdate(f.btc, [{ ...trade, own: true }]);
    expect(f.exchange.executions(KEY, {})).toHaveLength(0);
    f.exchange.onMarketUpdate(f.btc, [trade]);
    expect(f.exchange.executions(KEY, {})).toHaveLength(1);
  });

  it('cancels a PostOnly that would take, without a fill', () => {
    const f = fixture();
    const ask = f.btc.book.asks.best() as number;
    const id = f.place({
      side: 'Buy',
      orderType: 'Limit',
      timeInForce: 'PostOnly',
      price: price(f.btc, ask),
      qty: '0.01',
    });
    const [order] = f.exchange.openOrders(KEY, { orderId: id });
    expect(order).toMatchObject({
      orderStatus: 'Cancelled',
      rejectReason: 'EC_PostOnlyWillTakeLiquidity',
    });
    expect(f.exchange.executions(KEY, {})).toEqual([]);
    expect(f.btc.book.asks.best()).toBe(ask);
  });

  it('fills an IOC as far as its price allows and cancels the rest', () => {
    const f = fixture();
    const [ask, size] = f.btc.book.asks.levels(1)[0];
    const id = f.place({
      side: 'Buy',
      orderType: 'Limit',
      timeInForce: 'IOC',
      price: price(f.btc, ask),
      qty: qty(f.btc, size + 3),
    });
    const [order] = f.exchange.openOrders(KEY, { orderId: id });
    expect(order.orderStatus).toBe('Cancelled');
    expect(order.cumExecQty.toFixed()).toBe(qty(f.btc, size));
  });

  it('fills a FOK all or nothing', () => {
    const f = fixture();
    const [ask, size] = f.btc.book.asks.levels(1)[0];
    const none = f.place({
      side: 'Buy',
      orderType: 'Limit',
      timeInForce: 'FOK',
      price: price(f.btc, ask),
      qty: qty(f.btc, size + 1),
    });
    expect(f.exchange.openOrders(KEY, { orderId: none })[0]).toMatchObject({
      orderStatus: 'Cancelled',
      rejectReason: 'EC_NoImmediateQtyToFill',
    });
    expect(f.btc.book.asks.sizeAt(ask)).toBe(size);
    const all = f.place({
      side: 'Buy',
      orderType: 'Limit',
      timeInForce: 'FOK',
      price: price(f.btc, ask),
      qty: qty(f.btc, size),
    });
    expect(f.exchange.openOrders(KEY, { orderId: all })[0].orderStatus).toBe('Filled');
  });

  it('caps a reduce-only order at the position, so it closes and never flips', () => {
    const f = fixture();
    f.place({ side: 'Buy', orderType: 'Market', qty: '0.005' });
    f.place({ side: 'Sell', orderType: 'Market', qty: '0.02', reduceOnly: true });
    const [position] = f.exchange.positions(KEY, 'BTCUSDT');
    expect(position.position.size.isZero()).toBe(true);
    const [close] = f.exchange.executions(KEY, {});
    expect(close.execQty.toFixed()).toBe('0.005');
    expect(close.closedSize.toFixed()).toBe('0.005');
  });

  it('books realised PnL on a close and keeps equity = deposit + PnL - fees + unrealised', () => {
    const f = fixture();
    f.place({ side: 'Buy', orderType: 'Market', qty: '0.01' });
    for (let i = 0; i < 20; i++) f.step();
    f.place({ side: 'Sell', orderType: 'Market', qty: '0.004' });
    const fills = f.exchange.executions(KEY, {});
    const pnl = fills.reduce((s, e) => s.add(e.execPnl).sub(e.execFee), new Decimal(0));
    const wallet = f.exchange.wallet(KEY);
    expect(wallet.cumRealisedPnl.toFixed()).toBe(pnl.toFixed());
    expect(wallet.equity.toFixed()).toBe(
      new Decimal(100000).add(pnl).add(wallet.unrealisedPnl).toFixed(),
    );
    const [position] = f.exchange.positions(KEY, 'BTCUSDT');
    expect(position.position.size.toFixed()).toBe('0.006');
    expect(position.positionIM.toFixed()).toBe(position.positionValue.div(10).toFixed());
  });
});

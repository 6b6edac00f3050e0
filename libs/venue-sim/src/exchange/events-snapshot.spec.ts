import { Exchange } from './exchange';
import { fixture, KEY, price } from './exchange-fixture';
import { renderOrder, renderPosition, renderWallet } from './render';
import { ExchangeSnapshot } from './snapshot';

describe('Exchange events, REST shapes and snapshots', () => {
  it('emits execution, order, position and wallet events in Bybit stream shapes to subscribers only', () => {
    const f = fixture();
    const others: unknown[] = [];
    const off = f.exchange.subscribe('other', (e) => others.push(e));
    f.place({ side: 'Buy', orderType: 'Market', qty: '0.01', orderLinkId: 'ev-1' });
    expect(f.events.map((e) => e.topic)).toEqual(['execution', 'order', 'position', 'wallet']);
    const [execution, order, position, wallet] = f.events.map((e) => e.data[0]);
    expect(execution).toMatchObject({
      category: 'linear',
      execType: 'Trade',
      orderLinkId: 'ev-1',
      feeRate: '0.00055',
      isMaker: false,
    });
    expect(order).toMatchObject({
      category: 'linear',
      orderStatus: 'Filled',
      orderLinkId: 'ev-1',
      tpslMode: '',
      cumExecQty: '0.01',
    });
    expect(position).toMatchObject({
      category: 'linear',
      side: 'Buy',
      size: '0.01',
      positionIdx: 0,
    });
    expect(position).toHaveProperty('entryPrice');
    expect(position).not.toHaveProperty('avgPrice');
    expect(wallet).toMatchObject({ accountType: 'UNIFIED' });
    expect(others).toEqual([]);
    off();
    f.exchange.placeOrder('other', {
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
    });
    expect(others).toEqual([]);
  });

  it('keeps the venue matching when a subscriber throws', () => {
    const f = fixture();
    f.exchange.subscribe(KEY, () => {
      throw new Error('listener bug');
    });
    expect(() => f.place({ side: 'Buy', orderType: 'Market', qty: '0.01' })).not.toThrow();
    expect(f.events.length).toBeGreaterThan(0);
  });

  it('renders REST orders, flat positions and the wallet as Bybit and ccxt expect', () => {
    const f = fixture();
    const bid = f.btc.book.bids.best() as number;
    const id = f.place({ side: 'Buy', orderType: 'Limit', price: price(f.btc, bid), qty: '0.01' });
    const order = renderOrder(f.exchange.openOrders(KEY, { orderId: id })[0]);
    expect(order).toMatchObject({
      orderStatus: 'New',
      avgPrice: '',
      leavesQty: '0.01',
      timeInForce: 'GTC',
      tpslMode: '',
      positionIdx: 0,
      cumFeeDetail: {},
    });
    const flat = renderPosition(f.exchange.positions(KEY, 'ETHUSDT')[0]);
    expect(flat).toMatchObject({
      side: '',
      size: '0',
      avgPrice: '0',
      positionValue: '',
      unrealisedPnl: '',
      stopLoss: '',
      leverage: '10',
    });
    const wallet = renderWallet(f.exchange.wallet(KEY));
    expect(wallet).toMatchObject({ accountType: 'UNIFIED', totalWalletBalance: '100000.00000000' });
    const [usdt] = wallet.coin as Record<string, unknown>[];
    expect(usdt).toMatchObject({
      coin: 'USDT',
      availableToWithdraw: '',
      totalOrderIM: f.exchange.wallet(KEY).totalOrderIM.toFixed(8),
    });
  });

  it('restores accounts, orders, positions, executions and id counters from its JSON', () => {
    const f = fixture();
    const last = f.btc.lastPriceTicks;
    f.place({ side: 'Buy', orderType: 'Market', qty: '0.01', stopLoss: price(f.btc, last - 300) });
    f.place({
      side: 'Sell',
      orderType: 'Market',
      qty: '0.01',
      triggerPrice: price(f.btc, last - 100),
      triggerDirection: 2,
      reduceOnly: true,
      orderLinkId: 'sl-1',
    });
    const json = JSON.parse(JSON.stringify(f.exchange)) as ExchangeSnapshot;
    const restored = Exchange.fromJSON(json, { clock: f.clock, markets: f.markets });
    expect(JSON.parse(JSON.stringify(restored))).toEqual(json);
    expect(restored.ordersByLinkId(KEY, 'sl-1')[0].orderStatus).toBe('Untriggered');
    expect(restored.positions(KEY)[0].position.stopLoss?.toFixed()).toBe(price(f.btc, last - 300));
    const next = f.place({ side: 'Buy', orderType: 'Market', qty: '0.001' });
    const restoredNext = restored.placeOrder(KEY, {
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.001',
    });
    expect(restoredNext.orderId).toBe(next);
  });

  it('draws order ids from a seeded counter: the same seed gives the same ids, ids never repeat', () => {
    const a = fixture(3);
    const b = fixture(3);
    const ids = Array.from({ length: 50 }, () =>
      a.place({ side: 'Buy', orderType: 'Limit', price: '1000', qty: '0.01' }),
    );
    const again = Array.from({ length: 50 }, () =>
      b.place({ side: 'Buy', orderType: 'Limit', price: '1000', qty: '0.01' }),
    );
    expect(again).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

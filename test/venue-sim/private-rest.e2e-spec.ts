import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import { PrivateCcxt } from './private-ccxt-client';

const BTC = 'BTC/USDT:USDT';
const ETH = 'ETH/USDT:USDT';

interface Order {
  id: string;
  clientOrderId?: string;
  status: string;
  type: string;
  side: string;
  price?: number;
  amount: number;
  filled: number;
  reduceOnly?: boolean;
  postOnly?: boolean;
  triggerPrice?: number;
  stopLossPrice?: number;
  takeProfitPrice?: number;
  fee?: { cost: number; currency: string };
  info: Record<string, unknown>;
}
interface Position {
  symbol: string;
  side: string;
  contracts: number;
  entryPrice: number;
  stopLossPrice?: number;
  takeProfitPrice?: number;
  leverage: number;
  hedged: boolean;
}
interface Trade {
  symbol: string;
  side: string;
  amount: number;
  takerOrMaker: string;
  fee: { cost: number; currency: string; rate: number };
}
interface Balance {
  USDT: { free: number; used: number; total: number };
}
interface Ticker {
  bid: number;
  ask: number;
  last: number;
}

describe('venue-sim private REST through ccxt bybit (authenticated)', () => {
  let sim: VenueSim;
  let ccxt: PrivateCcxt;

  beforeAll(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 42, rateLimitScale: 100 });
    for (let i = 0; i < 20; i++) sim.tick();
    ccxt = await PrivateCcxt.start(sim.restUrl);
    await ccxt.call('loadMarkets');
  }, 30_000);

  afterAll(async () => {
    await ccxt.stop();
    await sim.close();
  });

  const ticker = (symbol: string): Promise<Ticker> => ccxt.call<Ticker>('fetchTicker', symbol);

  it('fetchBalance shows the default account: 100,000 USDT, all free', async () => {
    const balance = await ccxt.call<Balance>('fetchBalance');
    expect(balance.USDT).toMatchObject({ free: 100000, used: 0, total: 100000 });
  });

  it('a market buy fills at the book, shows in fetchOrder, fetchMyTrades, fetchPositions, fetchBalance', async () => {
    const placed = await ccxt.call<Order>('createOrder', BTC, 'market', 'buy', 0.01, undefined, {
      clientOrderId: 'e2e-mkt-1',
      positionIdx: 0,
    });
    expect(placed.id).toMatch(/\S/);
    expect(placed.clientOrderId).toBe('e2e-mkt-1');
    const order = await ccxt.call<Order>('fetchOrder', placed.id, BTC, { acknowledged: true });
    expect(order).toMatchObject({ status: 'closed', type: 'market', side: 'buy', filled: 0.01 });
    expect(order.fee?.currency).toBe('USDT');
    const trades = await ccxt.call<Trade[]>('fetchMyTrades', BTC);
    expect(trades.at(-1)).toMatchObject({ side: 'buy', amount: 0.01, takerOrMaker: 'taker' });
    expect(trades.at(-1)?.fee.rate).toBe(0.00055);
    const [position] = await ccxt.call<Position[]>('fetchPositions', [BTC]);
    expect(position).toMatchObject({ symbol: BTC, side: 'long', contracts: 0.01, hedged: false });
    const balance = await ccxt.call<Balance>('fetchBalance');
    expect(balance.USDT.used).toBeGreaterThan(0);
    expect(balance.USDT.total).toBeLessThan(100000); // the taker fee
  });

  it('a resting limit is listed open, amended by editOrder, cancelled by cancelOrder', async () => {
    const { bid } = await ticker(BTC);
    const price = Math.floor(bid * 0.95);
    const placed = await ccxt.call<Order>('createOrder', BTC, 'limit', 'buy', 0.01, price);
    const open = await ccxt.call<Order[]>('fetchOpenOrders', BTC);
    expect(open.map((o) => o.id)).toContain(placed.id);
    await ccxt.call('editOrder', placed.id, BTC, 'limit', 'buy', 0.02, price - 10);
    const amended = await ccxt.call<Order>('fetchOrder', placed.id, BTC, { acknowledged: true });
    expect(amended).toMatchObject({ status: 'open', amount: 0.02, price: price - 10 });
    await ccxt.call('cancelOrder', placed.id, BTC);
    const cancelled = await ccxt.call<Order>('fetchOrder', placed.id, BTC, { acknowledged: true });
    expect(cancelled.status).toBe('canceled');
  });

  it('postOnly that would take is cancelled, not filled; one that rests stays open', async () => {
    const { ask, bid } = await ticker(BTC);
    const taker = await ccxt.call<Order>('createOrder', BTC, 'limit', 'buy', 0.001, ask + 100, {
      postOnly: true,
    });
    const fetched = await ccxt.call<Order>('fetchOrder', taker.id, BTC, { acknowledged: true });
    expect(fetched).toMatchObject({ status: 'canceled', filled: 0 });
    const maker = await ccxt.call<Order>('createOrder', BTC, 'limit', 'buy', 0.001, bid - 100, {
      postOnly: true,
    });
    const resting = await ccxt.call<Order>('fetchOrder', maker.id, BTC, { acknowledged: true });
    expect(resting).toMatchObject({ status: 'open', postOnly: true });
  });

  it('reduceOnly reduces the long; stopLoss and takeProfit attach to an entry', async () => {
    await ccxt.call('createOrder', BTC, 'market', 'sell', 0.004, undefined, { reduceOnly: true });
    const [reduced] = await ccxt.call<Position[]>('fetchPositions', [BTC]);
    expect(reduced.contracts).toBeCloseTo(0.006, 9);
    const { last } = await ticker(BTC);
    const sl = Math.round(last * 0.9);
    const tp = Math.round(last * 1.1);
    await ccxt.call('createOrder', BTC, 'market', 'buy', 0.001, undefined, {
      stopLoss: { triggerPrice: sl },
      takeProfit: { triggerPrice: tp },
    });
    const [protectedPos] = await ccxt.call<Position[]>('fetchPositions', [BTC]);
    expect(protectedPos).toMatchObject({ stopLossPrice: sl, takeProfitPrice: tp });
    expect(protectedPos.contracts).toBeCloseTo(0.007, 9);
  });

  it('a triggerPrice order waits untriggered; cancelAllOrders clears every open order', async () => {
    const { last } = await ticker(ETH);
    const trigger = Math.round(last * 1.05 * 100) / 100;
    const conditional = await ccxt.call<Order>(
      'createOrder',
      ETH,
      'market',
      'buy',
      0.1,
      undefined,
      {
        triggerPrice: trigger,
        triggerDirection: 'ascending',
      },
    );
    const fetched = await ccxt.call<Order>('fetchOrder', conditional.id, ETH, {
      acknowledged: true,
    });
    expect(fetched).toMatchObject({ status: 'open', triggerPrice: trigger });
    await ccxt.call('cancelAllOrders');
    expect(await ccxt.call<Order[]>('fetchOpenOrders')).toEqual([]);
  });

  it('setLeverage changes the leverage; the same value again is BadRequest (110043)', async () => {
    await ccxt.call('setLeverage', 5, ETH);
    const [position] = await ccxt.call<Position[]>('fetchPositions', [ETH]);
    expect(position.leverage).toBe(5);
    const again = await ccxt.errorOf('setLeverage', [5, ETH]);
    expect(again.name).toBe('BadRequest');
    expect(again.message).toContain('110043');
  });

  it('createOrders sends one batch; a bad item fails alone', async () => {
    const { bid } = await ticker(ETH);
    const price = Math.round(bid * 0.9 * 100) / 100;
    const orders = await ccxt.call<Order[]>('createOrders', [
      {
        symbol: ETH,
        type: 'limit',
        side: 'buy',
        amount: 0.1,
        price,
        params: { clientOrderId: 'b-1' },
      },
      {
        symbol: ETH,
        type: 'limit',
        side: 'buy',
        amount: 0.1,
        price,
        params: { clientOrderId: 'b-1' },
      },
    ]);
    expect(orders[0]).toMatchObject({ clientOrderId: 'b-1' });
    expect(orders[0].id).toMatch(/\S/);
    expect(orders[1].info).toMatchObject({ code: 110072 });
    await ccxt.call('cancelAllOrders', ETH);
  });

  it('editOrders and cancelOrders go through the amend and cancel batches', async () => {
    const { bid } = await ticker(ETH);
    const price = Math.round(bid * 0.9 * 100) / 100;
    const placed = await ccxt.call<Order[]>('createOrders', [
      { symbol: ETH, type: 'limit', side: 'buy', amount: 0.1, price },
      { symbol: ETH, type: 'limit', side: 'buy', amount: 0.1, price },
    ]);
    const ids = placed.map((o) => o.id);
    await ccxt.call('editOrders', [
      { id: ids[0], symbol: ETH, type: 'limit', side: 'buy', amount: 0.2, price },
    ]);
    const edited = await ccxt.call<Order>('fetchOrder', ids[0], ETH, { acknowledged: true });
    expect(edited.amount).toBe(0.2);
    await ccxt.call('cancelOrders', ids, ETH);
    const open = await ccxt.call<Order[]>('fetchOpenOrders', ETH);
    expect(open.map((o) => o.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(open.map((o) => o.id)).not.toEqual(expect.arrayContaining([ids[1]]));
  });

  it('a position-level stop via trading-stop shows on the position; closed orders list fills', async () => {
    const { last } = await ticker(BTC);
    const stop = Math.round(last * 0.8);
    await ccxt.call('createOrder', BTC, 'market', 'sell', 0, undefined, {
      stopLossPrice: stop,
      tradingStopEndpoint: true,
      positionIdx: 0,
    });
    const [position] = await ccxt.call<Position[]>('fetchPositions', [BTC]);
    expect(position).toMatchObject({ side: 'long', stopLossPrice: stop });
    const closed = await ccxt.call<Order[]>('fetchClosedOrders', BTC);
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((o) => o.status === 'closed')).toBe(true);
  });
});

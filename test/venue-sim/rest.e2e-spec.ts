import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { CcxtProbe } from '../support/venue-sim-clients';

interface MarketView {
  symbol: string;
  id: string;
  precision: { amount: number; price: number };
  limits: { amount: { min: number }; cost: { min: number }; leverage: { max: number } };
  info: unknown;
}
interface BookView {
  bids: number[][];
  asks: number[][];
}
interface TickerView {
  bid: number;
  ask: number;
  last: number;
  info: unknown;
}

interface Envelope {
  retCode: number;
  retMsg: string;
  retExtInfo: unknown;
  result: {
    list: Array<Record<string, string>>;
    nextPageCursor: string;
    timeSecond: string;
  };
}

describe('venue-sim REST (ccxt bybit)', () => {
  let sim: VenueSim;
  let ccxt: CcxtProbe;

  beforeAll(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 42, synthetic: 3 });
    for (let i = 0; i < 20; i++) sim.tick();
    ccxt = await CcxtProbe.start(sim);
  });

  afterAll(async () => {
    await ccxt.stop();
    await sim.close();
  });

  it('loads linear markets with the listed grid values', async () => {
    const list = await ccxt.call<MarketView[]>('loadMarkets');
    const markets = Object.fromEntries(list.map((m) => [m.symbol, m]));
    expect(list).toHaveLength(10);
    const btc = markets['BTC/USDT:USDT'];
    expect(btc).toMatchObject({
      id: 'BTCUSDT',
      type: 'swap',
      linear: true,
      active: true,
      settle: 'USDT',
    });
    expect(btc.precision).toEqual({ amount: 0.001, price: 0.1 });
    expect(btc.limits.amount.min).toBe(0.001);
    expect(btc.limits.cost.min).toBe(5);
    expect(btc.limits.leverage.max).toBe(100);
    expect(btc.info).toMatchObject({
      contractType: 'LinearPerpetual',
      status: 'Trading',
      priceFilter: { tickSize: '0.10' },
      lotSizeFilter: { qtyStep: '0.001', minOrderQty: '0.001', minNotionalValue: '5' },
    });
    expect(markets['DOGE/USDT:USDT'].precision).toEqual({ amount: 1, price: 0.00001 });
    expect(markets['SYN0003/USDT:USDT']).toBeDefined();
  });

  it('fetches the order book the sim holds', async () => {
    const book = await ccxt.call<BookView>('fetchOrderBook', 'ETH/USDT:USDT', 5);
    const own = sim.book('ETHUSDT', 5);
    expect(book.bids).toEqual(own.bids.map(([p, s]) => [Number(p), Number(s)]));
    expect(book.asks).toEqual(own.asks.map(([p, s]) => [Number(p), Number(s)]));
  });

  it('fetches a ticker whose bid and ask are the top of book', async () => {
    const ticker = await ccxt.call<TickerView>('fetchTicker', 'BTC/USDT:USDT');
    const own = sim.book('BTCUSDT', 1);
    expect(ticker.bid).toBe(Number(own.bids[0][0]));
    expect(ticker.ask).toBe(Number(own.asks[0][0]));
    expect(ticker.last).toBeGreaterThan(0);
    expect(ticker.info).toMatchObject({ symbol: 'BTCUSDT', fundingRate: '0.0001' });
  });

  it('pages instruments with limit and cursor', async () => {
    const first = await getJson('/v5/market/instruments-info?category=linear&limit=4');
    expect(first.body.retCode).toBe(0);
    expect(first.body.result.list.map((i) => i.symbol)).toEqual([
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      'BNBUSDT',
    ]);
    const cursor = first.body.result.nextPageCursor;
    expect(cursor).not.toBe('');
    const rest = await getJson(
      `/v5/market/instruments-info?category=linear&limit=100&cursor=${cursor}`,
    );
    expect(rest.body.result.list).toHaveLength(6);
    expect(rest.body.result.nextPageCursor).toBe('');
  });

  it('lists nothing for other categories and for PreLaunch', async () => {
    for (const query of [
      'category=spot',
      'category=inverse',
      'category=option',
      'category=linear&status=PreLaunch',
    ]) {
      const res = await getJson(`/v5/market/instruments-info?${query}`);
      expect(res.body).toMatchObject({ retCode: 0, result: { list: [] } });
    }
  });

  it('returns recent trades newest first, on the grid', async () => {
    const res = await getJson('/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=3');
    const list = res.body.result.list;
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(3);
    for (const t of list) {
      expect(t.price).toMatch(/^\d+\.\d$|^\d+\.\d0$/);
      expect(t.size).toMatch(/^\d+\.\d{3}$/);
    }
  });

  it('serves the server time and all tickers', async () => {
    const time = await getJson('/v5/market/time');
    expect(time.body).toMatchObject({ retCode: 0, retMsg: 'OK', retExtInfo: {} });
    expect(time.body.result.timeSecond).toMatch(/^\d+$/);
    const tickers = await getJson('/v5/market/tickers?category=linear');
    expect(tickers.body.result.list).toHaveLength(10);
  });

  it.each([
    ['/v5/market/orderbook?category=linear&symbol=NOPEUSDT', 'symbol'],
    ['/v5/market/orderbook?category=linear', 'symbol'],
    ['/v5/market/orderbook?symbol=BTCUSDT', 'category'],
    ['/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=501', 'limit'],
    ['/v5/market/tickers?category=futures', 'category'],
    ['/v5/market/instruments-info?category=linear&cursor=bogus', 'cursor'],
    ['/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=x', 'limit'],
  ])('answers %s with retCode 10001 naming %s', async (path, param) => {
    const res = await getJson(path);
    expect(res.body.retCode).toBe(10001);
    expect(res.body.retMsg).toContain(param);
  });

  it('answers an unknown route with a 404 JSON body', async () => {
    const res = await getJson('/v5/market/kline', 404);
    expect(res.body.retMsg).toContain('/v5/market/kline');
  });

  it('serves its own book over the admin route', async () => {
    const res = await request(sim.restUrl).get('/__admin/book/BTCUSDT?depth=3').expect(200);
    expect(res.body as unknown).toMatchObject({ symbol: 'BTCUSDT', ...sim.book('BTCUSDT', 3) });
    await request(sim.restUrl).get('/__admin/book/NOPEUSDT').expect(404);
    await request(sim.restUrl).get('/__admin/book/BTCUSDT?depth=0').expect(400);
  });

  async function getJson(path: string, status = 200): Promise<{ body: Envelope }> {
    const res = await request(sim.restUrl).get(path).expect(status);
    return { body: res.body as Envelope };
  }
});

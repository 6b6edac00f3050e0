import { DEFAULT_ACCOUNT, startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { DEFAULT_CREDS, PrivateCcxt } from './private-ccxt-client';
import { signedHeaders } from './private-signer';

const BTC = 'BTC/USDT:USDT';
const ETH = 'ETH/USDT:USDT';

interface Ticker {
  last: number;
}

/** bybit-api's extra headers (research §0 item 3) on top of a docs-only signer. */
const bybitApiHeaders = (payload: string): Record<string, string> => ({
  ...signedHeaders(payload),
  'X-BAPI-SIGN-TYPE': '2',
  'x-referer': 'bybitapinode',
});

describe('venue-sim private REST refusals, as ccxt classifies them', () => {
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

  const raw = (body: Record<string, unknown>): Promise<{ name: string; message: string }> =>
    ccxt.errorOf('privatePostV5OrderCreate', [{ category: 'linear', ...body }]);

  it.each([
    [
      'price off the tick',
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.001', price: '60000.05' },
      10001,
      'BadRequest',
    ],
    [
      'qty off the step',
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.0015' },
      10001,
      'BadRequest',
    ],
    [
      'qty under the minimum',
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0' },
      10001,
      'BadRequest',
    ],
    [
      'notional under 5 USDT',
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.001', price: '1000' },
      110094,
      'InvalidOrder',
    ],
    [
      'more than the balance',
      { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '500' },
      110007,
      'InsufficientFunds',
    ],
    [
      'reduce-only with no position',
      { symbol: 'ETHUSDT', side: 'Sell', orderType: 'Market', qty: '0.1', reduceOnly: true },
      110017,
      'InvalidOrder',
    ],
  ])('%s: %j gets retCode %d, ccxt %s', async (_name, body, retCode, cls) => {
    const error = await raw(body);
    expect(error.name).toBe(cls);
    expect(error.message).toContain(`"retCode":${retCode}`);
  });

  it('a duplicate orderLinkId is 110072 (InvalidOrder); an unknown order is 110001 (OrderNotFound)', async () => {
    const params = { clientOrderId: 'dup-1' };
    await ccxt.call('createOrder', BTC, 'market', 'buy', 0.001, undefined, params);
    const dup = await ccxt.errorOf('createOrder', [BTC, 'market', 'buy', 0.001, undefined, params]);
    expect([dup.name, dup.message]).toEqual(['InvalidOrder', expect.stringContaining('110072')]);
    const missing = await ccxt.errorOf('cancelOrder', ['no-such-order', BTC]);
    expect([missing.name, missing.message]).toEqual([
      'OrderNotFound',
      expect.stringContaining('110001'),
    ]);
  });

  it('a trigger on the wrong side is 110092 / 110093; the 11th conditional is 110009', async () => {
    const { last } = await ccxt.call<Ticker>('fetchTicker', ETH);
    const below = Math.round(last * 0.9 * 100) / 100;
    const above = Math.round(last * 1.1 * 100) / 100;
    const rising = await ccxt.errorOf('createOrder', [
      ETH,
      'market',
      'buy',
      0.1,
      undefined,
      { triggerPrice: below, triggerDirection: 'ascending' },
    ]);
    expect([rising.name, rising.message]).toEqual([
      'InvalidOrder',
      expect.stringContaining('110092'),
    ]);
    const falling = await ccxt.errorOf('createOrder', [
      ETH,
      'market',
      'sell',
      0.1,
      undefined,
      { triggerPrice: above, triggerDirection: 'descending' },
    ]);
    expect([falling.name, falling.message]).toEqual([
      'InvalidOrder',
      expect.stringContaining('110093'),
    ]);
    for (let i = 0; i < 10; i++) {
      await ccxt.call('createOrder', ETH, 'market', 'buy', 0.1, undefined, {
        triggerPrice: above + i,
        triggerDirection: 'ascending',
      });
    }
    const eleventh = await ccxt.errorOf('createOrder', [
      ETH,
      'market',
      'buy',
      0.1,
      undefined,
      { triggerPrice: above + 20, triggerDirection: 'ascending' },
    ]);
    expect([eleventh.name, eleventh.message]).toEqual([
      'InvalidOrder',
      expect.stringContaining('110009'),
    ]);
    await ccxt.call('cancelAllOrders', ETH);
  });

  it('a bad timestamp is 10002 (InvalidNonce), a bad key 10003 and a bad signature 10004 (AuthenticationError)', async () => {
    const late = await ccxt.errorOf('fetchBalance', [], {
      ...DEFAULT_CREDS,
      timeDifference: 60_000,
    });
    expect([late.name, late.network, late.message]).toEqual([
      'InvalidNonce',
      true,
      expect.stringContaining('10002'),
    ]);
    const key = await ccxt.errorOf('fetchBalance', [], { apiKey: 'nobody', secret: 'x' });
    expect([key.name, key.message]).toEqual([
      'AuthenticationError',
      expect.stringContaining('10003'),
    ]);
    const sign = await ccxt.errorOf('fetchBalance', [], {
      apiKey: DEFAULT_ACCOUNT.key,
      secret: 'wrong',
    });
    expect([sign.name, sign.message]).toEqual([
      'AuthenticationError',
      expect.stringContaining('10004'),
    ]);
    expect(sign.message).not.toContain(DEFAULT_ACCOUNT.secret);
  });

  it('every authenticated answer carries the X-Bapi-Limit headers', async () => {
    await ccxt.call('fetchOpenOrders', BTC);
    const headers = await ccxt.headers();
    expect(Number(headers['X-Bapi-Limit'] ?? headers['x-bapi-limit'])).toBe(5000);
    expect(Number(headers['X-Bapi-Limit-Status'] ?? headers['x-bapi-limit-status'])).toBeLessThan(
      5000,
    );
  });

  it("signs over the raw bytes: bybit-api's encoded GET query and its own JSON key order", async () => {
    const query = `category=linear&symbol=BTCUSDT&orderLinkId=${encodeURIComponent('dup-1')}`;
    const got = await request(sim.restUrl)
      .get(`/v5/order/realtime?${query}`)
      .set(bybitApiHeaders(query));
    expect(got.body).toMatchObject({ retCode: 0, result: { list: [{ orderLinkId: 'dup-1' }] } });
    const body =
      '{ "qty":"0.001", "orderType":"Market", "side":"Buy", "symbol":"BTCUSDT", "category":"linear" }';
    const placed = await request(sim.restUrl)
      .post('/v5/order/create')
      .set(bybitApiHeaders(body))
      .send(body);
    expect(placed.body).toMatchObject({
      retCode: 0,
      retMsg: 'OK',
    });
    expect((placed.body as { result: { orderId: string } }).result.orderId).toMatch(/\S/);
    expect(Object.keys(placed.body as object).sort()).toEqual([
      'result',
      'retCode',
      'retExtInfo',
      'retMsg',
      'time',
    ]);
    const reordered = JSON.stringify(JSON.parse(body));
    const forged = await request(sim.restUrl)
      .post('/v5/order/create')
      .set(bybitApiHeaders(body))
      .send(reordered);
    expect(forged.body).toMatchObject({ retCode: 10004 });
  });

  it('the inverse position query with no symbol answers an empty list; switch-mode is one-way only', async () => {
    const query = 'category=inverse&limit=200';
    const got = await request(sim.restUrl)
      .get(`/v5/position/list?${query}`)
      .set(bybitApiHeaders(query));
    expect(got.body).toMatchObject({ retCode: 0, result: { list: [] } });
    const same = await ccxt.errorOf('setPositionMode', [false]);
    expect([same.name, same.message]).toEqual(['NoChange', expect.stringContaining('110025')]);
    const hedge = await ccxt.errorOf('setPositionMode', [true]);
    expect(hedge.message).toContain('hedge mode is not supported');
  });
});

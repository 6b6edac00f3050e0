import { ManualClock } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY, startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';

interface BookBody {
  result: { a: [string, string][]; b: [string, string][] };
}
interface TradesBody {
  result: { list: Array<{ price: string; size: string; side: string }> };
}

describe('venue-sim trading moves the public market (real HTTP)', () => {
  let sim: VenueSim;

  beforeAll(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 42, clock: new ManualClock() });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('a market buy takes the best ask out of the public book and prints on the tape', async () => {
    const before = (await request(sim.restUrl)
      .get('/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=5')
      .expect(200)) as { body: BookBody };
    const [bestAsk, size] = before.body.result.a[0];
    sim.exchange.placeOrder(DEFAULT_ACCOUNT_KEY, {
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: size,
    });
    const after = (await request(sim.restUrl)
      .get('/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=5')
      .expect(200)) as { body: BookBody };
    expect(after.body.result.a.map(([p]) => p)).not.toContain(bestAsk);
    const tape = (await request(sim.restUrl)
      .get('/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=1')
      .expect(200)) as { body: TradesBody };
    expect(tape.body.result.list[0]).toMatchObject({ price: bestAsk, size, side: 'Buy' });
  });

  it('tick() lets the exchange fill a resting order once the market reaches it', () => {
    sim.exchange.placeOrder(DEFAULT_ACCOUNT_KEY, {
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Sell',
      orderType: 'Market',
      qty: '0',
      reduceOnly: true,
      closeOnTrigger: true,
    });
    expect(sim.exchange.positions(DEFAULT_ACCOUNT_KEY)).toEqual([]);
    const ask = sim.book('BTCUSDT', 1).asks[0][0];
    const resting = sim.exchange.placeOrder(DEFAULT_ACCOUNT_KEY, {
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Sell',
      orderType: 'Limit',
      price: (Number(ask) + 0.5).toFixed(1),
      qty: '0.001',
    });
    let status = 'New';
    for (let i = 0; i < 2000 && status === 'New'; i++) {
      sim.tick();
      status = sim.exchange.openOrders(DEFAULT_ACCOUNT_KEY, { orderId: resting.orderId })[0]
        .orderStatus;
    }
    expect(status).toBe('Filled');
    expect(
      sim.exchange.executions(DEFAULT_ACCOUNT_KEY, { orderId: resting.orderId })[0].isMaker,
    ).toBe(true);
  });
});

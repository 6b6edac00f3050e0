import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { PrivateCcxt } from './private-ccxt-client';

const LINEAR = { category: 'linear', symbol: 'BTCUSDT' };

interface PositionList {
  result: { list: Array<{ size: string; stopLoss: string }> };
}

describe('venue-sim stop-reject fault through ccxt', () => {
  let sim: VenueSim;
  let ccxt: PrivateCcxt;
  let stopPrice: string;

  const position = async () =>
    (await ccxt.call<PositionList>('privateGetV5PositionList', LINEAR)).result.list[0];

  beforeAll(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 42, rateLimitScale: 100 });
    for (let i = 0; i < 20; i++) sim.tick();
    ccxt = await PrivateCcxt.start(sim.restUrl);
    await ccxt.call('loadMarkets');
    stopPrice = String(Math.floor(Number(sim.book('BTCUSDT', 1).bids[0][0]) * 0.9));
  }, 30_000);

  afterAll(async () => {
    await ccxt.stop();
    await sim.close();
  });

  it('fills the entry without its stop, refuses position stops and reduce-only stop orders', async () => {
    await request(sim.restUrl)
      .post('/__admin/faults')
      .send({ type: 'stop-reject', symbol: 'BTCUSDT', durationMs: 60_000 })
      .expect(200);

    await ccxt.call('privatePostV5OrderCreate', {
      ...LINEAR,
      side: 'Buy',
      orderType: 'Market',
      qty: '0.002',
      orderLinkId: 'drill-entry',
      stopLoss: stopPrice,
    });
    expect(await position()).toMatchObject({ size: '0.002', stopLoss: '0' });

    const tradingStop = await ccxt.errorOf('privatePostV5PositionTradingStop', [
      { ...LINEAR, positionIdx: 0, tpslMode: 'Full', stopLoss: stopPrice },
    ]);
    expect(tradingStop.message).toMatch(/10001.*stop-reject/);

    const stopOrder = await ccxt.errorOf('privatePostV5OrderCreate', [
      {
        ...LINEAR,
        side: 'Sell',
        orderType: 'Market',
        qty: '0.002',
        triggerPrice: stopPrice,
        triggerDirection: 2,
        reduceOnly: true,
        orderLinkId: 'drill-stop',
      },
    ]);
    expect(stopOrder.message).toMatch(/10001.*stop-reject/);
    expect(await position()).toMatchObject({ size: '0.002', stopLoss: '0' });

    const faults = await request(sim.restUrl).get('/__admin/faults').expect(200);
    expect((faults.body as { faults: unknown[] }).faults).toEqual([
      expect.objectContaining({ type: 'stop-reject', symbol: 'BTCUSDT', hits: 3 }),
    ]);
    const held = await request(sim.restUrl)
      .get('/__admin/accounts/flotilla-sim/orders')
      .query({ orderLinkId: 'drill-stop' })
      .expect(200);
    expect((held.body as { count: number }).count).toBe(0);
  });

  it('places the stop again once the fault is cleared', async () => {
    await request(sim.restUrl).delete('/__admin/faults/private').expect(200);
    await ccxt.call('privatePostV5PositionTradingStop', {
      ...LINEAR,
      positionIdx: 0,
      tpslMode: 'Full',
      stopLoss: stopPrice,
    });
    expect(await position()).toMatchObject({ size: '0.002', stopLoss: stopPrice });
  });
});

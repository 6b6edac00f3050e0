import { Decimal, ManualClock } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY, startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';

const SYMBOL = 'BTCUSDT';

describe('venue-sim drill routes: price shock and protection (real HTTP)', () => {
  let sim: VenueSim;

  beforeEach(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 7, clock: new ManualClock() });
  });

  afterEach(async () => {
    await sim.close();
  });

  it('a shock down through a long position stop closes the position at the stop (StopLoss)', async () => {
    const mid = new Decimal(sim.book(SYMBOL, 1).bids[0][0]);
    const stop = mid.mul('0.99').toDecimalPlaces(1);
    sim.exchange.placeOrder(DEFAULT_ACCOUNT_KEY, {
      category: 'linear',
      symbol: SYMBOL,
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
      stopLoss: stop.toFixed(),
    });
    expect(sim.exchange.positions(DEFAULT_ACCOUNT_KEY)).toHaveLength(1);

    const res = await request(sim.restUrl)
      .post(`/__admin/markets/${SYMBOL}/shock`)
      .send({ pct: -3 })
      .expect(200);
    const body = res.body as { toMid: string; fromMid: string; lastPrice: string };
    expect(new Decimal(body.toMid).lt(stop)).toBe(true);
    expect(new Decimal(body.lastPrice).lt(stop)).toBe(true);

    expect(sim.exchange.positions(DEFAULT_ACCOUNT_KEY)).toEqual([]);
    const closing = sim.exchange
      .executions(DEFAULT_ACCOUNT_KEY, { symbol: SYMBOL })
      .find((e) => e.stopOrderType === 'StopLoss');
    expect(closing).toBeDefined();
    expect(closing?.side).toBe('Sell');
  });

  it('a shock up moves the mid and the last traded price up by about pct', async () => {
    const res = await request(sim.restUrl)
      .post(`/__admin/markets/${SYMBOL}/shock`)
      .send({ pct: 2 })
      .expect(200);
    const body = res.body as { toMid: string; fromMid: string; lastPrice: string };
    const ratio = new Decimal(body.lastPrice).div(body.fromMid);
    expect(ratio.gt('1.015')).toBe(true);
    expect(ratio.lt('1.025')).toBe(true);
    expect(new Decimal(body.toMid).div(body.fromMid).toFixed(2)).toBe('1.02');
  });

  it('names what is wrong: 400 on pct, 404 on an unknown symbol, nothing moved', async () => {
    const before = sim.book(SYMBOL, 1);
    for (const body of [{}, { pct: 0 }, { pct: 50 }, { pct: '2' }]) {
      const res = await request(sim.restUrl)
        .post(`/__admin/markets/${SYMBOL}/shock`)
        .send(body)
        .expect(400);
      expect(res.body).toMatchObject({ ok: false, field: 'pct' });
    }
    const unknown = await request(sim.restUrl)
      .post('/__admin/markets/NOPEUSDT/shock')
      .send({ pct: 1 })
      .expect(404);
    expect((unknown.body as { error: string }).error).toContain('NOPEUSDT');
    expect(sim.book(SYMBOL, 1)).toEqual(before);
  });

  it('protection lists each open position and the stop that stands for it', async () => {
    const key = DEFAULT_ACCOUNT_KEY;
    const mid = new Decimal(sim.book(SYMBOL, 1).bids[0][0]);
    const order = (body: Record<string, unknown>) =>
      sim.exchange.placeOrder(key, { category: 'linear', orderType: 'Market', ...body });
    order({ symbol: SYMBOL, side: 'Buy', qty: '0.01' });
    const ethMid = new Decimal(sim.book('ETHUSDT', 1).bids[0][0]);
    order({ symbol: 'ETHUSDT', side: 'Sell', qty: '0.1', stopLoss: ethMid.mul('1.02').toFixed(2) });
    const bare = await request(sim.restUrl).get(`/__admin/accounts/${key}/protection`).expect(200);
    const byShape = bare.body as {
      positions: Array<{ symbol: string; protected: boolean }>;
      unprotected: number;
    };
    expect(byShape.unprotected).toBe(1);
    expect(byShape.positions.find((p) => p.symbol === SYMBOL)?.protected).toBe(false);
    expect(byShape.positions.find((p) => p.symbol === 'ETHUSDT')?.protected).toBe(true);

    order({
      symbol: SYMBOL,
      side: 'Sell',
      qty: '0',
      reduceOnly: true,
      closeOnTrigger: true,
      triggerPrice: mid.mul('0.98').toFixed(1),
      triggerDirection: 2,
    });
    const after = await request(sim.restUrl).get(`/__admin/accounts/${key}/protection`).expect(200);
    const body = after.body as {
      positions: Array<{ symbol: string; stopOrders: string[] }>;
      unprotected: number;
    };
    expect(body.unprotected).toBe(0);
    expect(body.positions.find((p) => p.symbol === SYMBOL)?.stopOrders).toHaveLength(1);
    await request(sim.restUrl).get('/__admin/accounts/nobody/protection').expect(404);
  });
  it('DELETE …/positions/{symbol}/stop removes the stop loss and cancels the reduce-only stops, TP kept', async () => {
    const key = DEFAULT_ACCOUNT_KEY;
    const mid = new Decimal(sim.book(SYMBOL, 1).bids[0][0]);
    const at = (f: string) => mid.mul(f).toDecimalPlaces(1).toFixed();
    const place = (body: Record<string, unknown>) =>
      sim.exchange.placeOrder(key, { category: 'linear', symbol: SYMBOL, ...body });
    place({
      side: 'Buy',
      orderType: 'Market',
      qty: '0.01',
      stopLoss: at('0.99'),
      takeProfit: at('1.02'),
    });
    const conditional = {
      side: 'Sell',
      orderType: 'Market',
      qty: '0',
      reduceOnly: true,
      closeOnTrigger: true,
      triggerDirection: 2,
    };
    place({ ...conditional, triggerPrice: at('0.985'), orderLinkId: 'fl-stop-1' });
    // Not a stop of this position: a resting buy limit below the market stays.
    place({
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.01',
      price: at('0.9'),
      orderLinkId: 'keep-me',
    });
    const before = await request(sim.restUrl)
      .get(`/__admin/accounts/${key}/protection`)
      .expect(200);
    expect((before.body as { unprotected: number }).unprotected).toBe(0);

    const res = await request(sim.restUrl)
      .delete(`/__admin/accounts/${key}/positions/${SYMBOL}/stop`)
      .expect(200);
    expect(res.body).toEqual({
      ok: true,
      key,
      symbol: SYMBOL,
      stopLoss: at('0.99'),
      trailingStop: null,
      cancelled: ['fl-stop-1'],
    });
    const after = await request(sim.restUrl).get(`/__admin/accounts/${key}/protection`).expect(200);
    const body = after.body as {
      positions: Array<{ symbol: string; stopLoss: string | null; stopOrders: string[] }>;
      unprotected: number;
    };
    expect(body.unprotected).toBe(1);
    expect(body.positions[0]).toMatchObject({ symbol: SYMBOL, stopLoss: null, stopOrders: [] });
    const [position] = sim.exchange.positions(key);
    expect(position.position.takeProfit?.toFixed()).toBe(at('1.02'));
    const open = sim.exchange.openOrders(key, { symbol: SYMBOL }).map((o) => o.orderLinkId);
    expect(open).toEqual(['keep-me']);
    expect(sim.exchange.ordersByLinkId(key, 'fl-stop-1')[0].orderStatus).toBe('Deactivated');
  });

  it('DELETE …/stop: 404 unknown account or symbol, 409 no open position, nothing changed', async () => {
    const key = DEFAULT_ACCOUNT_KEY;
    await request(sim.restUrl)
      .delete(`/__admin/accounts/nobody/positions/${SYMBOL}/stop`)
      .expect(404);
    const unknown = await request(sim.restUrl)
      .delete(`/__admin/accounts/${key}/positions/NOPEUSDT/stop`)
      .expect(404);
    expect((unknown.body as { error: string }).error).toContain('NOPEUSDT');
    const flat = await request(sim.restUrl)
      .delete(`/__admin/accounts/${key}/positions/${SYMBOL}/stop`)
      .expect(409);
    expect((flat.body as { error: string }).error).toContain('no open position');
    expect(sim.exchange.allOrders(key)).toEqual([]);
  });
});

import {
  DEFAULT_ACCOUNT_KEY,
  DEFAULT_ACCOUNT_SECRET,
  startVenueSim,
  VenueSim,
} from '@flotilla/venue-sim';
import request from 'supertest';
import { CcxtProbe } from '../support/venue-sim-clients';
import { waitFor } from '../support/wait-for';

interface CcxtOrder {
  id: string;
  symbol: string;
  status: string;
  side: string;
  filled: number;
  fee?: { cost: number; currency: string };
}
interface CcxtTrade {
  order: string;
  symbol: string;
  side: string;
  amount: number;
  price: number;
  takerOrMaker: string;
  fee: { cost: number; currency: string; rate: number };
}
interface CcxtPosition {
  symbol: string;
  side: string;
  contracts: number;
  entryPrice: number;
  hedged: boolean;
}
interface CcxtBalance {
  USDT: { free: number; used: number; total: number };
}

const SYMBOL = 'BTC/USDT:USDT';

describe('venue-sim private stream through ccxt.pro bybit (real sockets)', () => {
  let sim: VenueSim;
  let ccxt: CcxtProbe;

  beforeAll(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 5 });
    ccxt = await CcxtProbe.start(sim, 'venue-sim-ccxt-private-probe.ts', [
      sim.wsPrivateUrl,
      DEFAULT_ACCOUNT_KEY,
      DEFAULT_ACCOUNT_SECRET,
    ]);
  });

  afterAll(async () => {
    await ccxt.stop();
    await sim.close();
  });

  it('watchOrders, watchMyTrades, watchPositions and watchBalance see a ccxt market order', async () => {
    const started = await ccxt.call<{ snapshotPositions: number }>('startWatches', SYMBOL);
    expect(started.snapshotPositions).toBe(0);
    await waitFor(
      () => sim.privateStreamStats().subscriptions === 4,
      5000,
      'ccxt to subscribe order, execution, position and wallet',
    );
    expect(sim.privateStreamStats()).toMatchObject({ connections: 1, authenticated: 1 });
    const placed = await ccxt.call<CcxtOrder>('createOrder', SYMBOL, 'market', 'buy', 0.01);

    const orders = await ccxt.call<CcxtOrder[]>('result', 'orders');
    const order = orders.find((o) => o.id === placed.id);
    expect(order).toMatchObject({ symbol: SYMBOL, side: 'buy', status: 'closed', filled: 0.01 });
    expect(order?.fee?.currency).toBe('USDT');

    const trades = await ccxt.call<CcxtTrade[]>('result', 'myTrades');
    expect(trades.length).toBeGreaterThan(0);
    expect(trades[0]).toMatchObject({
      order: placed.id,
      symbol: SYMBOL,
      side: 'buy',
      takerOrMaker: 'taker',
    });
    expect(trades[0].fee).toMatchObject({ currency: 'USDT', rate: 0.00055 });
    const vwap = trades.reduce((s, t) => s + t.price * t.amount, 0) / 0.01;

    const positions = await ccxt.call<CcxtPosition[]>('result', 'positions');
    expect(positions).toEqual([
      expect.objectContaining({ symbol: SYMBOL, side: 'long', contracts: 0.01, hedged: false }),
    ]);
    expect(positions[0].entryPrice).toBeCloseTo(vwap, 6);

    const balance = await ccxt.call<CcxtBalance>('result', 'balance');
    const fees = trades.reduce((s, t) => s + t.fee.cost, 0);
    // watchBalance's total is equity: deposit - fees + unrealised PnL at the last price.
    const last = Math.max(...trades.map((t) => t.price));
    expect(balance.USDT.total).toBeCloseTo(100_000 - fees + (last - vwap) * 0.01, 4);
  });

  it('after a private-drop, a new watchOrders reconnects, re-authenticates and sees the next order', async () => {
    const dropped = await request(sim.restUrl)
      .post('/__admin/faults')
      .send({ type: 'private-drop' })
      .expect(200);
    expect(dropped.body).toMatchObject({ affectedConnections: 1 });
    await waitFor(() => sim.privateStreamStats().connections === 0, 20_000, 'the drop');
    await ccxt.call('rewatchOrders', SYMBOL);
    await waitFor(() => sim.privateStreamStats().subscriptions === 1, 20_000, 'a new subscription');
    const placed = await ccxt.call<CcxtOrder>('createOrder', SYMBOL, 'market', 'sell', 0.01);
    const orders = await ccxt.call<CcxtOrder[]>('result', 'orders');
    expect(orders.find((o) => o.id === placed.id)).toMatchObject({
      side: 'sell',
      status: 'closed',
    });
    expect(sim.privateStreamStats()).toMatchObject({ authenticated: 1, faultDrops: 1 });
  });
});

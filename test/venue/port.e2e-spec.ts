import { dec } from '@flotilla/core';
import type { PlaceOrderRequest, VenueOrder } from '@flotilla/engine';
import { clientOrderId } from '@flotilla/venue';
import { bestBid, heldOrders, startPortHarness, type PortHarness } from './port-harness';

describe('VenuePort against the simulator over real sockets', () => {
  let h: PortHarness;

  beforeAll(async () => {
    h = await startPortHarness();
  }, 30_000);

  afterAll(async () => {
    await h.close();
  });

  const restingBuy = (signalId: string): PlaceOrderRequest => ({
    symbol: 'BTCUSDT',
    signalId,
    leg: 'entry',
    side: 'buy',
    type: 'limit',
    qty: dec('0.0015'),
    price: bestBid(h.sim, 'BTCUSDT').mul('0.9').plus('0.03'),
  });

  it('places, looks up, amends and cancels an order by its client id', async () => {
    const request = restingBuy('e2e-1');
    const placed = await h.venue.place(request);
    const id = clientOrderId('BTCUSDT', 'e2e-1', 'entry');
    expect(placed).toMatchObject({ kind: 'placed', clientOrderId: id, alreadyPlaced: false });

    const open = (await h.venue.orderByClientId('BTCUSDT', id)) as VenueOrder;
    expect(open).toMatchObject({ clientOrderId: id, status: 'open', side: 'buy', type: 'limit' });
    expect(open.qty.toFixed()).toBe('0.001');
    expect(open.price?.mod('0.1').isZero()).toBe(true);
    expect(open.price?.lte(request.price!)).toBe(true);
    expect((await h.venue.openOrders('BTCUSDT')).map((o) => o.clientOrderId)).toContain(id);

    const lower = open.price!.minus('100');
    await h.venue.amend({
      symbol: 'BTCUSDT',
      clientOrderId: id,
      side: 'buy',
      price: lower,
      protective: false,
    });
    expect((await h.venue.orderByClientId('BTCUSDT', id))?.price?.toFixed()).toBe(lower.toFixed());

    await h.venue.cancel('BTCUSDT', id);
    expect((await h.venue.orderByClientId('BTCUSDT', id))?.status).toBe('canceled');
    expect(await heldOrders(h.sim, id)).toBe(1);
  });

  it('sending the same signal leg again books nothing new (110072 → already placed)', async () => {
    await h.venue.place(restingBuy('e2e-2'));
    await expect(h.venue.place(restingBuy('e2e-2'))).resolves.toMatchObject({
      kind: 'placed',
      alreadyPlaced: true,
    });
    expect(await heldOrders(h.sim, clientOrderId('BTCUSDT', 'e2e-2', 'entry'))).toBe(1);
  });

  it('reports a venue refusal as rejected with its retCode', async () => {
    await expect(
      h.venue.place({ ...restingBuy('e2e-3'), leg: 'close', reduceOnly: true, side: 'sell' }),
    ).rejects.toMatchObject({ kind: 'rejected', retCode: expect.any(Number) as number });
  });

  it('opens a position at market, with its stop, and reads positions, balance, fees and leverage', async () => {
    await h.venue.setLeverage('BTCUSDT', dec('5'));
    await h.venue.setLeverage('BTCUSDT', dec('5')); // 110043 "not modified" is success
    const bid = bestBid(h.sim, 'BTCUSDT');
    await expect(
      h.venue.place({
        symbol: 'BTCUSDT',
        signalId: 'e2e-4',
        leg: 'entry',
        side: 'buy',
        type: 'market',
        qty: dec('0.01'),
      }),
    ).resolves.toMatchObject({ kind: 'placed' });
    await expect(
      h.venue.place({
        symbol: 'BTCUSDT',
        signalId: 'e2e-4',
        leg: 'stop',
        side: 'sell',
        type: 'market',
        qty: dec('0.01'),
        triggerPrice: bid.mul('0.97'),
      }),
    ).resolves.toMatchObject({ kind: 'placed' });
    const [position] = await h.venue.positions('BTCUSDT');
    expect(position).toMatchObject({ symbol: 'BTCUSDT', side: 'long' });
    expect(position.size.toFixed()).toBe('0.01');
    expect(position.leverage?.toFixed()).toBe('5');
    const stop = await h.venue.orderByClientId(
      'BTCUSDT',
      clientOrderId('BTCUSDT', 'e2e-4', 'stop'),
    );
    expect(stop).toMatchObject({ status: 'open', reduceOnly: true });
    const balance = await h.venue.balance();
    expect(balance.currency).toBe('USDT');
    expect(balance.used.gt(0)).toBe(true);
    expect(balance.free.plus(balance.used).toFixed()).toBe(balance.total.toFixed());
    const fees = await h.venue.feeRates('BTCUSDT');
    expect([fees.taker.toFixed(), fees.maker.toFixed()]).toEqual(['0.00055', '0.0002']);
    await h.venue.cancelAll('BTCUSDT');
    expect(await h.venue.openOrders('BTCUSDT')).toEqual([]);
  });
});

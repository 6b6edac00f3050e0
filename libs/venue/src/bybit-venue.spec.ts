import { InvalidOrder, RateLimitExceeded, RequestTimeout } from 'ccxt';
import { dec, ManualClock, type Instrument, type LogFields } from '@flotilla/core';
import { VenueError, type PlaceOrderRequest } from '@flotilla/engine';
import { BybitVenue } from './bybit-venue';
import { clientOrderId } from './client-order-id';
import { RequestBudget } from './request-budget';
import { FakeBybit } from './testing/fake-bybit';
import { VenueGuard } from './venue-guard';

const btc: Instrument = {
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: dec('0.1'),
  qtyStep: dec('0.001'),
  minOrderQty: dec('0.001'),
  minNotional: dec('5'),
};

const entry: PlaceOrderRequest = {
  symbol: 'BTCUSDT',
  signalId: 'sig-7',
  leg: 'entry',
  side: 'buy',
  type: 'limit',
  qty: dec('0.0027'),
  price: dec('60000.09'),
};
const id = clientOrderId('BTCUSDT', 'sig-7', 'entry');

function setup(guard = new VenueGuard()) {
  const client = new FakeBybit();
  const clock = new ManualClock();
  const budget = new RequestBudget({ clock });
  const logs: Array<[string, LogFields | undefined]> = [];
  const log = (msg: string, fields?: LogFields) => logs.push([msg, fields]);
  const venue = new BybitVenue({
    client,
    budget,
    guard,
    clock,
    instrumentOf: (s) => (s === 'BTCUSDT' ? btc : undefined),
    logger: { debug: log, info: log, warn: log, error: log },
  });
  return { client, venue, budget, clock, logs };
}

describe('BybitVenue.place', () => {
  it('sends the rounded order under its deterministic client id', async () => {
    const { client, venue } = setup();
    await expect(venue.place(entry)).resolves.toEqual({
      kind: 'placed',
      orderId: 'oid-1',
      clientOrderId: id,
      alreadyPlaced: false,
    });
    expect(client.creates).toEqual([
      {
        symbol: 'BTC/USDT:USDT',
        type: 'limit',
        side: 'buy',
        amount: 0.002,
        price: 60000,
        params: { clientOrderId: id, positionIdx: 0 },
      },
    ]);
  });

  it('sends a stop as a reduce-only conditional falling to its trigger', async () => {
    const { client, venue } = setup();
    await venue.place({
      ...entry,
      leg: 'stop',
      side: 'sell',
      type: 'market',
      price: undefined,
      triggerPrice: dec('58000.05'),
    });
    expect(client.creates[0].params).toMatchObject({
      reduceOnly: true,
      triggerPrice: 58000,
      triggerDirection: 'below',
    });
  });

  it('after a timeout whose order was booked, finds it by id and does not send again', async () => {
    const { client, venue } = setup();
    client.dropAnswerNext.push(new RequestTimeout('bybit request timed out'));
    await expect(venue.place(entry)).resolves.toMatchObject({
      kind: 'placed',
      alreadyPlaced: true,
    });
    expect(client.creates).toHaveLength(1);
    expect(client.lookups).toEqual([id]);
  });

  it('after a timeout that booked nothing, looks up first and then resends the same id', async () => {
    const { client, venue } = setup();
    client.failNext.push(new RequestTimeout('bybit request timed out'));
    await expect(venue.place(entry)).resolves.toMatchObject({
      kind: 'placed',
      alreadyPlaced: false,
    });
    expect(client.lookups).toEqual([id]);
    expect(client.creates.map((c) => c.params?.clientOrderId)).toEqual([id, id]);
    expect(client.booked.size).toBe(1);
  });

  it('a stop whose lookup also fails looks up again before any resend, and is not doubled', async () => {
    const { client, venue } = setup(
      new VenueGuard({ protectiveRetry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 } }),
    );
    client.dropAnswerNext.push(new RequestTimeout('timed out'));
    client.lookupFailures.push(new RequestTimeout('lookup timed out'));
    const stop = { ...entry, leg: 'stop' as const, side: 'sell' as const, type: 'market' as const };
    await expect(
      venue.place({ ...stop, price: undefined, triggerPrice: dec('58000') }),
    ).resolves.toMatchObject({ kind: 'placed', alreadyPlaced: true });
    expect(client.creates).toHaveLength(1);
    expect(client.lookups).toHaveLength(2);
  });

  it('reads 110072 as already placed and returns the booked order', async () => {
    const { client, venue } = setup();
    await venue.place(entry);
    await expect(venue.place(entry)).resolves.toMatchObject({
      kind: 'placed',
      orderId: 'oid-1',
      alreadyPlaced: true,
    });
    expect(client.booked.size).toBe(1);
  });

  it("throws a rejection with the venue's retCode and reason", async () => {
    const { client, venue } = setup();
    client.failNext.push(new InvalidOrder('bybit {"retCode":110007,"retMsg":"ab not enough"}'));
    const err = await venue.place(entry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ kind: 'rejected', retCode: 110007 });
    expect((err as Error).message).toContain('ab not enough');
  });

  it('does not send an order below the minimum, with the reason', async () => {
    const { client, venue } = setup();
    await expect(venue.place({ ...entry, qty: dec('0.0004') })).resolves.toMatchObject({
      kind: 'not-sent',
      reason: 'below-min-qty',
    });
    expect(client.creates).toHaveLength(0);
  });

  it('refuses entries at once while the breaker is open, but still sends a stop', async () => {
    const guard = new VenueGuard({
      consecutiveFailures: 2,
      protectiveRetry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
    });
    const { client, venue } = setup(guard);
    client.failNext.push(new RateLimitExceeded('x'), new RateLimitExceeded('x'));
    await expect(venue.place(entry)).rejects.toMatchObject({ kind: 'retryable' });
    await expect(venue.place({ ...entry, signalId: 'sig-8' })).rejects.toMatchObject({
      kind: 'retryable',
    });
    expect(guard.state).toBe('open');
    const sent = client.creates.length;
    await expect(venue.place({ ...entry, signalId: 'sig-9' })).resolves.toMatchObject({
      kind: 'not-sent',
      reason: 'breaker-open',
    });
    expect(client.creates).toHaveLength(sent);
  });

  it('sheds entries when the shared budget is in its protective reserve; a close still goes', async () => {
    const { client, venue, budget, clock } = setup();
    budget.observe('order/create', { limit: 10, remaining: 3, resetAtMs: clock.now() });
    await expect(venue.place(entry)).resolves.toMatchObject({
      kind: 'not-sent',
      reason: 'budget-short',
    });
    await expect(
      venue.place({ ...entry, leg: 'close', side: 'sell', reduceOnly: true }),
    ).resolves.toMatchObject({ kind: 'placed' });
    expect(client.creates).toHaveLength(1);
  });

  it('logs every call at debug with the client id and latency, never the credentials', async () => {
    const { venue, logs } = setup();
    await venue.place(entry);
    const call = logs.find(([msg]) => msg === 'venue call');
    expect(call?.[1]).toMatchObject({ endpoint: 'order/create', clientOrderId: id, ok: true });
    expect(typeof call?.[1]?.latencyMs).toBe('number');
  });
});

describe('BybitVenue cancel', () => {
  it('sends a cancel by client id and resends it after an unclear outcome', async () => {
    const { client, venue } = setup(
      new VenueGuard({ protectiveRetry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 } }),
    );
    client.cancelOrder
      .mockRejectedValueOnce(new RequestTimeout('timed out'))
      .mockRejectedValueOnce(
        new InvalidOrder('bybit {"retCode":110001,"retMsg":"order not exists"}'),
      );
    await expect(venue.cancel('BTCUSDT', id)).resolves.toBeUndefined();
    expect(client.cancelOrder).toHaveBeenCalledTimes(2);
    expect(client.cancelOrder).toHaveBeenLastCalledWith(undefined, 'BTC/USDT:USDT', {
      orderLinkId: id,
    });
  });
});

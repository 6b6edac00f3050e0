import { dec } from '@flotilla/core';
import type { VenuePort } from '@flotilla/engine';
import { coalesceReads } from '../../apps/orchestrator/src/venue/coalesced-reads';
import { startPortHarness, type PortHarness } from './port-harness';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

describe('coalesced venue reads (real port, real simulator)', () => {
  let h: PortHarness;
  let port: VenuePort;
  let calls: Record<string, number>;

  beforeAll(async () => {
    h = await startPortHarness();
    calls = { openOrders: 0, positions: 0 };
    const counted = new Proxy(h.venue, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (prop === 'openOrders' || prop === 'positions') {
          return (...args: unknown[]) => {
            calls[prop]++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    }) as unknown as VenuePort;
    port = coalesceReads(counted);
    // A position on BTC and ETH, a resting order on SOL.
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      await h.venue.place({
        symbol,
        signalId: `open-${symbol}`,
        leg: 'entry',
        side: 'buy',
        type: 'market',
        qty: dec(symbol === 'BTCUSDT' ? '0.01' : '0.1'),
      });
    }
    const solBid = dec(h.sim.book('SOLUSDT', 1).bids[0][0]);
    await h.venue.place({
      symbol: 'SOLUSDT',
      signalId: 'rest-sol',
      leg: 'entry',
      side: 'buy',
      type: 'limit',
      qty: dec('1'),
      price: solBid.mul('0.9').toDecimalPlaces(2),
    });
  });

  afterAll(async () => {
    await h.close();
  });

  it('per-symbol reads asked together share one account-wide call, each answered with its own symbol', async () => {
    calls.openOrders = 0;
    calls.positions = 0;
    const [orders, positions] = await Promise.all([
      Promise.all(SYMBOLS.map((s) => port.openOrders(s))),
      Promise.all(SYMBOLS.map((s) => port.positions(s))),
    ]);
    expect(calls).toEqual({ openOrders: 1, positions: 1 });
    expect(orders.map((list) => list.length)).toEqual([0, 0, 1]);
    expect(orders[2][0]).toMatchObject({ symbol: 'SOLUSDT', side: 'buy', type: 'limit' });
    expect(positions.map((list) => list.map((p) => `${p.symbol}:${p.side}`))).toEqual([
      ['BTCUSDT:long'],
      ['ETHUSDT:long'],
      [],
    ]);
    // The same answers as direct per-symbol reads.
    for (const [i, symbol] of SYMBOLS.entries()) {
      const direct = await h.venue.openOrders(symbol);
      expect(orders[i].map((o) => o.clientOrderId)).toEqual(direct.map((o) => o.clientOrderId));
    }
  });

  it('a read asked after a batch was sent gets a call of its own (never an answer read before it)', async () => {
    calls.positions = 0;
    const first = port.positions('BTCUSDT');
    await first;
    await port.positions('BTCUSDT');
    expect(calls.positions).toBe(2);
  });

  it('a failed account-wide read fails every read that shared it', async () => {
    const failing = coalesceReads({
      ...h.venue,
      openOrders: () => Promise.reject(new Error('venue down')),
    } as unknown as VenuePort);
    const results = await Promise.allSettled(SYMBOLS.map((s) => failing.openOrders(s)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});

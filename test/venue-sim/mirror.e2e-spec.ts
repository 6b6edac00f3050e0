import { Decimal, ManualClock } from '@flotilla/core';
import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { waitFor } from '../support/wait-for';
import { PrivateCcxt } from './private-ccxt-client';

const BTC = 'BTC/USDT:USDT';
const DEPTH = 25;

interface Order {
  status: string;
  filled: number;
  average: number;
}

/**
 * Two simulators over real sockets: an upstream (the seeded random walk, stepped by hand) and a
 * mirror started with `mirror` at the upstream's public stream, as VENUE=paper runs against Bybit.
 */
describe('venue-sim --mirror follows an upstream venue (two simulators, real sockets)', () => {
  let upstream: VenueSim;
  let mirror: VenueSim;
  let ccxt: PrivateCcxt;

  /** The mirror's top levels equal the upstream's (u is the mirror's own; seq is the upstream's). */
  const sameTop = (): boolean => {
    const { u: _ownU, ...mine } = mirror.book('BTCUSDT', DEPTH);
    const { u: _theirU, ...theirs } = upstream.book('BTCUSDT', DEPTH);
    return JSON.stringify(mine) === JSON.stringify(theirs);
  };

  beforeAll(async () => {
    upstream = await startVenueSim({ rateHz: 0, seed: 7, clock: new ManualClock() });
    mirror = await startVenueSim({
      mirror: {
        wsUrl: upstream.wsPublicUrl,
        restUrl: upstream.restUrl,
        symbols: ['BTCUSDT', 'ETHUSDT'],
      },
    });
    ccxt = await PrivateCcxt.start(mirror.restUrl);
  });

  afterAll(async () => {
    await ccxt.stop();
    await mirror.close();
    await upstream.close();
  });

  it('lists the upstream instruments and mirrors the book after every update', async () => {
    expect(mirror.symbols()).toEqual(['BTCUSDT', 'ETHUSDT']);
    await waitFor(() => mirror.mirrorStats()?.synced === 2, 5000, 'both books synced');
    await waitFor(sameTop, 5000, 'the snapshot mirrored');
    for (let i = 0; i < 20; i++) upstream.tick();
    await waitFor(sameTop, 5000, 'the mirror to catch up with 20 upstream updates');
    const res = await request(mirror.restUrl).get('/__admin/mirror').expect(200);
    expect(res.body).toMatchObject({
      ok: true,
      mirror: { connected: true, symbols: 2, synced: 2, badFrames: 0, stale: [] },
    });
    await request(upstream.restUrl).get('/__admin/mirror').expect(404);
  });

  it('a ccxt market buy on the mirror fills at the upstream prices (VWAP of the levels it took)', async () => {
    await ccxt.call('loadMarkets');
    await waitFor(sameTop, 5000, 'the mirror in step');
    const asks = upstream.book('BTCUSDT', 3).asks.map(([p, s]) => [new Decimal(p), new Decimal(s)]);
    // Two full levels and half of the third.
    const half = asks[2][1].div(2).toDecimalPlaces(3, Decimal.ROUND_DOWN);
    const qty = asks[0][1].add(asks[1][1]).add(half);
    const notional = asks[0][0]
      .mul(asks[0][1])
      .add(asks[1][0].mul(asks[1][1]))
      .add(asks[2][0].mul(half));
    const order = await ccxt.call<Order>('createOrder', BTC, 'market', 'buy', qty.toNumber());
    const fetched = await ccxt.call<Order>(
      'fetchOrder',
      (order as unknown as { id: string }).id,
      BTC,
      {
        acknowledged: true,
      },
    );
    expect(fetched.status).toBe('closed');
    expect(fetched.filled).toBeCloseTo(qty.toNumber(), 9);
    expect(fetched.average).toBeCloseTo(notional.div(qty).toNumber(), 6);
    // The take consumed the mirrored levels; the upstream's book is untouched.
    expect(mirror.book('BTCUSDT', 1).asks[0]).toEqual([
      asks[2][0].toFixed(2),
      asks[2][1].sub(half).toFixed(3),
    ]);
    expect(upstream.book('BTCUSDT', 1).asks[0][0]).toBe(asks[0][0].toFixed(2));
  });

  it('resyncs on an upstream sequence gap and reconnects after the upstream drops it', async () => {
    // The previous test's take left the mirror's asks consumed; the resync's snapshot restores them.
    upstream.injectFault({ type: 'gap', symbol: 'BTCUSDT' });
    upstream.tick();
    await waitFor(() => (mirror.mirrorStats()?.resyncs ?? 0) >= 1, 5000, 'a resync');
    upstream.tick();
    await waitFor(sameTop, 5000, 'the mirror in step after the gap');
    upstream.injectFault({ type: 'drop' });
    await waitFor(() => (mirror.mirrorStats()?.reconnects ?? 0) >= 1, 5000, 'a reconnect');
    await waitFor(
      () => mirror.mirrorStats()?.connected && mirror.mirrorStats()?.synced === 2,
      5000,
      'resynced',
    );
    upstream.tick();
    await waitFor(sameTop, 5000, 'the mirror in step after the reconnect');
    expect(mirror.mirrorStats()).toMatchObject({ badFrames: 0 });
  });
});

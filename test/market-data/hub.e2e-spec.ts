import { dec, toWire } from '@flotilla/core';
import type { MarketDataListener } from '@flotilla/engine';
import { MarketDataHub } from '@flotilla/market-data';
import { startVenueSim, type VenueSim } from '@flotilla/venue-sim';
import {
  bookMatches,
  hubFor,
  recorder,
  subscribedAndSynced,
  tickAndSettle,
} from './support/hub-fixture';
import { waitFor } from './support/wait-for';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'SYN0001USDT'];

describe('MarketDataHub against the simulated exchange', () => {
  let sim: VenueSim;
  let hub: MarketDataHub;

  beforeEach(async () => {
    sim = await startVenueSim({ port: 0, seed: 7, synthetic: 12, rateHz: 0 });
  });

  afterEach(async () => {
    await hub.close();
    await sim.close();
  });

  it('keeps every local book equal to the venue book over many updates and emits every event type', async () => {
    hub = hubFor(sim);
    const rec = recorder();
    await subscribedAndSynced(hub, sim, SYMBOLS, rec);
    for (let round = 0; round < 10; round++) await tickAndSettle(hub, sim, SYMBOLS, 5);
    await waitFor(() => rec.trades.length > 0 && rec.tickers.length > 0, 'trades and tickers');
    const stats = hub.stats();
    expect(stats.gaps).toBe(0);
    expect(stats.malformed).toBe(0);
    expect(stats.bookUpdates).toBeGreaterThanOrEqual(SYMBOLS.length * 51);
    const last = rec.books[rec.books.length - 1];
    expect(last.receivedAtMono).toBeGreaterThan(0);
    expect(last.exchangeTs).toBeGreaterThan(1_600_000_000_000);
    const best = hub.book('BTCUSDT')?.bestBid();
    expect(best?.price.eq(dec(sim.book('BTCUSDT', 1).bids[0][0]))).toBe(true);
    const trade = rec.trades[0].trades[0];
    expect(trade.price.isPositive() && trade.size.isPositive()).toBe(true);
    const ticker = rec.tickers[rec.tickers.length - 1];
    expect(ticker.lastPrice?.isPositive()).toBe(true);
    expect(ticker.markPrice?.isPositive()).toBe(true);
    expect(hub.feedHealth('BTCUSDT')).toMatchObject({
      connected: true,
      gaps: 0,
      malformed: 0,
      reconnects: 0,
    });
    expect(hub.feedHealth('BTCUSDT').lastMessageAt).not.toBeNull();
    expect(hub.book('btc-usdt')).toBe(hub.book('BTCUSDT'));
  });

  it('multiplexes symbols over connections of at most topicsPerConnection topics', async () => {
    hub = hubFor(sim, { topicsPerConnection: 9 });
    const symbols = sim.symbols().slice(0, 10);
    await subscribedAndSynced(hub, sim, symbols, recorder());
    const conns = hub.connections();
    expect(conns.map((c) => c.topics)).toEqual([9, 9, 9, 3]);
    expect(conns.every((c) => c.connected)).toBe(true);
    await tickAndSettle(hub, sim, symbols, 3);
  });

  it('subscribes topics for the first listener and removes them after the last one leaves', async () => {
    hub = hubFor(sim);
    const a = recorder();
    const b = recorder();
    const subA = hub.subscribe('ETHUSDT', a);
    const subB = hub.subscribe('ETHUSDT', b);
    await waitFor(() => bookMatches(hub, sim, 'ETHUSDT'), 'snapshot');
    expect(hub.connections()[0].topics).toBe(3);
    subA.unsubscribe();
    subA.unsubscribe();
    await tickAndSettle(hub, sim, ['ETHUSDT'], 2);
    const seenByA = a.books.length;
    expect(b.books.length).toBeGreaterThan(seenByA);
    subB.unsubscribe();
    // With MARKET_INGESTION=workers the connection's figures come back from the worker a turn later.
    await waitFor(() => hub.connections()[0].topics === 0, 'the topics to be unsubscribed');
    expect(hub.book('ETHUSDT')).toBeUndefined();
    expect(hub.feedHealth('ETHUSDT').connected).toBe(false);
  });

  it('keeps serving other listeners and symbols when a listener throws', async () => {
    hub = hubFor(sim);
    const thrower: MarketDataListener = {
      onBook: () => {
        throw new Error('listener bug');
      },
      onTrade: () => undefined,
      onTicker: () => undefined,
    };
    const good = recorder();
    hub.subscribe('SOLUSDT', thrower);
    await subscribedAndSynced(hub, sim, ['SOLUSDT', 'BTCUSDT'], good);
    await tickAndSettle(hub, sim, ['SOLUSDT', 'BTCUSDT'], 3);
    expect(hub.stats().listenerErrors).toBeGreaterThanOrEqual(4);
    expect(good.books.filter((e) => e.symbol === 'SOLUSDT').length).toBeGreaterThanOrEqual(4);
  });

  it('counts a rejected subscription without disturbing the symbols that share the connection', async () => {
    hub = hubFor(sim);
    const rec = recorder();
    await subscribedAndSynced(hub, sim, ['BTCUSDT'], rec);
    hub.subscribe('NOSUCHUSDT', rec);
    await waitFor(() => hub.stats().subscribeFailures >= 1, 'the failure ack');
    await tickAndSettle(hub, sim, ['BTCUSDT'], 3);
    expect(hub.connections()[0].connected).toBe(true);
  });

  it('does not let an unknown symbol starve the symbols sharing its batch after a reconnect', async () => {
    hub = hubFor(sim);
    const rec = recorder();
    hub.subscribe('BTCUSDT', rec);
    hub.subscribe('NOSUCHUSDT', rec);
    hub.subscribe('ETHUSDT', rec);
    await waitFor(
      () => bookMatches(hub, sim, 'BTCUSDT') && bookMatches(hub, sim, 'ETHUSDT'),
      'snapshots',
    );
    const failuresBefore = hub.stats().subscribeFailures;
    sim.injectFault({ type: 'drop' });
    await waitFor(() => hub.stats().reconnects === 1, 'the reconnect');
    // 9 topics go out as one batch of at most 10; the venue rejects it for the 3 bad topics.
    await tickAndSettle(hub, sim, ['BTCUSDT', 'ETHUSDT'], 3);
    expect(hub.stats().subscribeFailures).toBeGreaterThan(failuresBefore);
  });

  it('answers ping() when the venue REST is up and rejects when it is not', async () => {
    hub = hubFor(sim);
    await expect(hub.ping()).resolves.toBeUndefined();
    const dead = new MarketDataHub({
      restUrl: 'http://127.0.0.1:1',
      wsPublicUrl: 'ws://127.0.0.1:1',
    });
    await expect(dead.ping()).rejects.toThrow();
    await dead.close();
  });

  // ccxt loads in-process: Jest transforms its ESM-only @noble/@scure dependencies (jest.config.js).
  it('loads instruments through ccxt with exact tick/step/min rules', async () => {
    hub = hubFor(sim);
    const list = (await hub.loadInstruments()).map((i) => ({
      symbol: i.symbol,
      base: i.base,
      quote: i.quote,
      tickSize: toWire(i.tickSize),
      qtyStep: toWire(i.qtyStep),
      minOrderQty: toWire(i.minOrderQty),
      minNotional: toWire(i.minNotional),
    }));
    expect(list).toHaveLength(sim.symbols().length);
    expect(hub.instrument('btc-usdt')?.tickSize.eq(dec('0.1'))).toBe(true);
    expect(list.find((i) => i.symbol === 'BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      base: 'BTC',
      quote: 'USDT',
      tickSize: '0.1',
      qtyStep: '0.001',
      minOrderQty: '0.001',
      minNotional: '5',
    });
  });
});

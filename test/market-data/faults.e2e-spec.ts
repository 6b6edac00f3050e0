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

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

describe('MarketDataHub survives venue faults', () => {
  let sim: VenueSim;
  let hub: MarketDataHub;

  beforeEach(async () => {
    sim = await startVenueSim({ port: 0, seed: 11, rateHz: 0 });
  });

  afterEach(async () => {
    await hub.close();
    await sim.close();
  });

  it('drop: reconnects with backoff, resubscribes everything and rebuilds correct books', async () => {
    hub = hubFor(sim);
    await subscribedAndSynced(hub, sim, SYMBOLS, recorder());
    await tickAndSettle(hub, sim, SYMBOLS, 3);
    expect(sim.injectFault({ type: 'drop' }).affectedConnections).toBe(1);
    await waitFor(
      () => hub.stats().reconnects === 1 && hub.connections()[0].connected,
      'the reconnect',
    );
    await tickAndSettle(hub, sim, SYMBOLS, 5);
    expect(hub.feedHealth('ETHUSDT')).toMatchObject({ connected: true, reconnects: 1, gaps: 0 });
    expect(hub.connections()[0].topics).toBe(9);
  });

  it('stall: a silent symbol is detected as stale and resubscribed, and its book is correct after', async () => {
    hub = hubFor(sim, { staleAfterMs: 100 });
    await subscribedAndSynced(hub, sim, SYMBOLS, recorder());
    sim.injectFault({ type: 'stall', symbol: 'BTCUSDT', durationMs: 400 });
    const stalledAt = hub.book('BTCUSDT')?.updateId;
    await waitFor(() => {
      sim.tick();
      return hub.stats().staleResubscribes >= 1;
    }, 'stale detection');
    expect(hub.book('BTCUSDT')?.updateId).toBe(stalledAt);
    expect(bookMatches(hub, sim, 'BTCUSDT')).toBe(false);
    await waitFor(() => sim.activeFaults().length === 0, 'the stall to end', 2000);
    await tickAndSettle(hub, sim, SYMBOLS, 3);
    expect(hub.stats().reconnects).toBe(0);
  });

  it('stall of the whole stream: the heartbeat times out, the hub reconnects and recovers', async () => {
    hub = hubFor(sim, { pingIntervalMs: 50, pongTimeoutMs: 50, staleAfterMs: 150 });
    await subscribedAndSynced(hub, sim, SYMBOLS, recorder());
    sim.injectFault({ type: 'stall', durationMs: 300 });
    await waitFor(() => hub.stats().reconnects >= 1, 'a heartbeat-triggered reconnect');
    await waitFor(() => sim.activeFaults().length === 0, 'the stall to end', 2000);
    await tickAndSettle(hub, sim, SYMBOLS, 3);
    expect(SYMBOLS.every((s) => bookMatches(hub, sim, s))).toBe(true);
    expect(hub.feedHealth('SOLUSDT').reconnects).toBeGreaterThanOrEqual(1);
  });

  it('refuse: reconnect attempts are refused, backed off and retried until the venue accepts', async () => {
    hub = hubFor(sim);
    await subscribedAndSynced(hub, sim, SYMBOLS, recorder());
    sim.injectFault({ type: 'refuse', durationMs: 300 });
    sim.injectFault({ type: 'drop' });
    await waitFor(() => hub.connections()[0].failedConnects >= 2, 'refused attempts');
    expect(hub.connections()[0].connected).toBe(false);
    expect(hub.feedHealth('BTCUSDT').connected).toBe(false);
    await waitFor(() => hub.connections()[0].connected, 'the venue to accept again', 3000);
    await tickAndSettle(hub, sim, SYMBOLS, 3);
    expect(hub.stats().reconnects).toBe(1);
  });

  it('garbage: malformed frames are counted and dropped while the books stay correct', async () => {
    hub = hubFor(sim);
    await subscribedAndSynced(hub, sim, SYMBOLS, recorder());
    sim.injectFault({ type: 'garbage', symbol: 'SOLUSDT', durationMs: 60_000 });
    await tickAndSettle(hub, sim, SYMBOLS, 8);
    // Half the cycle (wrong-shape and truncated frames) names a SOLUSDT topic, half names none.
    await waitFor(
      () => hub.stats().malformed >= 16 && hub.feedHealth('SOLUSDT').malformed >= 8,
      'malformed frames to be counted',
    );
    expect(hub.connections()[0].malformed).toBe(hub.stats().malformed);
    expect(hub.feedHealth('SOLUSDT').malformed).toBeLessThan(hub.stats().malformed);
    expect(hub.feedHealth('BTCUSDT').malformed).toBe(0);
    expect(hub.connections()[0].connected).toBe(true);
    expect(hub.stats()).toMatchObject({ gaps: 0, reconnects: 0 });
  });

  it('garbage burst for one symbol: its topic-bearing frames count on that symbol; its book stays correct', async () => {
    hub = hubFor(sim);
    await subscribedAndSynced(hub, sim, SYMBOLS, recorder());
    expect(sim.injectFault({ type: 'garbage', symbol: 'SOLUSDT' }).affectedConnections).toBe(1);
    // 2 topicless frames, then a wrong-shape and a truncated frame for each of SOLUSDT's 3 topics.
    await waitFor(() => hub.stats().malformed === 8, 'the burst to be counted');
    expect(hub.feedHealth('SOLUSDT').malformed).toBe(6);
    expect(hub.feedHealth('ETHUSDT').malformed).toBe(0);
    expect(hub.connections()[0].malformed).toBe(8);
    await tickAndSettle(hub, sim, SYMBOLS, 3);
    expect(bookMatches(hub, sim, 'SOLUSDT')).toBe(true);
    expect(hub.stats()).toMatchObject({ gaps: 0, resyncs: 0, malformed: 8 });
  });

  it('gap: a skipped update id is counted, the book is resynced from a fresh snapshot', async () => {
    hub = hubFor(sim);
    await subscribedAndSynced(hub, sim, SYMBOLS, recorder());
    sim.injectFault({ type: 'gap', symbol: 'ETHUSDT' });
    sim.tick();
    await waitFor(() => hub.stats().gaps === 1, 'the gap');
    await tickAndSettle(hub, sim, SYMBOLS, 3);
    expect(hub.feedHealth('ETHUSDT').gaps).toBe(1);
    expect(hub.feedHealth('BTCUSDT').gaps).toBe(0);
    expect(hub.connections()[0].gaps).toBe(1);
    expect(hub.symbolHealth('ETHUSDT')).toMatchObject({ resyncs: 1, resyncsDeferred: 0 });
    expect(hub.stats().resyncs).toBe(1);
  });
});

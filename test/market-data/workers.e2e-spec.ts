import { WorkerMarketDataHub } from '@flotilla/market-data';
import { startVenueSim, type VenueSim } from '@flotilla/venue-sim';
import { bookMatches, recorder, subscribedAndSynced, tickAndSettle } from './support/hub-fixture';
import { waitFor } from './support/wait-for';

/** MARKET_INGESTION=workers specifics: symbols sharded over workers, and a worker that dies. */
describe('WorkerMarketDataHub (ingestion in worker_threads) against the simulated exchange', () => {
  let sim: VenueSim;
  let hub: WorkerMarketDataHub;

  beforeEach(async () => {
    sim = await startVenueSim({ port: 0, seed: 5, synthetic: 12, rateHz: 0 });
    hub = new WorkerMarketDataHub({
      restUrl: sim.restUrl,
      wsPublicUrl: sim.wsPublicUrl,
      backoff: { initialMs: 20, maxMs: 200 },
      workers: 2,
    });
  });

  afterEach(async () => {
    await hub.close();
    await sim.close();
  });

  it('shards symbols over the workers and keeps every mirrored book equal to the venue', async () => {
    const symbols = sim.symbols().slice(0, 12);
    const rec = recorder();
    await subscribedAndSynced(hub, sim, symbols, rec);
    expect(hub.workers().map((w) => w.symbols > 0)).toEqual([true, true]);
    expect(hub.workers().reduce((n, w) => n + w.symbols, 0)).toBe(12);
    for (let round = 0; round < 5; round++) await tickAndSettle(hub, sim, symbols, 5);
    await waitFor(() => hub.stats().bookUpdates >= 12 * 26, 'the workers to report');
    expect(hub.stats()).toMatchObject({ gaps: 0, malformed: 0, symbols: 12 });
    expect(hub.connections()).toHaveLength(2);
    const last = rec.books[rec.books.length - 1];
    // The arrival stamp crossed threads: it is in this thread's monotonic time, in the past.
    expect(last.receivedAtMono).toBeGreaterThan(0);
    expect(last.receivedAtMono).toBeLessThanOrEqual(performance.now());
  });

  it('replaces a worker that dies and rebuilds its books from fresh snapshots', async () => {
    const symbols = sim.symbols().slice(0, 12);
    await subscribedAndSynced(hub, sim, symbols, recorder());
    expect(hub.workers()[0].symbols).toBeGreaterThan(0);
    hub.killWorker(0);
    await waitFor(() => hub.workers()[0].restarts === 1, 'the replacement worker', 5000);
    // The replacement drops the shard's mirrors; only its fresh snapshots make them match again.
    expect(symbols.some((s) => hub.book(s)?.synced === false)).toBe(true);
    await waitFor(
      () => symbols.every((s) => bookMatches(hub, sim, s)),
      'the books after the restart',
      5000,
    );
    await tickAndSettle(hub, sim, symbols, 3);
    expect(hub.workers()[1].restarts).toBe(0);
  });
});

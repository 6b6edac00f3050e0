import { dec } from '@flotilla/core';
import { startVenueSim, type VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { startTestApp, waitFor, waitForStatus, type TestApp } from '../support/app-harness';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const DEPTH = 50;

interface BookBody {
  symbol: string;
  updateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

/** Decimal strings compared by value: the sim pads to its scale ("0.10"), the API does not ("0.1"). */
const canonical = (levels: [string, string][]) =>
  levels.map(([p, s]) => [dec(p).toFixed(), dec(s).toFixed()]);

async function apiBook(t: TestApp, symbol: string): Promise<BookBody | undefined> {
  const res = await request(t.http).get(`/data/orderbook/${symbol}?depth=${DEPTH}`);
  return res.status === 200 ? (res.body as BookBody) : undefined;
}

/** True when GET /data/orderbook/{symbol} is at the sim's update id with the same levels. */
async function bookMatchesSim(t: TestApp, sim: VenueSim, symbol: string): Promise<boolean> {
  const mine = await apiBook(t, symbol);
  const theirs = sim.book(symbol, DEPTH);
  return (
    mine !== undefined &&
    mine.updateId === theirs.u &&
    JSON.stringify(canonical(mine.bids)) === JSON.stringify(canonical(theirs.bids)) &&
    JSON.stringify(canonical(mine.asks)) === JSON.stringify(canonical(theirs.asks))
  );
}

async function tickAndSettle(t: TestApp, sim: VenueSim, ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) sim.tick();
  const settled = async () => {
    for (const s of SYMBOLS) if (!(await bookMatchesSim(t, sim, s))) return false;
    return true;
  };
  await waitFor(settled, 3000, 'the API books to equal the sim books');
}

async function reconnectsMetric(t: TestApp): Promise<number> {
  const text = (await request(t.http).get('/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith('flotilla_feed_reconnects_total '));
  return Number(line?.split(' ')[1]);
}

describe('market-data feed faults under the orchestrator (real app, real simulator)', () => {
  let t: TestApp;
  let sim: VenueSim;

  beforeEach(async () => {
    // rateHz 0: the market moves only on sim.tick(), so the books can be compared exactly.
    sim = await startVenueSim({ port: 0, rateHz: 0, seed: 42 });
    // With no market data the engines' only events are their 1 s timer ticks.
    t = await startTestApp({
      sim,
      overrides: { health: { intervalMs: 100, heartbeatTimeoutMs: 3000 } },
    });
    for (const s of SYMBOLS) {
      await request(t.http).post(`/engines/start/${s}`).set(t.auth()).expect(201);
    }
  });

  afterEach(async () => {
    await t.close();
  });

  it('serves the local book equal to the venue book', async () => {
    await tickAndSettle(t, sim, 3);
    const book = await apiBook(t, 'BTCUSDT');
    expect(book?.bids.length).toBeGreaterThan(0);
    expect(book?.asks.length).toBeGreaterThan(0);
    expect(dec(book!.bids[0][0]).lt(dec(book!.asks[0][0]))).toBe(true);
    const top = await request(t.http).get('/data/orderbook/btc-usdt?depth=1').expect(200);
    expect(top.body).toMatchObject({
      symbol: 'BTCUSDT',
      bids: [book!.bids[0]],
      asks: [book!.asks[0]],
    });
  });

  it('drop: engines keep running, the feed reconnects, and the books equal the venue again', async () => {
    await tickAndSettle(t, sim, 3);
    expect(await reconnectsMetric(t)).toBe(0);

    expect(sim.injectFault({ type: 'drop' }).affectedConnections).toBeGreaterThanOrEqual(1);
    const states = new Set<string>();
    await waitFor(
      async () => {
        const s = await t.status('BTCUSDT');
        states.add(s.status);
        return s.feed.connected && s.feed.reconnects >= 1;
      },
      5000,
      'the feed to reconnect',
    );
    expect(await reconnectsMetric(t)).toBeGreaterThanOrEqual(1);

    // The market moved while the feed was down; after the resubscribe the books catch up.
    await tickAndSettle(t, sim, 5);
    expect([...states]).toEqual(['running']);
    for (const symbol of SYMBOLS) {
      const s = await t.status(symbol);
      expect(s).toMatchObject({ status: 'running', restartCount: 0, errorCount: 0 });
      expect(s.feed).toMatchObject({ connected: true });
      expect(s.feed.reconnects).toBeGreaterThanOrEqual(1);
    }
    const metrics = await request(t.http).get('/data/metrics/ETHUSDT').expect(200);
    expect(metrics.body).toMatchObject({ symbol: 'ETHUSDT', feed: { connected: true, gaps: 0 } });
    const all = await request(t.http).get('/data/metrics').expect(200);
    const listed = (all.body as Array<{ symbol: string; mid: string | null }>).map((m) => m.symbol);
    expect(listed.sort()).toEqual([...SYMBOLS].sort());
    for (const m of all.body as Array<{ mid: string | null; imbalance: string | null }>) {
      expect(m.mid).toMatch(/^\d+(\.\d+)?$/);
      expect(m.imbalance).toMatch(/^0(\.\d+)?$|^1$/);
    }
  });

  it('a stopped engine releases its book: the orderbook route answers 404 naming the cause', async () => {
    await tickAndSettle(t, sim, 1);
    await request(t.http).post('/engines/stop/ETHUSDT').set(t.auth()).expect(200);
    await waitForStatus(t, 'ETHUSDT', (s) => s.status === 'stopped', 1000);
    const res = await waitFor(
      async () => {
        const r = await request(t.http).get('/data/orderbook/ETHUSDT');
        return r.status === 404 ? r : undefined;
      },
      2000,
      'the ETHUSDT book to be released',
    );
    expect(res.body).toMatchObject({
      message: expect.stringMatching(/start its engine/) as string,
    });
    await request(t.http).get('/data/orderbook/FOOUSDT').expect(404);
    await request(t.http).get('/data/orderbook/..%2Fx').expect(400);
    const metrics = await request(t.http).get('/data/metrics/ETHUSDT').expect(404);
    expect(metrics.body).toMatchObject({
      message: expect.stringMatching(/start its engine/) as string,
    });
    await request(t.http).get('/data/metrics/FOOUSDT').expect(404);
    await request(t.http)
      .get(`/data/metrics/${'A'.repeat(300)}`)
      .expect(400);
    const all = await request(t.http).get('/data/metrics').expect(200);
    expect((all.body as Array<{ symbol: string }>).map((m) => m.symbol)).not.toContain('ETHUSDT');
  });
});

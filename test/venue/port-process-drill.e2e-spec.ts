import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec, Decimal, SystemClock, silentLogger, type Instrument } from '@flotilla/core';
import type { PlaceOrderRequest, PlaceResult } from '@flotilla/engine';
import { loadBybitInstruments } from '@flotilla/market-data';
import { clientOrderId, connectBybitVenue, type BybitVenue } from '@flotilla/venue';
import { DEFAULT_ACCOUNT } from '@flotilla/venue-sim';
import request from 'supertest';
import { forkVenueSim, type VenueSimProcess } from '../support/venue-sim-process';

/** 120 in the suite; FLOTILLA_DRILL_PLACEMENTS=1000 for the long drill. */
const PLACEMENTS = Number(process.env.FLOTILLA_DRILL_PLACEMENTS ?? 120);
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

jest.setTimeout(180_000);

/**
 * The capital-path drill with the venue as its own process: placements under
 * timeout-after-accept, the simulator killed with -9 while a batch is in flight and started again
 * on the same port and state file, then every leg resent as an engine would after an unclear
 * outcome. Duplicates are counted from the venue's own admin read.
 */
describe('VenuePort against the simulator as its own process, killed mid-trade', () => {
  let dir: string;
  let sim: VenueSimProcess | undefined;
  let venue: BybitVenue | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-drill-'));
  });

  afterAll(async () => {
    await venue?.close();
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const simArgs = (port: number) => [
    ...['--port', String(port), '--rate', '0', '--rate-limit-scale', '100'],
    ...['--state', join(dir, 'venue-state.json')],
  ];

  const takeAcceptedAnswers = async (url: string) => {
    await request(url)
      .post('/__admin/faults')
      .send({ type: 'timeout-after-accept', share: 0.3 })
      .expect(200);
  };

  it(`${PLACEMENTS} placements, 30 % answers lost, kill -9 mid-batch: 0 duplicates, every order known`, async () => {
    sim = await forkVenueSim(simArgs(0));
    const port = sim.port;
    const instruments = await loadBybitInstruments({ restUrl: sim.restUrl }, silentLogger);
    const bySymbol = new Map<string, Instrument>(instruments.map((i) => [i.symbol, i]));
    const bids = new Map<string, Decimal>();
    for (const symbol of SYMBOLS) {
      const book = await request(sim.restUrl)
        .get('/v5/market/orderbook')
        .query({ category: 'linear', symbol, limit: 1 })
        .expect(200);
      bids.set(symbol, dec((book.body as { result: { b: string[][] } }).result.b[0][0]));
    }
    venue = await connectBybitVenue({
      restUrl: sim.restUrl,
      apiKey: DEFAULT_ACCOUNT.key,
      secret: DEFAULT_ACCOUNT.secret,
      timeoutMs: 2000,
      enableRateLimit: false,
      instrumentOf: (s) => bySymbol.get(s),
      clock: new SystemClock(),
      guard: {
        halfOpenAfterMs: 300,
        protectiveRetry: { maxAttempts: 40, initialDelayMs: 20, maxDelayMs: 100 },
      },
    });
    const port$ = venue;
    const legs: PlaceOrderRequest[] = Array.from({ length: PLACEMENTS }, (_, i) => {
      const symbol = SYMBOLS[i % SYMBOLS.length];
      const price = (bids.get(symbol) as Decimal).mul('0.8');
      const { qtyStep, minOrderQty } = bySymbol.get(symbol) as Instrument;
      const qty = Decimal.max(minOrderQty, dec('6').div(price).div(qtyStep).ceil().mul(qtyStep));
      return {
        symbol,
        signalId: `drill-${i}`,
        leg: 'entry',
        side: 'buy',
        type: 'limit',
        qty,
        price,
      };
    });
    await takeAcceptedAnswers(sim.restUrl);

    const half = Math.floor(PLACEMENTS / 2);
    const first = await Promise.allSettled(legs.slice(0, half).map((l) => port$.place(l)));
    // Mid-trade: a batch is on the wire when the venue dies.
    const inFlight = Promise.allSettled(legs.slice(half).map((l) => port$.place(l)));
    process.kill(sim.pid, 'SIGKILL');
    await sim.stop();
    await inFlight;
    sim = await forkVenueSim(simArgs(port));
    await takeAcceptedAnswers(sim.restUrl);

    // An engine resends every leg whose outcome it does not know; with the same ids the port looks
    // each up first, so a resend never doubles an order. Here every leg is resent.
    const settle = async (leg: PlaceOrderRequest): Promise<PlaceResult> => {
      for (let attempt = 0; ; attempt++) {
        const r = await port$.place(leg).catch((err: unknown) => err as Error);
        if (!(r instanceof Error) && r.kind === 'placed') return r;
        if (attempt >= 50)
          throw new Error(`leg ${leg.signalId} never placed: ${JSON.stringify(r)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const results: PlaceResult[] = [];
    for (let i = 0; i < legs.length; i += 20) {
      results.push(...(await Promise.all(legs.slice(i, i + 20).map(settle))));
    }

    const held = await request(sim.restUrl)
      .get(`/__admin/accounts/${DEFAULT_ACCOUNT.key}/orders`)
      .expect(200);
    const orders = (held.body as { orders: Array<{ orderLinkId: string }> }).orders;
    const counts = new Map<string, number>();
    for (const o of orders) counts.set(o.orderLinkId, (counts.get(o.orderLinkId) ?? 0) + 1);
    const expected = legs.map((l) => clientOrderId(l.symbol, l.signalId, 'entry'));
    const duplicates = expected.filter((id) => (counts.get(id) ?? 0) > 1);
    const missing = expected.filter((id) => counts.get(id) !== 1);
    const recovered = results.filter((r) => r.kind === 'placed' && r.alreadyPlaced).length;
    const firstKnown = first.filter((r) => r.status === 'fulfilled').length;
    console.log(
      `process drill: ${PLACEMENTS} legs, ${firstKnown}/${half} known before the kill, ` +
        `${recovered} found already booked on resend, venue holds ${orders.length}, ` +
        `duplicates ${duplicates.length}, missing ${missing.length}`,
    );
    expect(duplicates).toEqual([]);
    expect(missing).toEqual([]);
    expect(orders).toHaveLength(PLACEMENTS);
    expect(recovered).toBeGreaterThan(0);
    for (const symbol of SYMBOLS) await port$.cancelAll(symbol);
  });
});

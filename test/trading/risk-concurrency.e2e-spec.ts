import { startVenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app-harness';
import { waitFor } from '../support/wait-for';
import type { EngineStatus } from '../../apps/orchestrator/src/supervisor';
import { auditEntries, killSwitch, metricValue, venueOrders } from './controls-support';
import { auditOf, QUIET_STRATEGY, venuePositions } from './trading-support';

const ENGINES = 100;
const MAX_OPEN = 5;
const SYMBOLS = Array.from(
  { length: ENGINES },
  (_, i) => `SYN${String(i + 1).padStart(4, '0')}USDT`,
);

describe('shared risk under concurrency: 100 engines signalling at once, max open positions 5 (real app, real sockets)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Venue limits scaled up: the second burst follows five closes within the same second, and at
    // Bybit's 10 order/create a second the port would shed most of its entries (budget-short,
    // audited as order.rejected) before risk is the limit; that is the budget's test, not this one.
    const sim = await startVenueSim({
      port: 0,
      rateHz: 4,
      seed: 42,
      synthetic: ENGINES,
      rateLimitScale: 10,
    });
    t = await startTestApp({
      sim,
      faultInjection: true,
      overrides: {
        autostart: SYMBOLS,
        engineDefaults: { ...QUIET_STRATEGY, stopLossPct: '5', takeProfitPct: '5' },
        risk: { maxOpenPositions: MAX_OPEN },
      },
    });
    // Every engine reconciled (the small /health/ready body counts them), then each with a book:
    // a drill signal is built from it.
    await waitFor(
      async () => {
        const res = await request(t.http).get('/health/ready');
        const body = res.body as { reconciliation?: { done: number } };
        return body.reconciliation?.done === ENGINES;
      },
      40_000,
      `${ENGINES} engines reconciled`,
    );
    await waitFor(
      async () => {
        const res = await request(t.http).get('/engines/status').set(t.auth());
        const fleet = res.body as { engines: EngineStatus[] };
        const ready = fleet.engines.filter((s) => s.status === 'running' && s.eventsProcessed > 0);
        return ready.length === ENGINES;
      },
      10_000,
      `${ENGINES} engines running with a book`,
    );
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const riskStatus = async () =>
    (await request(t.http).get('/trading/risk-status').set(t.auth()).expect(200)).body as {
      openPositions: number;
      reservedPositions: number;
      exposure: string;
      reservedExposure: string;
      refusals: Record<string, number>;
    };

  it('all 100 drill signals at once: exactly 5 positions on the venue, 95 refusals audited (max-open-positions), reservations released', async () => {
    const signals = await Promise.all(
      SYMBOLS.map(async (symbol) => {
        const res = await request(t.http)
          .post(`/engines/${symbol}/signals`)
          .set(t.auth())
          .send({ side: 'buy' })
          .expect(201);
        return { symbol, id: (res.body as { id: string }).id };
      }),
    );
    expect(new Set(signals.map((s) => s.id)).size).toBe(ENGINES);

    const opened = await waitFor(
      async () => {
        const positions = await venuePositions(t.sim);
        const refused = await auditOf(t, 'action=risk.refused&limit=1000');
        return positions.length >= MAX_OPEN && refused.length >= ENGINES - MAX_OPEN
          ? { positions, refused }
          : null;
      },
      20_000,
      'every signal answered: entries on the venue, refusals in the audit',
    );
    expect(opened.positions).toHaveLength(MAX_OPEN);
    expect(opened.positions.every((p) => p.protected)).toBe(true);
    expect(opened.refused).toHaveLength(ENGINES - MAX_OPEN);
    expect(new Set(opened.refused.map((e) => e.details.reason))).toEqual(
      new Set(['max-open-positions']),
    );
    // Each refusal carries its signal's trace id; no engine both entered and was refused.
    const refusedSymbols = new Set(opened.refused.map((e) => e.symbol));
    const enteredSymbols = new Set(opened.positions.map((p) => p.symbol));
    expect(refusedSymbols.size).toBe(ENGINES - MAX_OPEN);
    for (const s of enteredSymbols) expect(refusedSymbols.has(s)).toBe(false);
    const bySymbol = new Map(signals.map((s) => [s.symbol, s.id]));
    for (const e of opened.refused) expect(e.traceId).toBe(bySymbol.get(e.symbol ?? ''));
    for (const s of enteredSymbols) {
      await auditEntries(t, `symbol=${s}&action=order.submitted&traceId=${bySymbol.get(s)}`);
    }

    // The five engines hold confirmed stops; the risk gate shows them open, nothing still reserved.
    const risk = await waitFor(
      async () => {
        const r = await riskStatus();
        return r.openPositions === MAX_OPEN && r.reservedPositions === 0 ? r : null;
      },
      10_000,
      'risk-status: 5 open, 0 reserved',
    );
    expect(risk.reservedExposure).toBe('0');
    expect(risk.refusals['max-open-positions']).toBe(ENGINES - MAX_OPEN);
    expect(Number(risk.exposure)).toBeGreaterThan(0);
    expect(Number(risk.exposure)).toBeLessThanOrEqual(MAX_OPEN * 100 * 1.01);
    const positions = await request(t.http).get('/trading/positions').set(t.auth()).expect(200);
    expect((positions.body as { positions: { symbol: string }[] }).positions).toHaveLength(
      MAX_OPEN,
    );
    // Only the five entries ever reached the venue: no order of a refused engine.
    const booked = await venueOrders(t.sim);
    expect(new Set(booked.map((o) => o.symbol))).toEqual(enteredSymbols);
    expect(booked.filter((o) => !o.reduceOnly)).toHaveLength(MAX_OPEN);
  });

  it('closing the five frees their capacity: a burst from the 95 others again opens exactly 5', async () => {
    const first = new Set((await venuePositions(t.sim)).map((p) => p.symbol));
    const flattened = await killSwitch(t, { engaged: true, flatten: true });
    expect(flattened.failed).toEqual([]);
    await waitFor(
      async () =>
        (await venuePositions(t.sim)).length === 0 && (await riskStatus()).openPositions === 0,
      10_000,
      'every position closed and released by the risk gate',
    );
    await killSwitch(t, { engaged: false });
    // The five that traded already have a round trip; the burst goes to the 95 others.
    const others = SYMBOLS.filter((s) => !first.has(s));
    await Promise.all(
      others.map((symbol) =>
        request(t.http)
          .post(`/engines/${symbol}/signals`)
          .set(t.auth())
          .send({ side: 'sell' })
          .expect(201),
      ),
    );
    const refusedTotal = ENGINES - MAX_OPEN + (others.length - MAX_OPEN);
    const second = await waitFor(
      async () => {
        const positions = await venuePositions(t.sim);
        const refused = await auditOf(t, 'action=risk.refused&limit=1000');
        return positions.length >= MAX_OPEN && refused.length >= refusedTotal ? positions : null;
      },
      20_000,
      'the second burst answered',
    );
    expect(second).toHaveLength(MAX_OPEN);
    expect(second.every((p) => p.side === 'short' && p.protected && !first.has(p.symbol))).toBe(
      true,
    );
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    expect(metricValue(text, 'flotilla_risk_refusals', { reason: 'max-open-positions' })).toBe(
      refusedTotal,
    );
    expect(metricValue(text, 'flotilla_positions_open')).toBe(MAX_OPEN);
  });
});

import { DEFAULT_ACCOUNT_KEY } from '@flotilla/venue-sim';
import request from 'supertest';
import { waitForStatus, type TestApp } from '../support/app-harness';
import { adminOrders } from '../support/venue-ledger';
import { waitFor } from '../support/wait-for';
import {
  auditOf,
  drillSignal,
  protectedPosition,
  shock,
  venuePositions,
  startTradingApp,
} from './trading-support';
import {
  auditEntries,
  clearPrivateFaults,
  openVenueOrders,
  privateLatency,
} from './controls-support';

const SYMBOL = 'BTCUSDT';

describe('operator pause, resume and flatten on the real app (embedded simulator, real sockets)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTradingApp(SYMBOL);
  });

  afterAll(async () => {
    await t?.close();
  });

  const post = (path: string, requestId?: string) => {
    const req = request(t.http).post(path).set(t.auth());
    return requestId ? req.set('X-Request-Id', requestId) : req;
  };

  it('a paused engine keeps its position protected (the venue stop closes it), takes no entry (audited refusal), and enters again once resumed', async () => {
    await drillSignal(t, SYMBOL, 'buy');
    await protectedPosition(t, SYMBOL);

    const paused = await post(`/engines/${SYMBOL}/pause`, 'req-pause-1').expect(200);
    expect(paused.body).toMatchObject({ ok: true, symbol: SYMBOL, status: 'paused' });
    const [pauseAudit] = await auditOf(t, `symbol=${SYMBOL}&action=operator.pause`);
    expect(pauseAudit).toMatchObject({ actor: 'operator', requestId: 'req-pause-1' });

    // Paused: the position keeps its venue-side stop, and that stop still closes it.
    const held = (await venuePositions(t.sim)).find((p) => p.symbol === SYMBOL);
    expect(held).toMatchObject({ side: 'long', protected: true });
    expect((await t.status(SYMBOL)).position).toMatchObject({ stopConfirmed: true });
    await shock(t.sim, SYMBOL, -2);
    const stopped = await waitForStatus(
      t,
      SYMBOL,
      (s) => s.position === null && s.tradeCount === 1,
      10_000,
      'the venue stop closes the paused engine’s position',
    );
    expect(stopped.status).toBe('paused');
    expect(await venuePositions(t.sim)).toEqual([]);

    // Paused and flat: a signal opens nothing on the venue, and the refusal is audited.
    const ordersBefore = (await adminOrders(t.sim.restUrl, DEFAULT_ACCOUNT_KEY)).length;
    const refused = await drillSignal(t, SYMBOL, 'buy');
    const [refusal] = await auditEntries(
      t,
      `symbol=${SYMBOL}&action=risk.refused&traceId=${refused.id}`,
    );
    expect(refusal.details).toMatchObject({ reason: 'engine-paused' });
    expect((await adminOrders(t.sim.restUrl, DEFAULT_ACCOUNT_KEY)).length).toBe(ordersBefore);
    expect(await venuePositions(t.sim)).toEqual([]);
    expect((await t.status(SYMBOL)).position).toBeNull();

    const resumed = await post(`/engines/${SYMBOL}/resume`, 'req-resume-1').expect(200);
    expect(resumed.body).toMatchObject({ ok: true, status: 'running' });
    const [resumeAudit] = await auditOf(t, `symbol=${SYMBOL}&action=operator.resume`);
    expect(resumeAudit).toMatchObject({ actor: 'operator', requestId: 'req-resume-1' });
    const entry = await drillSignal(t, SYMBOL, 'buy');
    await protectedPosition(t, SYMBOL);
    const onVenue = (await venuePositions(t.sim)).find((p) => p.symbol === SYMBOL);
    expect(onVenue).toMatchObject({ side: 'long', protected: true });
    const trail = await auditOf(t, `symbol=${SYMBOL}&traceId=${entry.id}&action=order.submitted`);
    expect(trail).toHaveLength(1);
  });

  it('flatten closes the position reduce-only; the stop stands until the venue is flat and is gone after; audited with the request id', async () => {
    expect((await t.status(SYMBOL)).position).toMatchObject({ side: 'long', stopConfirmed: true });
    // Every private answer held 600 ms: the close is in flight long enough to look at the venue meanwhile.
    await privateLatency(t.sim, 600, 10_000);
    try {
      const res = await post(`/engines/${SYMBOL}/flatten`, 'req-flatten-1').expect(200);
      expect(res.body).toMatchObject({ ok: true, symbol: SYMBOL, status: 'running' });
      const during = (await venuePositions(t.sim)).find((p) => p.symbol === SYMBOL);
      expect(during).toMatchObject({ side: 'long', protected: true });

      const seen: boolean[] = [];
      await waitFor(
        async () => {
          const p = (await venuePositions(t.sim)).find((v) => v.symbol === SYMBOL);
          if (p) seen.push(p.protected);
          return p === undefined;
        },
        10_000,
        'the venue flat after flatten',
      );
      expect(seen.every(Boolean)).toBe(true);
    } finally {
      await clearPrivateFaults(t.sim);
    }
    const done = await waitForStatus(
      t,
      SYMBOL,
      (s) => s.position === null && s.tradeCount === 2,
      10_000,
      'engine flat after flatten',
    );
    expect(done.status).toBe('running');

    // The engine's only close leg (the first round trip ended at the venue's stop) is the flatten's.
    const ours = await request(t.http).get(`/trading/orders?symbol=${SYMBOL}`).set(t.auth());
    const byEngine = ours.body as { leg: string; state: string; clientOrderId: string }[];
    const closeLegs = byEngine.filter((o) => o.leg === 'close');
    expect(closeLegs).toHaveLength(1);
    const orders = await adminOrders(t.sim.restUrl, DEFAULT_ACCOUNT_KEY);
    const closes = orders.filter((o) => o.orderLinkId === closeLegs[0].clientOrderId);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ reduceOnly: true, side: 'Sell', orderStatus: 'Filled' });
    expect(await openVenueOrders(t.sim)).toEqual([]);
    expect(await venuePositions(t.sim)).toEqual([]);

    const [flattenAudit] = await auditOf(t, `symbol=${SYMBOL}&action=operator.flatten`);
    expect(flattenAudit).toMatchObject({ actor: 'operator', requestId: 'req-flatten-1' });
    const live = byEngine.filter((o) =>
      ['submitted', 'accepted', 'partially-filled', 'unknown'].includes(o.state),
    );
    expect(live).toEqual([]);
  });

  it('answers 401 without a token, 400 for a malformed symbol, 404 for a symbol without an engine', async () => {
    for (const verb of ['pause', 'resume', 'flatten']) {
      await request(t.http).post(`/engines/${SYMBOL}/${verb}`).expect(401);
      const bad = await post(`/engines/B%40D!/${verb}`).expect(400);
      expect(bad.body).toMatchObject({ code: 'INVALID_SYMBOL' });
      const none = await post(`/engines/XRPUSDT/${verb}`).expect(404);
      expect(none.body).toMatchObject({ code: 'ENGINE_NOT_FOUND' });
    }
    expect((await t.status(SYMBOL)).status).toBe('running');
  });

  it('answers 409 for a command the engine’s state does not allow', async () => {
    const resume = await post(`/engines/${SYMBOL}/resume`).expect(409);
    expect(resume.body).toMatchObject({ code: 'ENGINE_CONFLICT' });
    await post(`/engines/${SYMBOL}/pause`).expect(200);
    const again = await post(`/engines/${SYMBOL}/pause`).expect(409);
    expect(again.body).toMatchObject({ code: 'ENGINE_CONFLICT' });
    await request(t.http).post(`/engines/stop/${SYMBOL}`).set(t.auth()).expect(200);
    for (const verb of ['pause', 'resume', 'flatten']) {
      const res = await post(`/engines/${SYMBOL}/${verb}`).expect(409);
      expect(res.body).toMatchObject({ code: 'ENGINE_CONFLICT' });
    }
  });
});

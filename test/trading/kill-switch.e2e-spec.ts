import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT_KEY } from '@flotilla/venue-sim';
import request from 'supertest';
import { startTestApp, waitForStatus, type TestApp } from '../support/app-harness';
import { adminOrders } from '../support/venue-ledger';
import {
  auditEntries,
  clearPrivateFaults,
  killSwitch,
  openVenueOrders,
  privateLatency,
} from './controls-support';
import {
  auditOf,
  drillSignal,
  protectedPosition,
  QUIET_STRATEGY,
  reconciled,
  startEngine,
  venuePositions,
} from './trading-support';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const OVERRIDES = {
  engineDefaults: { ...QUIET_STRATEGY, stopLossPct: '5', takeProfitPct: '5' },
};

describe('the kill switch on the real app: no entry anywhere, flatten closes everything, persisted across a restart', () => {
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flotilla-kill-'));
    t = await startTestApp({ faultInjection: true, dataDir, overrides: OVERRIDES });
    for (const s of SYMBOLS) await startEngine(t, s);
  });

  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const riskStatus = async () =>
    (await request(t.http).get('/trading/risk-status').set(t.auth()).expect(200)).body as {
      killSwitch: { engaged: boolean; by: string | null };
      entriesBlocked: string | null;
      openPositions: number;
    };

  /** A drill signal on symbol that the kill switch refuses: audited, nothing booked on the venue. */
  const expectRefused = async (symbol: string) => {
    const before = (await adminOrders(t.sim.restUrl, DEFAULT_ACCOUNT_KEY)).length;
    const signal = await drillSignal(t, symbol, 'buy');
    const [refusal] = await auditEntries(
      t,
      `symbol=${symbol}&action=risk.refused&traceId=${signal.id}`,
    );
    expect(refusal).toMatchObject({ actor: 'risk', details: { reason: 'kill-switch' } });
    expect((await adminOrders(t.sim.restUrl, DEFAULT_ACCOUNT_KEY)).length).toBe(before);
    expect((await venuePositions(t.sim)).some((p) => p.symbol === symbol)).toBe(false);
  };

  it('engaged: a signal on any engine opens nothing on the venue; open positions keep their stops', async () => {
    await drillSignal(t, 'BTCUSDT', 'buy');
    await drillSignal(t, 'ETHUSDT', 'sell');
    await protectedPosition(t, 'BTCUSDT');
    await protectedPosition(t, 'ETHUSDT');

    const engaged = await killSwitch(t, { engaged: true }, 'req-kill-1');
    expect(engaged).toMatchObject({ engaged: true, by: 'operator', flatten: false, flattened: [] });
    const [audit] = await auditOf(t, 'action=operator.kill-switch');
    expect(audit).toMatchObject({
      actor: 'operator',
      requestId: 'req-kill-1',
      details: { engaged: true, flatten: false },
    });
    expect(await riskStatus()).toMatchObject({
      killSwitch: { engaged: true, by: 'operator' },
      entriesBlocked: 'kill-switch',
    });

    await expectRefused('SOLUSDT');
    const positions = await venuePositions(t.sim);
    expect(positions.map((p) => [p.symbol, p.protected]).sort()).toEqual([
      ['BTCUSDT', true],
      ['ETHUSDT', true],
    ]);
  });

  it('engaged with flatten: every open position is closed on the venue, nothing left open', async () => {
    const res = await killSwitch(t, { engaged: true, flatten: true }, 'req-kill-2');
    expect(res).toMatchObject({ engaged: true, flatten: true, failed: [] });
    expect(res.flattened).toEqual(SYMBOLS);
    for (const s of ['BTCUSDT', 'ETHUSDT']) {
      const status = await waitForStatus(t, s, (x) => x.position === null, 10_000, `${s} flat`);
      expect(status.tradeCount).toBe(1);
    }
    expect(await venuePositions(t.sim)).toEqual([]);
    expect(await openVenueOrders(t.sim)).toEqual([]);
    expect((await riskStatus()).openPositions).toBe(0);
    const flattens = await auditOf(t, 'action=operator.flatten&symbol=BTCUSDT');
    expect(flattens[0]).toMatchObject({ actor: 'operator', requestId: 'req-kill-2' });
    await expectRefused('BTCUSDT');
  });

  it('stays engaged across an app restart on the same DATA_DIR; released, entries resume', async () => {
    const sim = t.sim;
    await t.closeApp();
    t = await startTestApp({ faultInjection: true, dataDir, sim, overrides: OVERRIDES });
    // The registry brings the three engines back; each reconciles before it could enter.
    for (const s of SYMBOLS) await reconciled(t, s);
    expect(await riskStatus()).toMatchObject({
      killSwitch: { engaged: true, by: 'operator' },
      entriesBlocked: 'kill-switch',
    });
    await expectRefused('ETHUSDT');

    const released = await killSwitch(t, { engaged: false }, 'req-release-1');
    expect(released).toMatchObject({ engaged: false, flatten: false });
    const [audit] = await auditOf(t, 'action=operator.kill-switch');
    expect(audit).toMatchObject({ requestId: 'req-release-1', details: { engaged: false } });
    expect((await riskStatus()).entriesBlocked).toBeNull();
    await drillSignal(t, 'ETHUSDT', 'buy');
    await protectedPosition(t, 'ETHUSDT');
    const onVenue = (await venuePositions(t.sim)).find((p) => p.symbol === 'ETHUSDT');
    expect(onVenue).toMatchObject({ side: 'long', protected: true });
  });

  it('answers 400 for a malformed body and 401 without a token; neither changes the switch', async () => {
    const bodies: unknown[] = [
      {},
      { engaged: 'yes' },
      { engaged: null },
      { engaged: 1 },
      { engaged: false, flatten: true },
      { engaged: true, flatten: null },
      { engaged: true, extra: 1 },
      [true],
    ];
    for (const body of bodies) {
      const res = await request(t.http)
        .post('/trading/kill-switch')
        .set(t.auth())
        .send(body as object)
        .expect(400);
      expect(typeof (res.body as { message: unknown }).message).not.toBe('undefined');
    }
    await request(t.http).post('/trading/kill-switch').send({ engaged: true }).expect(401);
    expect((await riskStatus()).killSwitch.engaged).toBe(false);
  });

  it('engaged with flatten while an entry is in flight: the late fill is closed too, nothing left open', async () => {
    expect((await t.status('ETHUSDT')).position).toMatchObject({ side: 'long' });
    await privateLatency(t.sim, 400, 10_000);
    try {
      const signal = await drillSignal(t, 'BTCUSDT', 'buy');
      await auditEntries(t, `symbol=BTCUSDT&action=order.submitted&traceId=${signal.id}`);
      const res = await killSwitch(t, { engaged: true, flatten: true }, 'req-kill-3');
      expect(res.flattened).toEqual(SYMBOLS);
      for (const s of ['BTCUSDT', 'ETHUSDT']) {
        await waitForStatus(
          t,
          s,
          // Each engine's second round trip: one before the restart (rebuilt from the trail) and this.
          (x) => x.position === null && x.tradeCount === 2,
          10_000,
          `${s} flat after the kill switch`,
        );
      }
    } finally {
      await clearPrivateFaults(t.sim);
    }
    expect(await venuePositions(t.sim)).toEqual([]);
    expect(await openVenueOrders(t.sim)).toEqual([]);
    const risk = await riskStatus();
    expect(risk).toMatchObject({ openPositions: 0, entriesBlocked: 'kill-switch' });
  });
});

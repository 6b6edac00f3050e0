import request from 'supertest';
import type { EngineStatus } from '../../apps/orchestrator/src/supervisor';
import { startTestApp, waitFor, waitForStatus, type TestApp } from '../support/app-harness';

const HEALTH = { intervalMs: 100, heartbeatTimeoutMs: 800 };
const RECOVERY = { maxRestartsPerHour: 5, baseDelayMs: 150, maxDelayMs: 5000 };

async function fault(t: TestApp, symbol: string, type: string): Promise<request.Response> {
  return request(t.http).post(`/engines/${symbol}/faults`).set(t.auth()).send({ type });
}

async function start(t: TestApp, symbol: string): Promise<void> {
  await request(t.http).post(`/engines/start/${symbol}`).set(t.auth()).expect(201);
  // A fault takes effect on the next handled event: make sure market data is flowing first.
  await waitForStatus(t, symbol, (s) => s.eventsProcessed > 0, 3000, `${symbol} to see events`);
}

/** Crashes a running engine and waits until it is running again after that restart. */
async function crashAndRecover(
  t: TestApp,
  symbol: string,
  timeoutMs: number,
): Promise<EngineStatus> {
  const before = await t.status(symbol);
  expect(before.status).toBe('running');
  expect((await fault(t, symbol, 'crash')).status).toBe(200);
  return waitForStatus(
    t,
    symbol,
    (s) => s.status === 'running' && s.restartCount === before.restartCount + 1,
    timeoutMs,
    `${symbol} to run again after crash #${before.restartCount + 1}`,
  );
}

/** Polls for durationMs and fails at once if the status ever leaves `status`. */
async function staysIn(t: TestApp, symbol: string, status: string, durationMs: number) {
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    expect((await t.status(symbol)).status).toBe(status);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function metric(t: TestApp, name: string): Promise<number> {
  const text = (await request(t.http).get('/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? NaN : Number(line.split(' ').at(-1));
}

describe('supervision with FAULT_INJECTION on (real app, real simulator)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      faultInjection: true,
      overrides: { health: HEALTH, recovery: RECOVERY },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('a crash is running again in < 1 s (server-measured) with restartCount 1', async () => {
    await start(t, 'BTCUSDT');
    const crashedAt = performance.now();
    const after = await crashAndRecover(t, 'BTCUSDT', 2000);
    // Client-observed includes the wait for the next event (the fault fires in it) and polling.
    expect(performance.now() - crashedAt).toBeLessThan(2000);
    // Crash transition to running transition on the server's clock: every sample within 1 s.
    const histogram = 'flotilla_crash_to_running_seconds';
    expect(await metric(t, `${histogram}_count`)).toBe(1);
    expect(await metric(t, `${histogram}_bucket{le="1"}`)).toBe(1);
    expect(await metric(t, `${histogram}_sum`)).toBeLessThan(1);
    expect(after).toMatchObject({ status: 'running', restartCount: 1, desiredStatus: 'running' });
    expect(after.lastError).toMatch(/injected fault: crash/);
    expect(
      await metric(t, 'flotilla_engine_restarts_total{symbol="BTCUSDT"}'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('a second crash within the hour waits the backoff (visible as backoff with nextRestartAt)', async () => {
    expect((await fault(t, 'BTCUSDT', 'crash')).status).toBe(200);
    const backoff = await waitForStatus(t, 'BTCUSDT', (s) => s.status === 'backoff', 2000);
    const now = Date.now();
    expect(backoff.nextRestartAt).not.toBeNull();
    const dueInMs = Date.parse(backoff.nextRestartAt!) - now;
    expect(dueInMs).toBeGreaterThan(0);
    expect(dueInMs).toBeLessThanOrEqual(RECOVERY.baseDelayMs);
    const fleet = await request(t.http).get('/engines/status').expect(200);
    expect(fleet.body).toMatchObject({ crashed: 1 });
    const running = await waitForStatus(
      t,
      'BTCUSDT',
      (s) => s.status === 'running' && s.restartCount === 2,
      2000,
    );
    expect(running.nextRestartAt).toBeNull();
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(backoff.nextRestartAt!));
  });

  it('the 6th crash in an hour leaves the engine failed until an operator restarts it', async () => {
    await start(t, 'ETHUSDT');
    const failedBefore = await metric(t, 'flotilla_engine_failed_total');
    // Restarts 1-5 are allowed (delays 0, 150, 300, 600, 1200 ms); the 6th crash is over the limit.
    for (let n = 1; n <= RECOVERY.maxRestartsPerHour; n++) {
      const s = await crashAndRecover(t, 'ETHUSDT', 3000);
      expect(s.restartCount).toBe(n);
    }
    expect((await fault(t, 'ETHUSDT', 'crash')).status).toBe(200);
    const failed = await waitForStatus(t, 'ETHUSDT', (s) => s.status === 'failed', 2000);
    expect(failed).toMatchObject({
      restartCount: 5,
      desiredStatus: 'running',
      nextRestartAt: null,
    });
    expect(await metric(t, 'flotilla_engine_failed_total')).toBe(failedBefore + 1);
    const fleet = await request(t.http).get('/engines/status').expect(200);
    expect(fleet.body).toMatchObject({ failed: 1 });

    // Longer than the last backoff (1200 ms), and many health scans.
    await staysIn(t, 'ETHUSDT', 'failed', RECOVERY.baseDelayMs * 2 ** 3 + 5 * HEALTH.intervalMs);

    const restarted = await request(t.http).post('/engines/restart/ETHUSDT').set(t.auth());
    expect(restarted.status).toBe(200);
    expect(restarted.body).toMatchObject({ status: 'running', engine: { status: 'running' } });
    // The operator's restart cleared the history: the next crash restarts at once again.
    await waitForStatus(t, 'ETHUSDT', (s) => s.eventsProcessed > 0, 3000);
    const t0 = performance.now();
    const again = await crashAndRecover(t, 'ETHUSDT', 2000);
    expect(again.restartCount).toBe(6);
    expect(performance.now() - t0).toBeLessThan(RECOVERY.baseDelayMs * 2 ** 3);
  });

  it('a hang is restarted within heartbeatTimeoutMs + intervalMs (+ margin)', async () => {
    await start(t, 'SOLUSDT');
    const hungAt = performance.now();
    expect((await fault(t, 'SOLUSDT', 'hang')).status).toBe(200);
    const after = await waitForStatus(
      t,
      'SOLUSDT',
      (s) => s.status === 'running' && s.restartCount === 1,
      HEALTH.heartbeatTimeoutMs + HEALTH.intervalMs + 1500,
      'the hung engine to be restarted',
    );
    const elapsedMs = performance.now() - hungAt;
    expect(elapsedMs).toBeLessThan(HEALTH.heartbeatTimeoutMs + HEALTH.intervalMs + 500);
    expect(after.lastError).toMatch(/hang: heartbeat age \d+ ms/);
    // The restarted engine handles events again (its heartbeat is fresh).
    await waitFor(
      async () => (await t.status('SOLUSDT')).eventsProcessed > 0,
      2000,
      'events after the restart',
    );
  });

  it("an 'error' fault is counted and the engine keeps running", async () => {
    await start(t, 'BNBUSDT');
    expect((await fault(t, 'BNBUSDT', 'error')).status).toBe(200);
    const s = await waitForStatus(t, 'BNBUSDT', (x) => x.errorCount === 1, 2000);
    expect(s).toMatchObject({
      status: 'running',
      restartCount: 0,
      lastError: 'injected fault: error',
    });
    await staysIn(t, 'BNBUSDT', 'running', 3 * HEALTH.intervalMs);
    expect((await t.status('BNBUSDT')).errorCount).toBe(1);
  });

  it("three 'error' faults sent together are three errors, in the status and the metric", async () => {
    const metricBefore = await metric(t, 'flotilla_engine_handled_errors_total');
    const before = (await t.status('BNBUSDT')).errorCount;
    const sent = await Promise.all([1, 2, 3].map(() => fault(t, 'BNBUSDT', 'error')));
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitForStatus(t, 'BNBUSDT', (x) => x.errorCount >= before + 3, 2000);
    await staysIn(t, 'BNBUSDT', 'running', 2 * HEALTH.intervalMs);
    expect((await t.status('BNBUSDT')).errorCount).toBe(before + 3);
    expect(await metric(t, 'flotilla_engine_handled_errors_total')).toBe(metricBefore + 3);
  });

  it('rejects bad fault requests with 400/401/404/409 and changes nothing', async () => {
    const before = await t.status('BNBUSDT');
    const bad = await fault(t, 'BNBUSDT', 'explode');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      message: expect.stringContaining('crash, hang, error') as string,
    });
    const extra = await request(t.http)
      .post('/engines/BNBUSDT/faults')
      .set(t.auth())
      .send({ type: 'crash', delayMs: 5 });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ message: expect.stringContaining('delayMs') as string });
    const anonymous = await request(t.http).post('/engines/BNBUSDT/faults').send({ type: 'crash' });
    expect(anonymous.status).toBe(401);
    expect((await fault(t, 'XRPUSDT', 'crash')).status).toBe(404);
    expect((await fault(t, '..%2Fx', 'crash')).status).toBe(400);
    await request(t.http).post('/engines/stop/DOGEUSDT').set(t.auth()).expect(404);
    await start(t, 'DOGEUSDT');
    await request(t.http).post('/engines/stop/DOGEUSDT').set(t.auth()).expect(200);
    expect((await fault(t, 'DOGEUSDT', 'crash')).status).toBe(409);

    await staysIn(t, 'BNBUSDT', 'running', 3 * HEALTH.intervalMs);
    const after = await t.status('BNBUSDT');
    expect(after).toMatchObject({
      restartCount: before.restartCount,
      errorCount: before.errorCount,
    });
  });
});

describe('fault injection off (the default)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('POST /engines/{symbol}/faults is a 404 and the engine is untouched', async () => {
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await waitForStatus(t, 'BTCUSDT', (s) => s.eventsProcessed > 0, 3000);
    const res = await fault(t, 'BTCUSDT', 'crash');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      message: expect.stringMatching(/fault injection is off/) as string,
    });
    // Off means absent for everyone: no 401 hinting that the route exists.
    const anonymous = await request(t.http).post('/engines/BTCUSDT/faults').send({ type: 'crash' });
    expect(anonymous.status).toBe(404);
    await staysIn(t, 'BTCUSDT', 'running', 300);
    expect(await t.status('BTCUSDT')).toMatchObject({ restartCount: 0, lastError: null });
  });
});

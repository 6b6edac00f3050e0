import { ManualClock } from '@flotilla/core';
import request from 'supertest';
import { startTestApp, waitForStatus, type TestApp } from '../support/app-harness';

const T0 = Date.UTC(2026, 5, 1, 12);

async function fault(t: TestApp, symbol: string, type: string): Promise<void> {
  await request(t.http).post(`/engines/${symbol}/faults`).set(t.auth()).send({ type }).expect(200);
}

/**
 * The default recovery schedule (SPEC 4: first restart at once, then 1 s) on the real app and the
 * real simulator, with the app's clock injected: time moves only when the test says so, and market
 * data still arrives over real sockets (a fault fires inside the next handled event).
 */
describe('supervision on the default schedule with an injected clock', () => {
  let t: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(T0);
    t = await startTestApp({
      faultInjection: true,
      clock,
      // The SPEC 4 defaults, which the other suites shorten to run on real time.
      overrides: {
        health: { intervalMs: 1000, heartbeatTimeoutMs: 5000 },
        recovery: { baseDelayMs: 1000, maxDelayMs: 300_000 },
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('restarts the first crash at once and waits exactly 1 s before the second restart', async () => {
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await waitForStatus(t, 'BTCUSDT', (s) => s.eventsProcessed > 0, 3000, 'market data');

    await fault(t, 'BTCUSDT', 'crash');
    const first = await waitForStatus(t, 'BTCUSDT', (s) => s.restartCount === 1, 3000);
    expect(first).toMatchObject({ status: 'running', lastError: 'injected fault: crash' });

    await fault(t, 'BTCUSDT', 'crash');
    const backoff = await waitForStatus(t, 'BTCUSDT', (s) => s.status === 'backoff', 3000);
    expect(backoff.nextRestartAt).toBe(new Date(clock.now() + 1000).toISOString());
    clock.advance(999);
    expect((await t.status('BTCUSDT')).status).toBe('backoff');
    clock.advance(1);
    expect(await t.status('BTCUSDT')).toMatchObject({
      status: 'running',
      restartCount: 2,
      nextRestartAt: null,
    });
  });
});

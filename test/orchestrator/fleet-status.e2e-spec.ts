import { gunzipSync } from 'node:zlib';
import { ManualClock } from '@flotilla/core';
import request from 'supertest';
import { startTestApp, waitForStatus, type TestApp } from '../support/app-harness';
import { rawGet, type RawResponse } from '../support/raw-http';

interface Fleet {
  running: number;
  engines: Array<{ symbol: string; uptimeSeconds: number; heartbeatAgeMs: number | null }>;
}

/** The app's clock is injected: the status cache and the ages move only when the test says so. */
describe('GET /engines/status caching and encoding (real app, real simulator)', () => {
  let t: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    t = await startTestApp({ clock });
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
  });

  afterAll(async () => {
    await t.close();
  });

  it('fleet status carries an ETag: 304 while unchanged, a new body and tag after a command', async () => {
    const first = await request(t.http).get('/engines/status');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);

    const unchanged = await request(t.http).get('/engines/status').set('If-None-Match', etag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBeFalsy();
    const stale = await request(t.http).get('/engines/status').set('If-None-Match', 'W/"other"');
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual(first.body);

    // Flip one engine's state: whatever it was, the body must change.
    const sol = await request(t.http).get('/engines/status/SOLUSDT');
    const wasRunning = sol.status === 200 && (sol.body as { status: string }).status === 'running';
    const command = wasRunning ? '/engines/stop/SOLUSDT' : '/engines/start/SOLUSDT';
    expect((await request(t.http).post(command).set(t.auth())).status).toBe(wasRunning ? 200 : 201);
    const changed = await request(t.http).get('/engines/status').set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const running = [first, changed].map((r) => (r.body as { running: number }).running);
    expect(running[1]).toBe(running[0] + (wasRunning ? -1 : 1));
  });

  it('a 1 s poller gets 304 while only ages move, and 200 with a new ETag when an engine changes state', async () => {
    // Reconciled: each run's reconciliation is news an operator acts on, then it holds still.
    const fleet = (await request(t.http).get('/engines/status').expect(200)).body as Fleet;
    for (const { symbol } of fleet.engines) {
      await waitForStatus(
        t,
        symbol,
        (s) => s.status !== 'running' || s.reconcile?.state === 'done',
        5000,
      );
    }
    // Past what the status may serve while it rebuilds (1 s), so the first tag is taken after the news.
    clock.advance(1500);
    const first = await request(t.http).get('/engines/status').expect(200);
    const etag = String(first.headers.etag);
    const uptime = (r: request.Response) =>
      (r.body as Fleet).engines.find((e) => e.symbol === 'BTCUSDT')?.uptimeSeconds;
    for (let second = 1; second <= 3; second++) {
      clock.advance(1000);
      const polled = await request(t.http).get('/engines/status').set('If-None-Match', etag);
      expect({ second, status: polled.status }).toEqual({ second, status: 304 });
    }
    // The ages did move (the body is rebuilt), only the tag stayed. (Plain: a gzip body may be the
    // previous build's of the same tag while the new one compresses, up to 1 s old; see FleetBodies.)
    const fresh = await request(t.http)
      .get('/engines/status')
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(uptime(fresh)).toBe(Number(uptime(first)) + 3);
    expect(fresh.headers.etag).toBe(etag);

    await request(t.http).post('/engines/stop/BTCUSDT').set(t.auth()).expect(200);
    clock.advance(1000);
    const changed = await request(t.http).get('/engines/status').set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect((changed.body as Fleet).running).toBe((first.body as Fleet).running - 1);
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
  });

  it('fleet status is gzip for clients that accept it: the same JSON and ETag as the plain body', async () => {
    // The cache may rebuild between two requests; compare the bodies of one build.
    let plain: request.Response | undefined;
    let zipped: RawResponse | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      plain = await request(t.http).get('/engines/status').set('Accept-Encoding', 'identity');
      zipped = await rawGet(t, '/engines/status', { 'accept-encoding': 'gzip' });
      if (plain.headers.etag === zipped.headers.etag) break;
    }
    if (!plain || !zipped) throw new Error('no responses');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(plain.body);
    expect(zipped.body.length).toBeLessThan(Buffer.byteLength(plain.text));
    // A poller's conditional request right after a gzip response: 304 with no body.
    let notModified = await rawGet(t, '/engines/status', { 'accept-encoding': 'gzip' });
    for (let attempt = 0; attempt < 5 && notModified.status !== 304; attempt++) {
      const fresh = await rawGet(t, '/engines/status', { 'accept-encoding': 'gzip' });
      notModified = await rawGet(t, '/engines/status', {
        'accept-encoding': 'gzip',
        'if-none-match': String(fresh.headers.etag),
      });
    }
    expect(notModified.status).toBe(304);
    expect(notModified.body).toHaveLength(0);
  });
});

import { startTestApp, type TestApp } from '../support/app-harness';
import { COCKPIT_WS_OPTIONS } from '../../apps/orchestrator/src/cockpit/ws/ws-options';
import { connectWs, listenWs, upgradeStatus } from './ws-client';

const AUTH_TIMEOUT_MS = 300;

describe('WS /ws authentication (real app, real sockets)', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({
      overrideProviders: [
        { provide: COCKPIT_WS_OPTIONS, useValue: { authTimeoutMs: AUTH_TIMEOUT_MS } },
      ],
    });
    url = await listenWs(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a client that says nothing is closed 4401 "auth timeout" after the timeout, having received nothing', async () => {
    const client = await connectWs(url);
    const openedAt = performance.now();
    const { code, reason } = await client.closed;
    const waitedMs = performance.now() - openedAt;
    expect({ code, reason }).toEqual({ code: 4401, reason: 'auth timeout' });
    expect(waitedMs).toBeGreaterThanOrEqual(AUTH_TIMEOUT_MS - 50);
    expect(client.frames).toEqual([]);
  });

  it('a wrong token in the Authorization header is refused with HTTP 401 on the upgrade', async () => {
    expect(await upgradeStatus(url, { Authorization: 'Bearer not-the-token-at-all' })).toBe(401);
    expect(await upgradeStatus(url, { Authorization: 'Basic abc' })).toBe(401);
  });

  it('an upgrade on any other path is 404', async () => {
    const other = url.replace(/\/ws$/, '/socket');
    expect(await upgradeStatus(other, { Authorization: `Bearer ${t.token}` })).toBe(404);
  });

  it('a wrong token in the first message, or any other first message, closes 4401 with nothing sent', async () => {
    for (const first of [
      { op: 'auth', token: 'wrong-token-0123456789' },
      { op: 'subscribe', topics: ['fleet'] },
      'not json',
    ]) {
      const client = await connectWs(url);
      client.send(first);
      expect(await client.closed).toEqual({ code: 4401, reason: 'unauthorized' });
      expect(client.frames).toEqual([]);
    }
  });

  it('the right token in the header, or in the first message, is welcomed; ping gets pong; the token is never echoed', async () => {
    const byHeader = await connectWs(url, t.token);
    const welcome = await byHeader.frame((f) => f.type === 'welcome');
    expect(welcome).toEqual({
      type: 'welcome',
      heartbeatMs: 15_000,
      serverTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) as unknown,
    });

    const byMessage = await connectWs(url);
    byMessage.send({ op: 'auth', token: t.token });
    await byMessage.frame((f) => f.type === 'welcome');
    byMessage.send({ op: 'ping' });
    await byMessage.frame((f) => f.type === 'pong');
    // A second auth is just a bad request now; the connection stays.
    byMessage.send({ op: 'auth', token: t.token });
    const error = await byMessage.frame((f) => f.type === 'error');
    expect(error).toEqual({ type: 'error', code: 'BAD_REQUEST', message: 'already authenticated' });

    const everything = JSON.stringify([...byHeader.frames, ...byMessage.frames]);
    expect(everything).not.toContain(t.token);
    await byHeader.close();
    await byMessage.close();
  });
});

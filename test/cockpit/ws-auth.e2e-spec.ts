import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

  it('no log line carries the token (the app log files, after everything above)', async () => {
    await t.closeApp();
    const dir = join(t.dataDir, 'logs');
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) =>
      f.isFile(),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await readFile(join(file.parentPath, file.name), 'utf8');
      expect({ file: file.name, leaks: text.includes(t.token) }).toEqual({
        file: file.name,
        leaks: false,
      });
    }
  });
});

describe('WS /ws limits: sockets waiting to authenticate, and the failed-authentication limit shared with the HTTP API', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({
      overrides: { rateLimit: { authFailuresPerMinute: 2 } },
      overrideProviders: [{ provide: COCKPIT_WS_OPTIONS, useValue: { maxUnauthenticated: 1 } }],
    });
    url = await listenWs(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('past maxUnauthenticated sockets waiting for their auth message, upgrades without a header get 503', async () => {
    const waiting = await connectWs(url);
    expect(await upgradeStatus(url, {})).toBe(503);
    // A header-authenticated tool is not held up by them.
    const tool = await connectWs(url, t.token);
    await tool.frame((f) => f.type === 'welcome');
    waiting.send({ op: 'auth', token: t.token });
    await waiting.frame((f) => f.type === 'welcome');
    const next = await connectWs(url);
    next.send({ op: 'auth', token: t.token });
    await next.frame((f) => f.type === 'welcome');
    await Promise.all([waiting, tool, next].map((c) => c.close()));
  });

  it('after the failure limit, an upgrade is refused 429 before its token is looked at', async () => {
    const wrong = { Authorization: 'Bearer wrong-token-0123456789' };
    expect(await upgradeStatus(url, wrong)).toBe(401);
    const byMessage = await connectWs(url);
    byMessage.send({ op: 'auth', token: 'wrong-token-0123456789' });
    expect((await byMessage.closed).code).toBe(4401);
    expect(await upgradeStatus(url, { Authorization: `Bearer ${t.token}` })).toBe(429);
  });
});

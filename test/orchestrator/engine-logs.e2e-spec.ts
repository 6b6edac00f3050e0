import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, waitFor, type TestApp } from '../support/app-harness';

interface LogsBody {
  symbol: string;
  lines: Record<string, unknown>[];
  cursor: string;
}

describe('GET /engines/{symbol}/logs (real app, real simulator)', () => {
  let t: TestApp;
  const logs = (path: string) => request(t.http).get(path).set(t.auth());

  beforeAll(async () => {
    t = await startTestApp();
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await request(t.http).post('/engines/start/ETHUSDT').set(t.auth()).expect(201);
  });

  afterAll(async () => {
    await t.close();
  });

  it("tails the engine's own JSONL file, newest last, and follows it with the cursor", async () => {
    const tail = await waitFor(async () => {
      const res = await logs('/engines/btc-usdt/logs?lines=5');
      const body = res.body as LogsBody;
      return res.status === 200 && body.lines.length > 0 ? body : undefined;
    }, 5000);
    expect(tail.symbol).toBe('BTCUSDT');
    expect(tail.lines.length).toBeLessThanOrEqual(5);
    for (const line of tail.lines) expect(line).toMatchObject({ symbol: 'BTCUSDT' });
    const stamps = tail.lines.map((l) => String(l.ts));
    expect([...stamps].sort()).toEqual(stamps);
    expect(tail.cursor).toMatch(/^\d{8}\.\d+:\d+$/);
    const names = await readdir(join(t.dataDir, 'logs'));
    expect(names.some((f) => f.startsWith('engine-BTCUSDT-'))).toBe(true);

    await request(t.http).post('/engines/BTCUSDT/pause').set(t.auth()).expect(200);
    const followed = await waitFor(async () => {
      const res = await logs(`/engines/BTCUSDT/logs?cursor=${tail.cursor}`).expect(200);
      const body = res.body as LogsBody;
      return body.lines.some((l) => l.to === 'paused') ? body : undefined;
    }, 5000);
    expect(followed.lines[0]).not.toEqual(tail.lines.at(-1));
    for (const line of followed.lines) expect(line).toMatchObject({ symbol: 'BTCUSDT' });
    const idle = (await logs(`/engines/BTCUSDT/logs?cursor=${followed.cursor}`).expect(200))
      .body as LogsBody;
    expect(idle.lines.some((l) => l.to === 'paused')).toBe(false);
    await request(t.http).post('/engines/BTCUSDT/resume').set(t.auth()).expect(200);
  });

  it('never mixes in another engine or the token', async () => {
    const body = (await logs('/engines/ETHUSDT/logs?lines=1000').expect(200)).body as LogsBody;
    expect(body.lines.length).toBeGreaterThan(0);
    expect(body.lines.every((l) => l.symbol === 'ETHUSDT')).toBe(true);
    expect(JSON.stringify(body)).not.toContain(t.token);
  });

  it('is a 401 without the token', async () => {
    const res = await request(t.http).get('/engines/BTCUSDT/logs').expect(401);
    expect(res.text).not.toContain(t.token);
  });

  it('is a 404 for a symbol with neither an engine nor a log', async () => {
    const res = await logs('/engines/XRPUSDT/logs').expect(404);
    expect((res.body as { message: string }).message).toMatch(/XRPUSDT/);
  });

  it.each([
    ['lines=0', /lines must be at least 1/],
    ['lines=1001', /lines must be at most 1000/],
    ['lines=ten', /lines must be an integer/],
    ['cursor=..%2F..%2Fetc%2Fpasswd', /cursor must be a cursor returned by this route/],
    ['cursor=20261202.0', /cursor must be a cursor/],
    ['tail=5', /tail/],
  ])('is a 400 naming the rule for ?%s', async (query, message) => {
    const res = await logs(`/engines/BTCUSDT/logs?${query}`).expect(400);
    expect(JSON.stringify(res.body)).toMatch(message);
  });

  it('is a 400 for a malformed symbol, which never reaches the file system', async () => {
    for (const bad of ['..%2F..%2Fetc', 'engine-BTCUSDT-20261202', 'x'.repeat(300)]) {
      expect((await logs(`/engines/${bad}/logs`)).status).toBe(400);
    }
  });
});

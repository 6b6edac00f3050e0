import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TraceContext } from '@flotilla/logging';
import request from 'supertest';
import { startTestApp, waitForStatus, type TestApp } from '../support/app-harness';

const TRICKY =
  'quote " backslash \\ newline \n tab \t unicode é ✓ 🚀 zero-width \u200b nul \u0000 end';

interface LogLine {
  ts: string;
  level: string;
  msg: string;
  symbol?: string;
  requestId?: string;
  [key: string]: unknown;
}

async function readLogs(dataDir: string): Promise<Map<string, { raw: string; lines: LogLine[] }>> {
  const dir = join(dataDir, 'logs');
  const files = new Map<string, { raw: string; lines: LogLine[] }>();
  for (const name of (await readdir(dir)).filter((f) => f.endsWith('.jsonl'))) {
    const raw = await readFile(join(dir, name), 'utf8');
    const lines = raw
      .split('\n')
      .filter((l) => l !== '')
      .map((l, i) => {
        try {
          return JSON.parse(l) as LogLine;
        } catch {
          throw new Error(`${name}:${i + 1} is not JSON: ${l}`);
        }
      });
    files.set(name, { raw, lines });
  }
  return files;
}

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

describe('JSONL logs of a real app (DATA_DIR/logs)', () => {
  let t: TestApp;
  let files: Map<string, { raw: string; lines: LogLine[] }>;
  let badConfig: request.Response;

  beforeAll(async () => {
    t = await startTestApp({ faultInjection: true });
    const engineLog = t.logging.forSymbol('BTCUSDT');

    await request(t.http)
      .post('/engines/start/BTCUSDT')
      .set(t.auth())
      .set('X-Request-Id', 'req-start-btc')
      .expect(201);
    await request(t.http)
      .post('/engines/start/eth-usdt')
      .set(t.auth())
      .set('X-Request-Id', 'req-start-eth')
      .expect(201);
    await waitForStatus(t, 'BTCUSDT', (s) => s.eventsProcessed > 0, 3000);
    // A crash logs the handler's error (with its stack as a field) and the restart path.
    await request(t.http)
      .post('/engines/BTCUSDT/faults')
      .set(t.auth())
      .set('X-Request-Id', 'req-crash-btc')
      .send({ type: 'crash' })
      .expect(200);
    await waitForStatus(t, 'BTCUSDT', (s) => s.restartCount === 1 && s.status === 'running', 2000);
    // A hang is the supervisor's call (heartbeat timeout): its kill belongs in the engine's file too.
    await request(t.http)
      .post('/engines/BTCUSDT/faults')
      .set(t.auth())
      .send({ type: 'hang' })
      .expect(200);
    await waitForStatus(t, 'BTCUSDT', (s) => s.restartCount === 2 && s.status === 'running', 5000);
    // Wrong and right tokens, and a caller value full of awkward characters.
    await request(t.http).post('/engines/stop/ETHUSDT').set('Authorization', `Bearer ${t.token}x`);
    badConfig = await request(t.http)
      .put('/engines/BTCUSDT/config')
      .set(t.auth())
      .set('X-Request-Id', 'req-bad-config')
      .send({ buyThreshold: TRICKY });
    await request(t.http)
      .post('/engines/stop/ETHUSDT')
      .set(t.auth())
      .set('X-Request-Id', 'req-stop-eth')
      .expect(200);
    // Caller-supplied text through the app's own loggers, inside a request's trace.
    TraceContext.run('req-tricky', () => {
      engineLog.warn(TRICKY, { note: TRICKY, nested: { list: [TRICKY, 1, null] } });
      t.logging.root.info(`token in a message: ${t.token}`, {
        token: t.token,
        header: `Bearer ${t.token}`,
      });
    });
    await t.closeApp();
    files = await readLogs(t.dataDir);
  });

  afterAll(async () => {
    await t.close();
  });

  it('names files engine-<SYMBOL>-YYYYMMDD.jsonl and orchestrator-YYYYMMDD.jsonl (UTC day)', () => {
    const names = [...files.keys()].sort();
    expect(names).toEqual(
      expect.arrayContaining([
        `engine-BTCUSDT-${today()}.jsonl`,
        `engine-ETHUSDT-${today()}.jsonl`,
        `orchestrator-${today()}.jsonl`,
      ]),
    );
    for (const name of names)
      expect(name).toMatch(/^(orchestrator|engine-[A-Z0-9]+)-\d{8}\.jsonl$/);
  });

  it('every line of every file is one JSON object with ts, level and msg', () => {
    let count = 0;
    for (const [name, { lines }] of files) {
      for (const line of lines) {
        count++;
        expect({
          name,
          ts: typeof line.ts,
          level: typeof line.level,
          msg: typeof line.msg,
        }).toEqual({
          name,
          ts: 'string',
          level: 'string',
          msg: 'string',
        });
        expect(new Date(line.ts).toISOString()).toBe(line.ts);
        expect(['error', 'warn', 'info', 'debug']).toContain(line.level);
        expect({ pid: line.pid, host: typeof line.host }).toEqual({
          pid: process.pid,
          host: 'string',
        });
      }
    }
    expect(count).toBeGreaterThan(10);
  });

  it('answers a caller value full of awkward characters with a JSON 400 that quotes it', () => {
    expect(badConfig.status).toBe(400);
    const { message } = badConfig.body as { message: string };
    expect(message).toContain('buyThreshold');
    expect(message).toContain(JSON.stringify(TRICKY).slice(1, 20));
  });

  it('keeps awkward text intact in one line', () => {
    const btc = files.get(`engine-BTCUSDT-${today()}.jsonl`)!.lines;
    const tricky = btc.find((l) => l.msg === TRICKY);
    expect(tricky).toMatchObject({
      level: 'warn',
      symbol: 'BTCUSDT',
      requestId: 'req-tricky',
      note: TRICKY,
      nested: { list: [TRICKY, 1, null] },
    });
  });

  it('per-symbol lines carry the symbol; lines a request caused carry its X-Request-Id', () => {
    const btc = files.get(`engine-BTCUSDT-${today()}.jsonl`)!.lines;
    const eth = files.get(`engine-ETHUSDT-${today()}.jsonl`)!.lines;
    expect(btc.every((l) => l.symbol === 'BTCUSDT')).toBe(true);
    expect(eth.every((l) => l.symbol === 'ETHUSDT')).toBe(true);
    expect(btc.find((l) => l.msg === 'engine transition' && l.to === 'running')).toMatchObject({
      from: 'starting',
      requestId: 'req-start-btc',
    });
    expect(eth.find((l) => l.msg === 'engine transition' && l.to === 'running')).toMatchObject({
      requestId: 'req-start-eth',
    });
    expect(eth.find((l) => l.msg === 'engine transition' && l.to === 'stopped')).toMatchObject({
      requestId: 'req-stop-eth',
    });
    const crashed = btc.find((l) => l.msg === 'engine crashed');
    expect(crashed).toMatchObject({ level: 'error', error: 'injected fault: crash' });
  });

  it('names the request requestId in the header, the error body and the log lines', () => {
    expect(badConfig.headers['x-request-id']).toBe('req-bad-config');
    expect(badConfig.body).toMatchObject({ requestId: 'req-bad-config' });
    const orchestrator = files.get(`orchestrator-${today()}.jsonl`)!.lines;
    expect(orchestrator.find((l) => l.requestId === 'req-bad-config')).toBeDefined();
    for (const { lines } of files.values()) expect(lines.some((l) => 'traceId' in l)).toBe(false);
  });

  it('writes an access line per mutating request and per error, at info, without the token', () => {
    const access = files
      .get(`orchestrator-${today()}.jsonl`)!
      .lines.filter((l) => l.msg === 'http request');
    expect(access.find((l) => l.requestId === 'req-start-btc')).toEqual(
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        route: '/engines/start/:symbol',
        status: 201,
        ms: expect.any(Number) as number,
        ip: expect.any(String) as string,
      }),
    );
    expect(access.find((l) => l.requestId === 'req-bad-config')).toMatchObject({
      method: 'PUT',
      route: '/engines/:symbol/config',
      status: 400,
    });
    expect(access.find((l) => l.status === 401)).toMatchObject({ level: 'info', method: 'POST' });
    // Reads (status polling) are debug, below this app's info level.
    expect(access.filter((l) => l.method === 'GET')).toEqual([]);
    expect(JSON.stringify(access)).not.toMatch(/Bearer|authorization/i);
  });

  it("writes the supervisor's actions on an engine into that engine's file too", () => {
    const btc = files.get(`engine-BTCUSDT-${today()}.jsonl`)!.lines;
    expect(btc.find((l) => l.msg === 'supervisor kills engine')).toMatchObject({
      level: 'warn',
      symbol: 'BTCUSDT',
      kind: 'hang',
      source: 'supervisor',
    });
  });

  it('never writes the API token, in any file', () => {
    expect(t.token.length).toBe(32);
    for (const [name, { raw }] of files) {
      expect({ name, leaks: raw.includes(t.token) }).toEqual({ name, leaks: false });
    }
    const orchestrator = files.get(`orchestrator-${today()}.jsonl`)!.lines;
    const redacted = orchestrator.find((l) => l.msg.startsWith('token in a message'));
    expect(redacted).toBeDefined();
    expect(JSON.stringify(redacted)).not.toContain(t.token);
  });

  it('records the shutdown in the orchestrator log', () => {
    const msgs = files.get(`orchestrator-${today()}.jsonl`)!.lines.map((l) => l.msg);
    expect(msgs.some((m) => m.startsWith('shutting down'))).toBe(true);
    expect(msgs).toContain('shutdown complete');
  });
});

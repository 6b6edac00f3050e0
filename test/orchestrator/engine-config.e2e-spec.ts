import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, waitForStatus, type TestApp } from '../support/app-harness';

/** Straight from DATA_DIR/engine-registry.json ({ version, engines: { SYMBOL: record } }). */
async function registryOverrides(t: TestApp, symbol: string): Promise<unknown> {
  const text = await readFile(join(t.dataDir, 'engine-registry.json'), 'utf8').catch(() => '{}');
  const doc = JSON.parse(text) as { engines?: Record<string, { configOverrides: unknown }> };
  return doc.engines?.[symbol]?.configOverrides;
}

function expect400(res: request.Response): string {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  return (res.body as { message: string }).message;
}

/** JSON nested `levels` objects deep: {"a":{"a":…}}. */
const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

describe('PUT /engines/{symbol}/config: what is stored can start (real app, real simulator)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // SOLUSDT has a block in the config file that sets neither threshold.
    t = await startTestApp({ overrides: { symbols: { SOLUSDT: { cooldownMs: 1000 } } } });
  });

  afterAll(async () => {
    await t.close();
  });

  const put = (symbol: string) => request(t.http).put(`/engines/${symbol}/config`).set(t.auth());

  it('refuses a null threshold with 400 naming the key and the rule; nothing is stored and the engine starts', async () => {
    const res = await put('BTCUSDT').send({ buyThreshold: null });
    expect(expect400(res)).toContain('body.buyThreshold = null: must not be null');
    expect(await registryOverrides(t, 'BTCUSDT')).toBeUndefined();
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await request(t.http).post('/engines/stop/BTCUSDT').set(t.auth()).expect(200);
  });

  it('checks one threshold against the file block merged over engineDefaults, as start does', async () => {
    const res = await put('SOLUSDT').send({ sellThreshold: '0.8' });
    expect(expect400(res)).toMatch(
      /SOLUSDT could not start.*sellThreshold="0\.8": must be below buyThreshold \(0\.75\)/,
    );
    const low = await put('SOLUSDT').send({ buyThreshold: '0.2' });
    expect(expect400(low)).toMatch(/sellThreshold="0\.25": must be below buyThreshold \(0\.2\)/);
    expect(await registryOverrides(t, 'SOLUSDT')).toBeUndefined();

    const ok = await put('SOLUSDT').send({ sellThreshold: '0.3' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ overrides: { sellThreshold: '0.3' } });
    await request(t.http).post('/engines/start/SOLUSDT').set(t.auth()).expect(201);
    expect((await t.status('SOLUSDT')).status).toBe('running');
  });

  it.each([
    ['form-urlencoded', 'application/x-www-form-urlencoded', 'buyThreshold=0.9'],
    ['plain text', 'text/plain', '{"buyThreshold":"0.9"}'],
  ])(
    'answers 415 naming application/json for a %s body; nothing is stored',
    async (_w, type, body) => {
      const res = await put('ETHUSDT').set('Content-Type', type).send(body);
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      expect((res.body as { message: string }).message).toContain('application/json');
      expect(await registryOverrides(t, 'ETHUSDT')).toBeUndefined();
    },
  );

  it('accepts application/*+json and a charset parameter', async () => {
    const res = await put('ETHUSDT')
      .set('Content-Type', 'application/merge-patch+json; charset=utf-8')
      .send('{"cooldownMs":5000}');
    expect(res.status).toBe(200);
    expect(await registryOverrides(t, 'ETHUSDT')).toEqual({ cooldownMs: 5000 });
  });

  it('answers 400 naming the depth limit for JSON nested 5,000 levels, never a 500', async () => {
    const res = await put('ETHUSDT').set('Content-Type', 'application/json').send(nested(5000));
    expect(expect400(res)).toContain('deeper than the limit of 32 levels');
    const deepArray = '['.repeat(33) + ']'.repeat(33);
    const arr = await put('ETHUSDT').set('Content-Type', 'application/json').send(deepArray);
    expect(expect400(arr)).toContain('32 levels');
    // 32 levels parse; the validator then names the unknown key.
    const atLimit = await put('ETHUSDT').set('Content-Type', 'application/json').send(nested(32));
    expect(expect400(atLimit)).toContain('body.a');
    expect(await registryOverrides(t, 'ETHUSDT')).toEqual({ cooldownMs: 5000 });
  });

  it('market views use the same merge: a stored depthLevels shows in /data/metrics', async () => {
    await put('SOLUSDT').send({ sellThreshold: '0.3', depthLevels: 3 }).expect(200);
    const metrics = await request(t.http).get('/data/metrics/SOLUSDT').expect(200);
    expect(metrics.body).toMatchObject({ symbol: 'SOLUSDT', depthLevels: 3 });
  });

  it('still takes body-less POSTs without a Content-Type', async () => {
    const res = await request(t.http)
      .post('/engines/start/ETHUSDT')
      .set({ ...t.auth(), 'Content-Length': '0' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'running' });
  });
});

describe('registry overrides that cannot start (stored before they were validated)', () => {
  it('are reported at boot, and the engine goes failed at once naming the rule', async () => {
    const first = await startTestApp();
    const { dataDir } = first;
    try {
      await request(first.http).post('/engines/start/BTCUSDT').set(first.auth()).expect(201);
      await request(first.http)
        .put('/engines/BTCUSDT/config')
        .set(first.auth())
        .send({ cooldownMs: 1000 })
        .expect(200);
      await first.closeApp();
      const path = join(dataDir, 'engine-registry.json');
      const doc = JSON.parse(await readFile(path, 'utf8')) as {
        engines: Record<string, { configOverrides: Record<string, unknown> }>;
      };
      doc.engines.BTCUSDT.configOverrides = { buyThreshold: null };
      await writeFile(path, JSON.stringify(doc));

      const second = await startTestApp({ dataDir });
      try {
        const failed = await waitForStatus(second, 'BTCUSDT', (s) => s.status === 'failed', 5000);
        expect(failed.restartCount).toBe(0);
        expect(failed.lastError).toContain('strategy.buyThreshold=null: must be a decimal string');
        await second.closeApp();
        const logs = await orchestratorLog(dataDir);
        expect(logs).toContain('ALERT stored config overrides cannot start');
        expect(logs).toContain('ALERT engine failed: its configuration cannot start');
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});

async function orchestratorLog(dataDir: string): Promise<string> {
  const dir = join(dataDir, 'logs');
  const names = (await readdir(dir)).filter((n) => n.startsWith('orchestrator-'));
  const texts = await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
  return texts.join('\n');
}

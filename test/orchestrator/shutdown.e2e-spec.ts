import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FleetLifecycle } from '../../apps/orchestrator/src/runtime/fleet-lifecycle.service';
import { startTestApp, waitForStatus, type TestApp } from '../support/app-harness';

interface HealthBody {
  status: string;
  error: Record<string, { status: string; phase?: string; message?: string }>;
}

async function desiredStates(dataDir: string): Promise<Record<string, string>> {
  const text = await readFile(join(dataDir, 'engine-registry.json'), 'utf8');
  const doc = JSON.parse(text) as { engines: Record<string, { desiredState: string }> };
  return Object.fromEntries(Object.entries(doc.engines).map(([s, r]) => [s, r.desiredState]));
}

async function startRunning(t: TestApp, symbol: string): Promise<void> {
  await request(t.http).post(`/engines/start/${symbol}`).set(t.auth()).expect(201);
  await waitForStatus(t, symbol, (s) => s.status === 'running', 3000);
}

describe('shutdown: readiness, engines, registry (real app, real simulator)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await startRunning(t, 'BTCUSDT');
    await startRunning(t, 'ETHUSDT');
    await startRunning(t, 'SOLUSDT');
    await request(t.http).post('/engines/stop/SOLUSDT').set(t.auth()).expect(200);
  });

  afterAll(async () => {
    await t.close();
  });

  it('readiness turns 503 naming shutdown at once; engines stop and keep their desired state', async () => {
    await request(t.http).get('/health/ready').expect(200);

    // The hook Nest runs on SIGTERM (the process test covers the signal itself).
    const stopping = t.app.get(FleetLifecycle).beforeApplicationShutdown('SIGTERM');
    const during = await request(t.http).get('/health/ready');
    expect(during.status).toBe(503);
    expect((during.body as HealthBody).error.fleet).toEqual({
      status: 'down',
      phase: 'shutting-down',
      message: 'shutting down',
    });
    await request(t.http).get('/health/live').expect(200);
    await stopping;

    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      expect(await t.status(symbol)).toMatchObject({ status: 'stopped', desiredStatus: 'running' });
    }
    expect(await t.status('SOLUSDT')).toMatchObject({
      status: 'stopped',
      desiredStatus: 'stopped',
    });
    // Flushed before the hook returns: a kill right now would resume the same fleet.
    expect(await desiredStates(t.dataDir)).toEqual({
      BTCUSDT: 'running',
      ETHUSDT: 'running',
      SOLUSDT: 'stopped',
    });
    expect((await request(t.http).get('/health/ready')).status).toBe(503);
  });

  it('the rest of the shutdown completes after the hook already ran (idempotent)', async () => {
    await expect(t.closeApp()).resolves.toBeUndefined();
    const log = await readFile(
      join(
        t.dataDir,
        'logs',
        `orchestrator-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}.jsonl`,
      ),
      'utf8',
    );
    const msgs = log
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs.filter((m) => m.startsWith('shutting down'))).toHaveLength(1);
    expect(msgs).toContain('shutdown complete');
  });
});

describe('boot: autostart on the first start only, then the registry decides', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flotilla-boot-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('first start runs the listed autostart symbols; a restart resumes only desired-running ones', async () => {
    const overrides = { autostart: ['BTCUSDT', 'ETHUSDT', 'NOTLISTEDUSDT'] };
    const first = await startTestApp({ dataDir, overrides });
    try {
      await waitForStatus(first, 'BTCUSDT', (s) => s.status === 'running', 5000);
      await waitForStatus(first, 'ETHUSDT', (s) => s.status === 'running', 5000);
      // Unlisted autostart symbols are skipped, not fatal.
      await request(first.http).get('/engines/status/NOTLISTEDUSDT').expect(404);
      await request(first.http).post('/engines/stop/ETHUSDT').set(first.auth()).expect(200);
      await startRunning(first, 'XRPUSDT');
    } finally {
      await first.close();
    }

    const second = await startTestApp({ dataDir, overrides });
    try {
      await waitForStatus(second, 'BTCUSDT', (s) => s.status === 'running', 5000);
      await waitForStatus(second, 'XRPUSDT', (s) => s.status === 'running', 5000);
      // Autostart does not apply once the registry has records: the operator's stop sticks.
      expect(await second.status('ETHUSDT')).toMatchObject({
        status: 'stopped',
        desiredStatus: 'stopped',
      });
      const fleet = (await request(second.http).get('/engines/status').expect(200)).body as {
        running: number;
      };
      expect(fleet.running).toBe(2);
    } finally {
      await second.close();
    }
  });
});

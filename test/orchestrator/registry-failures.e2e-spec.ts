import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { FleetLifecycle } from '../../apps/orchestrator/src/runtime/fleet-lifecycle.service';
import { startTestApp, waitFor, waitForStatus, type TestApp } from '../support/app-harness';

interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
}

/**
 * The JSON registry made unwritable the way a full disk is, without root tricks that fail as
 * root: a directory where the file is renamed to, so every write fails (EISDIR) after its fsync.
 */
async function breakRegistry(t: TestApp): Promise<void> {
  const file = join(t.dataDir, 'engine-registry.json');
  // An engine transition's write may put the file back between the two calls: try again.
  await waitFor(
    async () => {
      await rm(file, { force: true });
      return mkdir(file).then(
        () => true,
        () => undefined,
      );
    },
    2000,
    'a directory in place of the registry file',
  );
}

async function repairRegistry(t: TestApp): Promise<void> {
  await rm(join(t.dataDir, 'engine-registry.json'), { recursive: true, force: true });
}

function expectRefused(res: request.Response, symbol: string, left: string): void {
  expect(res.status).toBe(503);
  const body = res.body as ErrorBody;
  expect(body).toMatchObject({ statusCode: 503, code: 'REGISTRY_UNAVAILABLE' });
  expect(body.message).toContain(`${symbol} was not done: the registry could not save it`);
  expect(body.message).toContain('engine-registry.json in DATA_DIR cannot be written (EISDIR');
  expect(body.message).toMatch(new RegExp(`; ${left}$`));
  expect(body.message).not.toContain(t0DataDir);
}

let t0DataDir = '';

describe('commands whose registry write fails (real app, JSON registry on a broken disk)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    t0DataDir = t.dataDir;
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await waitForStatus(t, 'BTCUSDT', (s) => s.status === 'running', 3000);
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    await repairRegistry(t);
  });

  it('start answers 503 with the reason and creates no engine', async () => {
    await breakRegistry(t);
    const res = await request(t.http).post('/engines/start/ETHUSDT').set(t.auth());
    expectRefused(res, 'start ETHUSDT', 'no engine was created');
    await request(t.http).get('/engines/status/ETHUSDT').expect(404);
    const fleet = await request(t.http).get('/engines/status').expect(200);
    expect((fleet.body as { total: number }).total).toBe(1);
  });

  it('stop and restart answer 503 and leave the running engine as it was', async () => {
    const before = await t.status('BTCUSDT');
    await breakRegistry(t);
    const stop = await request(t.http).post('/engines/stop/BTCUSDT').set(t.auth());
    expectRefused(stop, 'stop BTCUSDT', 'the engine is still running');
    const restart = await request(t.http).post('/engines/restart/BTCUSDT').set(t.auth());
    expectRefused(restart, 'restart BTCUSDT', 'the engine is still running');
    expect(await t.status('BTCUSDT')).toMatchObject({
      status: 'running',
      desiredStatus: 'running',
      startedAt: before.startedAt,
      restartCount: 0,
    });
  });

  it('a config change answers 503 and is not applied', async () => {
    await breakRegistry(t);
    const res = await request(t.http)
      .put('/engines/BTCUSDT/config')
      .set(t.auth())
      .send({ cooldownMs: 1234 });
    expect(res.status).toBe(503);
    expect((res.body as ErrorBody).code).toBe('REGISTRY_UNAVAILABLE');
  });

  it('commands work again once the disk takes writes', async () => {
    await request(t.http).post('/engines/stop/BTCUSDT').set(t.auth()).expect(200);
    expect(await t.status('BTCUSDT')).toMatchObject({
      status: 'stopped',
      desiredStatus: 'stopped',
    });
  });

  it('a shutdown whose writes failed says which and asks for a non-zero exit', async () => {
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await waitForStatus(t, 'BTCUSDT', (s) => s.status === 'running', 3000);
    const lifecycle = t.app.get(FleetLifecycle);
    expect(lifecycle.exitCode).toBe(0);
    await breakRegistry(t);
    await lifecycle.beforeApplicationShutdown('SIGTERM');
    expect(lifecycle.exitCode).toBe(1);
  });
});

import { TradingEngine } from '@flotilla/engine';
import request from 'supertest';
import {
  captureResponses,
  contractMismatches,
  type CapturedResponse,
} from '../../../../test/support/openapi-contract';
import { json, startDeskApp, type DeskApp, type ErrorBody } from '../trading/testing/desk-app';

/** Every response of this file, checked against the OpenAPI document the app publishes. */
const responses: CapturedResponse[] = [];
let published: object | undefined;
afterAll(async () => {
  if (published === undefined) throw new Error('no app was started');
  const mismatches = await contractMismatches(published, responses);
  if (mismatches.length > 0)
    throw new Error(`responses break /docs-json:\n${mismatches.join('\n')}`);
});

describe('EngineControlsController (pause, resume, flatten)', () => {
  let t: DeskApp;
  const flattened: Array<{ symbol: string; args: unknown[] }> = [];
  const post = (path: string) => request(t.http).post(path).set(t.auth);

  beforeAll(async () => {
    // The actor's flatten is recorded (these engines have no execution to run it).
    jest.spyOn(TradingEngine.prototype, 'flatten').mockImplementation(function (
      this: TradingEngine,
      ...args: unknown[]
    ) {
      flattened.push({ symbol: this.symbol, args });
    });
    t = await startDeskApp({ middleware: [captureResponses(responses)] });
    published = t.document;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  beforeEach(async () => {
    flattened.length = 0;
    t.audit.entries.length = 0;
    await t.manager.restart('BTCUSDT').catch(() => t.manager.start('BTCUSDT'));
  });

  it('pauses a running engine, then resumes it; both audited with the request id', async () => {
    const paused = await post('/engines/btc-usdt/pause').set('X-Request-Id', 'req-p').expect(200);
    expect(paused.body).toMatchObject({
      ok: true,
      symbol: 'BTCUSDT',
      status: 'paused',
      engine: { symbol: 'BTCUSDT', status: 'paused' },
    });
    const resumed = await post('/engines/BTCUSDT/resume').set('X-Request-Id', 'req-r').expect(200);
    expect(resumed.body).toMatchObject({ status: 'running' });
    expect(t.audit.entries).toEqual([
      expect.objectContaining({
        action: 'operator.pause',
        symbol: 'BTCUSDT',
        actor: 'operator',
        requestId: 'req-p',
        details: { status: 'paused' },
      }),
      expect.objectContaining({ action: 'operator.resume', requestId: 'req-r' }),
    ]);
  });

  it('answers 409 to pause a paused engine and to resume a running one; nothing audited', async () => {
    await post('/engines/BTCUSDT/pause').expect(200);
    const again = await post('/engines/BTCUSDT/pause').expect(409);
    expect(again.body).toMatchObject({
      code: 'ENGINE_CONFLICT',
      message: 'engine BTCUSDT is paused; pause needs a running engine',
    });
    await post('/engines/BTCUSDT/resume').expect(200);
    const resume = await post('/engines/BTCUSDT/resume').expect(409);
    expect(json<ErrorBody>(resume).message).toBe(
      'engine BTCUSDT is running; resume needs a paused engine',
    );
    expect(t.audit.entries.map((e) => e.action)).toEqual(['operator.pause', 'operator.resume']);
  });

  it('flattens a running or paused engine with the actor and request id; 409 once stopped', async () => {
    const res = await post('/engines/BTCUSDT/flatten').set('X-Request-Id', 'req-f').expect(200);
    expect(res.body).toMatchObject({ ok: true, status: 'running' });
    await post('/engines/BTCUSDT/pause').expect(200);
    await post('/engines/BTCUSDT/flatten').expect(200);
    expect(flattened[0]).toEqual({
      symbol: 'BTCUSDT',
      args: ['operator flatten', 'operator', 'req-f'],
    });
    expect(flattened).toHaveLength(2);
    // The execution audits the flatten (libs/execution); the desk adds no second entry.
    expect(t.audit.entries.some((e) => e.action === 'operator.flatten')).toBe(false);
    await t.manager.stop('BTCUSDT');
    const stopped = await post('/engines/BTCUSDT/flatten').expect(409);
    expect(json<ErrorBody>(stopped).message).toBe(
      'engine BTCUSDT is stopped; flatten needs a running or paused engine',
    );
    await post('/engines/BTCUSDT/pause').expect(409);
    expect(flattened).toHaveLength(2);
  });

  it.each(['pause', 'resume', 'flatten'])(
    'answers 404 for an engine never started: %s',
    async (verb) => {
      const res = await post(`/engines/XRPUSDT/${verb}`).expect(404);
      expect(res.body).toMatchObject({
        code: 'ENGINE_NOT_FOUND',
        message: 'no engine for XRPUSDT',
      });
    },
  );

  it.each(['pause', 'resume', 'flatten'])(
    'answers 400 for a malformed symbol: %s',
    async (verb) => {
      const res = await post(`/engines/${'X'.repeat(300)}/${verb}`).expect(400);
      expect(json<ErrorBody>(res).code).toBe('INVALID_SYMBOL');
      await post(`/engines/%E2%82%BFUSDT/${verb}`).expect(400);
      await post(`/engines/BTCUSDT/${verb}?force=1`).expect(400);
    },
  );

  it.each(['pause', 'resume', 'flatten'])('answers 401 without the token: %s', async (verb) => {
    await request(t.http).post(`/engines/BTCUSDT/${verb}`).expect(401);
    await request(t.http)
      .post(`/engines/BTCUSDT/${verb}`)
      .set('Authorization', 'Bearer not-the-token-at-all')
      .expect(401);
    expect(t.manager.status('BTCUSDT').status).toBe('running');
  });
});

import { Decimal } from '@flotilla/core';
import { TradingEngine } from '@flotilla/engine';
import request from 'supertest';
import {
  captureResponses,
  contractMismatches,
  type CapturedResponse,
} from '../../../../test/support/openapi-contract';
import { json, startDeskApp, type DeskApp, type ErrorBody } from './testing/desk-app';

/** The engine actor's flatten arrives with the engine's execution hook; recorded here. */
const flattenCalls: Array<{ symbol: string; args: unknown[] }> = [];

/** Every response of this file, checked against the OpenAPI document the app publishes. */
const responses: CapturedResponse[] = [];
let published: object | undefined;
afterAll(async () => {
  if (published === undefined) throw new Error('no app was started');
  const mismatches = await contractMismatches(published, responses);
  if (mismatches.length > 0)
    throw new Error(`responses break /docs-json:\n${mismatches.join('\n')}`);
});

describe('TradingControlsController (kill switch, risk reset)', () => {
  let t: DeskApp;
  const post = (path: string, body?: object) => {
    const req = request(t.http).post(path).set(t.auth);
    return body === undefined ? req : req.send(body);
  };

  beforeAll(async () => {
    // The actor's flatten is recorded (these engines have no execution to run it).
    jest.spyOn(TradingEngine.prototype, 'flatten').mockImplementation(function (
      this: TradingEngine,
      ...args: unknown[]
    ) {
      flattenCalls.push({ symbol: this.symbol, args });
    });
    t = await startDeskApp({ middleware: [captureResponses(responses)] });
    published = t.document;
    await t.manager.start('BTCUSDT');
    await t.manager.start('ETHUSDT');
    t.manager.pause('ETHUSDT');
    await t.manager.start('SOLUSDT');
    await t.manager.stop('SOLUSDT');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  beforeEach(() => {
    flattenCalls.length = 0;
    t.audit.entries.length = 0;
  });

  it('engages without flatten: entries blocked at once, nothing flattened, audited with the request id', async () => {
    const res = await post('/trading/kill-switch', { engaged: true })
      .set('X-Request-Id', 'req-kill-1')
      .expect(200);
    expect(res.body).toEqual({
      engaged: true,
      at: new Date(t.clock.now()).toISOString(),
      by: 'operator',
      flatten: false,
      flattened: [],
      failed: [],
    });
    expect(t.risk.entriesBlocked()).toBe('kill-switch');
    expect(flattenCalls).toEqual([]);
    expect(t.audit.entries).toEqual([
      expect.objectContaining({
        action: 'operator.kill-switch',
        symbol: null,
        actor: 'operator',
        requestId: 'req-kill-1',
        traceId: 'req-kill-1',
        details: { engaged: true, flatten: false, flattened: 0, failed: 0, symbols: '' },
      }),
    ]);
    const status = await request(t.http).get('/trading/risk-status').set(t.auth).expect(200);
    expect(status.body).toMatchObject({
      killSwitch: { engaged: true, by: 'operator' },
      entriesBlocked: 'kill-switch',
    });
  });

  it('engages with flatten: every running or paused engine flattens, a stopped one does not', async () => {
    const res = await post('/trading/kill-switch', { engaged: true, flatten: true })
      .set('X-Request-Id', 'req-kill-2')
      .expect(200);
    expect(res.body).toMatchObject({
      engaged: true,
      flatten: true,
      flattened: ['BTCUSDT', 'ETHUSDT'],
      failed: [],
    });
    expect(flattenCalls).toEqual([
      { symbol: 'BTCUSDT', args: ['kill switch', 'operator', 'req-kill-2'] },
      { symbol: 'ETHUSDT', args: ['kill switch', 'operator', 'req-kill-2'] },
    ]);
    expect(t.audit.entries[0].details).toMatchObject({ flattened: 2, symbols: 'BTCUSDT,ETHUSDT' });
  });

  it('releases: entries allowed again (idempotent), audited', async () => {
    await post('/trading/kill-switch', { engaged: true }).expect(200);
    for (let i = 0; i < 2; i++) {
      const res = await post('/trading/kill-switch', { engaged: false }).expect(200);
      expect(res.body).toEqual({
        engaged: false,
        at: null,
        by: null,
        flatten: false,
        flattened: [],
        failed: [],
      });
    }
    expect(t.risk.entriesBlocked()).toBeNull();
    expect(t.risk.calls.slice(-2)).toEqual(['release:operator', 'release:operator']);
    expect(t.audit.entries.map((e) => e.details.engaged)).toEqual([true, false, false]);
  });

  it.each([
    [{ engaged: false, flatten: true }, 'flatten needs engaged: true'],
    [{ flatten: true }, 'engaged must be a boolean'],
    [{}, 'engaged must be a boolean'],
    [{ engaged: 'true' }, 'engaged must be a boolean'],
    [{ engaged: 1 }, 'engaged must be a boolean'],
    [{ engaged: null }, 'engaged must be a boolean'],
    [{ engaged: true, flatten: null }, 'flatten must be a boolean'],
    [{ engaged: true, flatten: 'yes' }, 'flatten must be a boolean'],
    [{ engaged: true, force: true }, 'property force should not exist'],
    [[true], 'engaged must be a boolean'],
  ])('answers 400 to the body %j and changes nothing', async (body, message) => {
    const before = t.risk.calls.length;
    const res = await post('/trading/kill-switch', body as object).expect(400);
    expect(json<ErrorBody>(res).message).toContain(message);
    expect(t.risk.calls).toHaveLength(before);
    expect(flattenCalls).toEqual([]);
    expect(t.audit.entries).toEqual([]);
  });

  it('answers 400 to malformed JSON', async () => {
    await request(t.http)
      .post('/trading/kill-switch')
      .set(t.auth)
      .set('Content-Type', 'application/json')
      .send('{"engaged": tru')
      .expect(400);
  });

  it.each(['/trading/kill-switch', '/trading/risk-reset'])(
    'answers 401 without the token or with a wrong one: %s',
    async (path) => {
      await request(t.http).post(path).send({ engaged: true }).expect(401);
      await request(t.http)
        .post(path)
        .set('Authorization', 'Bearer not-the-token-at-all')
        .send({ engaged: true })
        .expect(401);
      expect(t.risk.killSwitch.engaged).toBe(false);
    },
  );

  it('resets the daily loss: entries resume, audited with what it was', async () => {
    t.risk.dailyRealizedPnl = new Decimal('-612.5');
    expect(t.risk.entriesBlocked()).toBe('daily-loss');
    const res = await post('/trading/risk-reset').set('X-Request-Id', 'req-reset').expect(200);
    expect(res.body).toMatchObject({
      dailyRealizedPnl: '0',
      dailyLossBreached: false,
      entriesBlocked: null,
    });
    expect(t.risk.calls.at(-1)).toBe('reset:operator');
    expect(t.audit.entries).toEqual([
      expect.objectContaining({
        action: 'operator.risk-reset',
        requestId: 'req-reset',
        details: {
          day: '2026-11-25',
          dailyRealizedPnlBefore: '-612.5',
          dailyLossBreachedBefore: true,
        },
      }),
    ]);
  });
});

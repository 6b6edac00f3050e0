import { TradingEngine } from '@flotilla/engine';
import request from 'supertest';
import {
  captureResponses,
  contractMismatches,
  type CapturedResponse,
} from '../../../../test/support/openapi-contract';
import { json, startDeskApp, type DeskApp, type ErrorBody } from './testing/desk-app';

describe('trading routes in a process without the risk manager and the audit trail wired', () => {
  const responses: CapturedResponse[] = [];
  let t: DeskApp;
  const flattened: string[] = [];

  beforeAll(async () => {
    Object.defineProperty(TradingEngine.prototype, 'flatten', {
      configurable: true,
      value(this: TradingEngine) {
        flattened.push(this.symbol);
      },
    });
    t = await startDeskApp({ unwired: true, middleware: [captureResponses(responses)] });
    await t.manager.start('BTCUSDT');
  });

  afterAll(async () => {
    delete (TradingEngine.prototype as { flatten?: unknown }).flatten;
    await t.close();
    const mismatches = await contractMismatches(t.document, responses);
    if (mismatches.length > 0) throw new Error(mismatches.join('\n'));
  });

  it('answers 503 naming the missing part to the routes that need it', async () => {
    for (const [method, path] of [
      ['get', '/trading/risk-status'],
      ['get', '/trading/audit'],
      ['post', '/trading/risk-reset'],
    ] as const) {
      const res = await request(t.http)[method](path).set(t.auth).expect(503);
      expect(json<ErrorBody>(res).message).toMatch(
        /^trading is not available: the .+ is not wired$/,
      );
    }
  });

  it('refuses the kill switch before it flattens anything', async () => {
    const res = await request(t.http)
      .post('/trading/kill-switch')
      .set(t.auth)
      .send({ engaged: true, flatten: true })
      .expect(503);
    expect(json<ErrorBody>(res).message).toBe(
      'trading is not available: the risk manager is not wired',
    );
    expect(flattened).toEqual([]);
    expect(t.manager.status('BTCUSDT').status).toBe('running');
  });

  it('serves the views that need neither', async () => {
    await request(t.http).get('/trading/positions').set(t.auth).expect(200);
    await request(t.http).get('/trading/execution-stats').set(t.auth).expect(200);
    await request(t.http).get('/trading/balance').set(t.auth).expect(200);
  });
});

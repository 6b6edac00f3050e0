import { dec } from '@flotilla/core';
import type { VenuePort } from '@flotilla/engine';
import request from 'supertest';
import { VENUE_PORT } from '../../apps/orchestrator/src/runtime/tokens';
import { startTestApp, type TestApp } from '../support/app-harness';

describe('the orchestrator wires one VenuePort to the configured account', () => {
  let t: TestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("trades the simulator's default account with no keys configured, and exports the venue metrics", async () => {
    t = await startTestApp();
    const port = t.app.get<VenuePort>(VENUE_PORT);
    await expect(
      port.place({
        symbol: 'BTCUSDT',
        signalId: 'wiring-1',
        leg: 'entry',
        side: 'buy',
        type: 'market',
        qty: dec('0.001'),
      }),
    ).resolves.toMatchObject({ kind: 'placed', alreadyPlaced: false });
    const [position] = await port.positions('BTCUSDT');
    expect(position.side).toBe('long');
    const metrics = await request(t.http).get('/metrics').expect(200);
    expect(metrics.text).toContain('flotilla_venue_orders_total{outcome="placed"} 1');
    expect(metrics.text).toContain(
      'flotilla_venue_call_seconds_count{endpoint="order/create",result="ok"} 1',
    );
    expect(metrics.text).toContain('flotilla_venue_breaker_state 0');
  }, 30_000);

  it('uses EXCHANGE_API_KEY/SECRET against an external simulator: an unknown key is refused (10003)', async () => {
    t = await startTestApp({
      overrides: { exchange: { apiKey: 'nobody', apiSecret: 'nobody-secret-value' } },
    });
    const port = t.app.get<VenuePort>(VENUE_PORT);
    const err = await port.balance().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rejected', retCode: 10003 });
    expect(String((err as Error).message)).not.toContain('nobody-secret-value');
  }, 30_000);
});

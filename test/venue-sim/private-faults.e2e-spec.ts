import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { PrivateCcxt } from './private-ccxt-client';
import { signedGet, signedHeaders, signedPost } from './private-signer';

const BTC = 'BTC/USDT:USDT';
const KEY = 'flotilla-sim';

const buy = (linkId: string): object => ({
  category: 'linear',
  symbol: 'BTCUSDT',
  side: 'Buy',
  orderType: 'Market',
  qty: '0.001',
  orderLinkId: linkId,
});

async function fault(sim: VenueSim, body: object): Promise<Record<string, unknown>> {
  const res = await request(sim.restUrl).post('/__admin/faults').send(body).expect(200);
  return res.body as Record<string, unknown>;
}

async function heldOrders(sim: VenueSim, linkId: string): Promise<number> {
  const res = await request(sim.restUrl)
    .get(`/__admin/accounts/${KEY}/orders`)
    .query({ orderLinkId: linkId })
    .expect(200);
  return (res.body as { count: number }).count;
}

describe('venue-sim private faults over real sockets', () => {
  let sim: VenueSim;
  let ccxt: PrivateCcxt;

  beforeAll(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 42, rateLimitScale: 100 });
    for (let i = 0; i < 20; i++) sim.tick();
    ccxt = await PrivateCcxt.start(sim.restUrl);
    await ccxt.call('loadMarkets');
  }, 30_000);

  afterEach(async () => {
    await request(sim.restUrl).delete('/__admin/faults/private').expect(200);
  });

  afterAll(async () => {
    await ccxt.stop();
    await sim.close();
  });

  it('timeout-after-accept books the order and never answers; the venue holds it once', async () => {
    await fault(sim, { type: 'timeout-after-accept', share: 1 });
    const lost = await ccxt.errorOf('createOrder', [
      BTC,
      'market',
      'buy',
      0.001,
      undefined,
      { clientOrderId: 'ta-1' },
    ]);
    expect(lost.network).toBe(true);
    expect(await heldOrders(sim, 'ta-1')).toBe(1);
    await request(sim.restUrl).delete('/__admin/faults/private').expect(200);
    const found = await ccxt.call<Array<{ clientOrderId: string; status: string }>>(
      'fetchOpenOrders',
      BTC,
      undefined,
      undefined,
      { orderLinkId: 'ta-1' },
    );
    expect(found).toMatchObject([{ clientOrderId: 'ta-1', status: 'closed' }]);
    const resend = await ccxt.errorOf('createOrder', [
      BTC,
      'market',
      'buy',
      0.001,
      undefined,
      { clientOrderId: 'ta-1' },
    ]);
    expect(resend.message).toContain('110072');
    expect(await heldOrders(sim, 'ta-1')).toBe(1);
  });

  it('reject answers creates with the given retCode and books nothing', async () => {
    const { active } = await fault(sim, { type: 'reject', share: 1, retCode: 110007 });
    expect(active).toMatchObject({ type: 'reject', share: 1, retCode: 110007 });
    const refused = await ccxt.errorOf('createOrder', [
      BTC,
      'market',
      'buy',
      0.001,
      undefined,
      { clientOrderId: 'rj-1' },
    ]);
    expect(refused.name).toBe('InsufficientFunds');
    expect(await heldOrders(sim, 'rj-1')).toBe(0);
  });

  it('rate-limit: the next N calls get 10006 (RateLimitExceeded), then service resumes', async () => {
    await fault(sim, { type: 'rate-limit', count: 2 });
    for (let i = 0; i < 2; i++) {
      const limited = await ccxt.errorOf('fetchBalance', []);
      expect([limited.name, limited.network]).toEqual(['RateLimitExceeded', true]);
    }
    await ccxt.call('fetchBalance');
  });

  it('server-error: a 5xx burst is ExchangeNotAvailable and books nothing', async () => {
    await fault(sim, { type: 'server-error', count: 1, status: 503 });
    const down = await ccxt.errorOf('createOrder', [
      BTC,
      'market',
      'buy',
      0.001,
      undefined,
      { clientOrderId: 'se-1' },
    ]);
    expect([down.name, down.network]).toEqual(['ExchangeNotAvailable', true]);
    expect(await heldOrders(sim, 'se-1')).toBe(0);
    await ccxt.call('fetchBalance');
  });

  it('latency holds each private answer for the given time', async () => {
    await fault(sim, { type: 'latency', latencyMs: 300 });
    const started = Date.now();
    await signedGet(sim.restUrl, '/v5/account/wallet-balance', 'accountType=UNIFIED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('private-drop calls the private stream hook and reports what it closed', async () => {
    expect(await fault(sim, { type: 'private-drop' })).toMatchObject({ affectedConnections: 0 });
    sim.onPrivateDrop(() => 3);
    expect(await fault(sim, { type: 'private-drop' })).toMatchObject({ affectedConnections: 3 });
  });

  it('the admin orders read refuses an unknown account and lists every order otherwise', async () => {
    await request(sim.restUrl).get('/__admin/accounts/nobody/orders').expect(404);
    const all = await request(sim.restUrl).get(`/__admin/accounts/${KEY}/orders`).expect(200);
    const body = all.body as { count: number; orders: Array<{ orderLinkId: string }> };
    expect(body.count).toBe(body.orders.length);
    expect(body.orders.map((o) => o.orderLinkId)).toContain('ta-1');
  });
});

describe("venue-sim private rate limits at Bybit's figures", () => {
  it('the 11th create within a second is 10006, with the limit headers', async () => {
    const sim = await startVenueSim({ rateHz: 0, seed: 42 });
    try {
      for (let i = 0; i < 20; i++) sim.tick();
      const path = '/v5/order/create';
      const body = JSON.stringify(buy(''));
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          request(sim.restUrl).post(path).set(signedHeaders(body)).send(body),
        ),
      );
      const codes = answers.map((r) => (r.body as { retCode: number }).retCode).sort();
      expect(codes).toEqual([...Array<number>(10).fill(0), 10006, 10006]);
      const limited = answers.find((r) => (r.body as { retCode: number }).retCode === 10006);
      expect(limited?.headers['x-bapi-limit']).toBe('10');
      expect(limited?.headers['x-bapi-limit-status']).toBe('0');
      expect(Number(limited?.headers['x-bapi-limit-reset-timestamp'])).toBeGreaterThan(
        Date.now() - 1000,
      );
    } finally {
      await sim.close();
    }
  });
});

describe('venue-sim private faults are deterministic under --seed', () => {
  async function pattern(seed: number): Promise<number[]> {
    const sim = await startVenueSim({ rateHz: 0, seed, rateLimitScale: 100 });
    try {
      for (let i = 0; i < 20; i++) sim.tick();
      await fault(sim, { type: 'reject', share: 0.5, retCode: 10001 });
      const codes: number[] = [];
      for (let i = 0; i < 16; i++) {
        codes.push((await signedPost(sim.restUrl, '/v5/order/create', buy(`d-${i}`))).body.retCode);
      }
      return codes;
    } finally {
      await sim.close();
    }
  }

  it('the same seed rejects the same creates', async () => {
    const a = await pattern(5);
    expect(await pattern(5)).toEqual(a);
    expect(a).toContain(0);
    expect(a).toContain(10001);
  });
});

describe('venue-sim --state: the accounts survive a restart', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'venue-sim-state-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a position, its order and the balance are there after close and start', async () => {
    const statePath = join(dir, 'state.json');
    const first = await startVenueSim({ rateHz: 0, seed: 42, statePath });
    for (let i = 0; i < 20; i++) first.tick();
    expect((await signedPost(first.restUrl, '/v5/order/create', buy('keep-1'))).body.retCode).toBe(
      0,
    );
    const before = await signedGet(
      first.restUrl,
      '/v5/account/wallet-balance',
      'accountType=UNIFIED',
    );
    await first.close();

    const second = await startVenueSim({ rateHz: 0, seed: 42, statePath });
    try {
      const positions = await signedGet(
        second.restUrl,
        '/v5/position/list',
        'category=linear&settleCoin=USDT',
      );
      expect(positions.body.result.list).toMatchObject([
        { symbol: 'BTCUSDT', side: 'Buy', size: '0.001' },
      ]);
      expect(await heldOrders(second, 'keep-1')).toBe(1);
      const after = await signedGet(
        second.restUrl,
        '/v5/account/wallet-balance',
        'accountType=UNIFIED',
      );
      const wallet = (r: typeof after): unknown =>
        (r.body.result.list as Array<{ totalWalletBalance: string }>)[0].totalWalletBalance;
      expect(wallet(after)).toBe(wallet(before));
    } finally {
      await second.close();
    }
  });
});

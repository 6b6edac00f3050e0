import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { forkVenueSim, VenueSimProcess } from '../support/venue-sim-process';
import { signedHeaders } from './private-signer';

const ACCOUNT = { key: 'drill-key', secret: 'drill-secret' };

interface Envelope {
  retCode: number;
  result: { list: Array<Record<string, string>> };
}

async function get(sim: VenueSimProcess, path: string, query: string): Promise<Envelope> {
  const res = await request(sim.restUrl)
    .get(`${path}?${query}`)
    .set(signedHeaders(query, ACCOUNT))
    .expect(200);
  return res.body as Envelope;
}

describe('venue-sim process: --account and --state across SIGTERM (dist build)', () => {
  let dir: string;
  let sim: VenueSimProcess | undefined;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'venue-sim-proc-'))));
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('trades on the configured account only, and its position is there after a restart', async () => {
    const statePath = join(dir, 'state.json');
    const args = ['--port', '0', '--rate', '20', '--account', 'drill-key:drill-secret:5000'];
    sim = await forkVenueSim([...args, '--state', statePath]);
    const body = JSON.stringify({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.002',
    });
    const placed = await request(sim.restUrl)
      .post('/v5/order/create')
      .set(signedHeaders(body, ACCOUNT))
      .send(body)
      .expect(200);
    expect((placed.body as Envelope).retCode).toBe(0);
    const defaultKey = await request(sim.restUrl)
      .post('/v5/order/create')
      .set(signedHeaders(body))
      .send(body);
    expect((defaultKey.body as Envelope).retCode).toBe(10003);
    await sim.stop();
    sim = undefined;
    expect(statSync(statePath).mode & 0o777).toBe(0o600);

    sim = await forkVenueSim([...args, '--state', statePath]);
    const positions = await get(sim, '/v5/position/list', 'category=linear&settleCoin=USDT');
    expect(positions.result.list).toMatchObject([
      { symbol: 'BTCUSDT', side: 'Buy', size: '0.002' },
    ]);
    const wallet = await get(sim, '/v5/account/wallet-balance', 'accountType=UNIFIED');
    expect(Number(wallet.result.list[0].totalWalletBalance)).toBeLessThan(5000);
  });
});

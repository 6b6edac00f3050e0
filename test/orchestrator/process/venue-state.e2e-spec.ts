import { readFile } from 'node:fs/promises';
import Decimal from 'decimal.js';
import { join } from 'node:path';
import { signedGet, signedPost } from '../../venue-sim/private-signer';
import {
  assertBuilt,
  killLeftoverOrchestrators,
  spawnOrchestrator,
  type OrchestratorProcess,
} from '../../support/orchestrator-process';
import {
  API_TOKEN,
  embeddedSimPids,
  killPids,
  makeDataDir,
  removeDir,
  uniqueSimSeed,
  waitUntil,
} from './process-tools';

/** The embedded simulator's REST URL, from the service's `started` line (stdout is JSONL). */
function venueUrlOf(orch: OrchestratorProcess): string | undefined {
  for (const line of orch.stdout().split('\n')) {
    if (!line.includes('"msg":"started"')) continue;
    const url = (JSON.parse(line) as { venueUrl?: string }).venueUrl;
    if (url) return url;
  }
  return undefined;
}

async function startService(env: Record<string, string>): Promise<[OrchestratorProcess, string]> {
  const orch = await spawnOrchestrator(env);
  const url = await waitUntil(
    'the started line with the venue URL',
    () => Promise.resolve(venueUrlOf(orch)),
    (u) => u !== undefined,
  );
  return [orch, url as string];
}

interface PositionRow {
  symbol: string;
  side: string;
  size: string;
  avgPrice: string;
}

async function btcPosition(venueUrl: string): Promise<PositionRow | undefined> {
  const { body } = await signedGet(venueUrl, '/v5/position/list', 'category=linear&symbol=BTCUSDT');
  return (body.result.list as PositionRow[] | undefined)?.[0];
}

jest.setTimeout(120_000);

/**
 * SPEC 2: the embedded simulator keeps its accounts in DATA_DIR, so positions outlive a stop and
 * start of the service, as they would on Bybit.
 */
describe('embedded venue state across a restart of the service (process)', () => {
  let dataDir: string | undefined;
  let seed: number;

  beforeAll(() => assertBuilt());

  beforeEach(async () => {
    dataDir = await makeDataDir();
    seed = uniqueSimSeed();
  });

  afterEach(async () => {
    await killLeftoverOrchestrators();
    await killPids(await embeddedSimPids(seed));
    await removeDir(dataDir);
  });

  it('a position and a resting order opened before SIGTERM are on the venue after the next start', async () => {
    const env = { DATA_DIR: dataDir as string, API_TOKEN, VENUE_SIM_SEED: String(seed) };
    const [first, firstUrl] = await startService(env);
    const buy = await signedPost(firstUrl, '/v5/order/create', {
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.010',
      orderLinkId: 'state-e2e-entry',
    });
    expect(buy.body.retCode).toBe(0);
    const entry = await btcPosition(firstUrl);
    expect(entry).toMatchObject({ side: 'Buy', size: '0.01' });
    // 5 % under the entry, on the 0.10 tick: rests, within the venue's price band.
    const restingPrice = new Decimal((entry as PositionRow).avgPrice)
      .mul('0.95')
      .toDecimalPlaces(1, Decimal.ROUND_DOWN)
      .toFixed(1);
    const rest = await signedPost(firstUrl, '/v5/order/create', {
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.001',
      price: restingPrice,
      orderLinkId: 'state-e2e-resting',
    });
    expect(rest.body.retCode).toBe(0);
    expect(await first.stop()).toBe(0);

    const saved = JSON.parse(
      await readFile(join(dataDir as string, 'venue-sim-state.json'), 'utf8'),
    ) as unknown;
    expect(JSON.stringify(saved)).toContain('state-e2e-resting');

    const [second, secondUrl] = await startService(env);
    expect(await btcPosition(secondUrl)).toMatchObject({ side: 'Buy', size: '0.01' });
    const open = await signedGet(
      secondUrl,
      '/v5/order/realtime',
      'category=linear&symbol=BTCUSDT&orderLinkId=state-e2e-resting',
    );
    const list = open.body.result.list as Array<{ orderLinkId: string; orderStatus: string }>;
    expect(list).toEqual([
      expect.objectContaining({ orderLinkId: 'state-e2e-resting', orderStatus: 'New' }),
    ]);
    expect(await second.stop()).toBe(0);
  });
});

import {
  assertBuilt,
  killLeftoverOrchestrators,
  spawnOrchestrator,
} from '../../support/orchestrator-process';
import {
  API_TOKEN,
  embeddedSimPids,
  http,
  killPids,
  makeDataDir,
  removeDir,
  uniqueSimSeed,
  waitUntil,
} from './process-tools';

const AUTOSTART = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

interface FeedView {
  symbol: string;
  status: string;
  feed: { connected: boolean; reconnects: number };
}

async function feeds(baseUrl: string): Promise<FeedView[]> {
  const { status, body } = await http('GET', `${baseUrl}/engines/status`);
  return status === 200 ? (body as { engines: FeedView[] }).engines : [];
}

async function metric(baseUrl: string, name: string): Promise<number | undefined> {
  const { body } = await http('GET', `${baseUrl}/metrics`, undefined);
  const line = String(body)
    .split('\n')
    .find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

jest.setTimeout(90_000);

describe('embedded simulator supervision (process)', () => {
  let dataDir: string | undefined;
  let seed: number;

  beforeAll(() => {
    assertBuilt();
  });

  beforeEach(async () => {
    dataDir = await makeDataDir();
    seed = uniqueSimSeed();
  });

  afterEach(async () => {
    await killLeftoverOrchestrators();
    await killPids(await embeddedSimPids(seed));
    await removeDir(dataDir);
  });

  it('kill -9 of the simulator: a new one comes up on the same port, feeds reconnect, the restart is counted', async () => {
    const orch = await spawnOrchestrator({
      DATA_DIR: dataDir as string,
      API_TOKEN,
      VENUE_SIM_SEED: String(seed),
    });
    const before = await waitUntil(
      'the autostart engines running with their feeds connected',
      () => feeds(orch.baseUrl),
      (es) =>
        es.length === AUTOSTART.length &&
        es.every((e) => e.status === 'running' && e.feed.connected),
    );
    const [oldPid] = await embeddedSimPids(seed);
    expect(orch.stdout()).toMatch(new RegExp(`embedded simulator started.*"simPid":${oldPid}\\b`));
    expect(await metric(orch.baseUrl, 'flotilla_venue_sim_restarts_total')).toBe(0);
    expect(await metric(orch.baseUrl, 'flotilla_venue_sim_up')).toBe(1);

    process.kill(oldPid, 'SIGKILL');
    const [newPid] = await waitUntil(
      'a new simulator',
      () => embeddedSimPids(seed),
      (pids) => pids.length === 1 && pids[0] !== oldPid,
    );
    const reconnects = Object.fromEntries(before.map((e) => [e.symbol, e.feed.reconnects]));
    const after = await waitUntil(
      'every feed reconnected to the new simulator',
      () => feeds(orch.baseUrl),
      (es) =>
        es.length === AUTOSTART.length &&
        es.every(
          (e) =>
            e.status === 'running' && e.feed.connected && e.feed.reconnects > reconnects[e.symbol],
        ),
      45_000,
    );
    expect(after.map((e) => e.symbol).sort()).toEqual(AUTOSTART);
    expect(orch.stdout()).toMatch(
      new RegExp(`embedded simulator restarted.*"simPid":${newPid}\\b`),
    );
    expect(await metric(orch.baseUrl, 'flotilla_venue_sim_restarts_total')).toBe(1);
    expect(await metric(orch.baseUrl, 'flotilla_venue_sim_up')).toBe(1);
    const ports = [...orch.stdout().matchAll(/embedded simulator started.*"port":(\d+)/g)].map(
      (m) => m[1],
    );
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);

    expect(await orch.stop()).toBe(0);
    expect(await embeddedSimPids(seed)).toEqual([]);
  });
});

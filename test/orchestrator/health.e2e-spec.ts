import { readFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startVenueSim } from '@flotilla/venue-sim';
import { startTestApp, waitFor, type TestApp } from '../support/app-harness';
import { startCountingProxy, type CountingProxy } from '../support/counting-proxy';

interface DependencyView {
  status: string;
  since: string | null;
  lastError: string | null;
}
interface HealthBody {
  status: string;
  degraded: string[];
  error: Record<string, unknown>;
  dependencies: Record<string, DependencyView>;
}

const DEPS_INTERVAL_MS = 1_000;
const VENUE_TIME = '/v5/market/time';

/** Serves the app's handler on a loopback port of its own, so probes reuse kept-alive sockets. */
async function listen(t: TestApp): Promise<{ base: string; server: Server }> {
  const server = createServer(t.http.listeners('request')[0] as RequestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function getJson(url: string): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as HealthBody };
}

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

describe('health probes read cached dependency state (real app, real simulator behind a counting proxy)', () => {
  let t: TestApp;
  let proxy: CountingProxy;
  let base: string;
  let server: Server;

  beforeAll(async () => {
    const sim = await startVenueSim({ port: 0, rateHz: 20, seed: 42 });
    proxy = await startCountingProxy(sim.restUrl);
    t = await startTestApp({
      sim,
      overrides: { venueUrl: proxy.url, health: { depsIntervalMs: DEPS_INTERVAL_MS } },
    });
    ({ base, server } = await listen(t));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await t?.close();
    await proxy?.close();
  });

  const deps = () => getJson(`${base}/health/deps`);
  const auth = () => ({ headers: t.auth() });

  it('500 readiness probes cause no venue calls beyond the background check', async () => {
    // The proxy sees the background check's calls (so it would see per-probe calls too).
    const atStart = proxy.count(VENUE_TIME);
    await waitFor(() => proxy.count(VENUE_TIME) > atStart || undefined, 10_000, 'a venue check');
    const before = proxy.count(VENUE_TIME);
    const startedMs = performance.now();
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${base}/health/ready`)),
      );
      for (const a of answers) {
        statuses.push(a.status);
        await a.arrayBuffer();
      }
    }
    const elapsedMs = performance.now() - startedMs;
    const calls = proxy.count(VENUE_TIME) - before;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // One check per period at most (plus one that may straddle either end); 500 before the fix.
    expect(calls).toBeLessThanOrEqual(Math.ceil(elapsedMs / DEPS_INTERVAL_MS) + 1);
    expect(calls).toBeLessThan(50);
  });

  it('a venue outage leaves /health/ready 200, reported in its body, /health/deps, /metrics and one log line', async () => {
    expect(
      (await fetch(`${base}/engines/start/BTCUSDT`, { method: 'POST', ...auth() })).status,
    ).toBe(201);
    await waitFor(
      async () => (await deps()).body.dependencies.market_data.status === 'up' || undefined,
      10_000,
      'market data up',
    );

    proxy.down = true;
    t.sim.injectFault({ type: 'refuse', durationMs: 60_000 });
    t.sim.injectFault({ type: 'drop' });
    const down = await waitFor(
      async () => {
        const { body } = await deps();
        return body.degraded.includes('venue') && body.degraded.includes('market_data')
          ? body
          : undefined;
      },
      10_000,
      'venue and market data down',
    );
    expect(down.status).toBe('degraded');
    expect(down.dependencies.venue).toMatchObject({
      status: 'down',
      since: expect.any(String) as string,
      lastError: expect.any(String) as string,
    });

    for (let i = 0; i < 50; i++) {
      const ready = await getJson(`${base}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body.degraded).toEqual(expect.arrayContaining(['venue', 'market_data']));
      expect(ready.body.dependencies.venue.since).toBe(down.dependencies.venue.since);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^flotilla_dependency_up\{dependency="venue"\} 0$/m);
    expect(metrics).toMatch(/^flotilla_dependency_up\{dependency="registry"\} 1$/m);
    // The control plane still works: an operator can stop an engine during the outage.
    expect(
      (await fetch(`${base}/engines/stop/BTCUSDT`, { method: 'POST', ...auth() })).status,
    ).toBe(200);

    proxy.down = false;
    await waitFor(
      async () => (await deps()).body.dependencies.venue.status === 'up' || undefined,
      10_000,
      'venue back up',
    );
    await t.logging.flush();
    const lines = (await readFile(join(t.dataDir, 'logs', `orchestrator-${today()}.jsonl`), 'utf8'))
      .split('\n')
      .filter((l) => l.includes('venue'));
    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages.filter((m) => m === 'dependency venue is down')).toHaveLength(1);
    expect(messages.filter((m) => m === 'dependency venue is back up')).toHaveLength(1);
    expect(lines.filter((l) => /"level":"error"/.test(l))).toEqual([]);
  });
});

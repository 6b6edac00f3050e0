import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import WebSocket from 'ws';
import { startTestApp, waitFor, type TestApp } from '../support/app-harness';
import { QUIET_STRATEGY } from '../trading/trading-support';
import { FleetDiffer } from '../../apps/orchestrator/src/cockpit/ws/fleet-differ';
import { ENGINE_MANAGER } from '../../apps/orchestrator/src/runtime/tokens';
import type { EngineManager } from '../../apps/orchestrator/src/supervisor';
import { listenWs } from './ws-client';

const ENGINES = 1_000;
/** Registered and started at boot; the rest registered stopped (idle slots, as after an operator's stop). */
const RUNNING = 20;
const CLIENTS = 100;
const SYMBOLS = Array.from(
  { length: ENGINES },
  (_, i) => `SYN${String(i + 1).padStart(4, '0')}USDT`,
);
const MB = 1024 * 1024;

/** A DATA_DIR whose JSON registry already knows the fleet: boot creates every engine without 1,000 HTTP starts. */
async function seededDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-ws-scale-'));
  const at = new Date().toISOString();
  const engines = Object.fromEntries(
    SYMBOLS.map((symbol, i) => [
      symbol,
      {
        symbol,
        desiredState: i < RUNNING ? 'running' : 'stopped',
        observedState: 'stopped',
        health: null,
        configOverrides: {},
        restartHistory: [],
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
    ]),
  );
  await writeFile(join(dir, 'engine-registry.json'), JSON.stringify({ version: 1, engines }));
  return dir;
}

/** A lean client: keeps only how many engines its snapshot listed and the diffs that name `watch`. */
class FleetWatcher {
  snapshotEngines = -1;
  snapshotAtMs = 0;
  watchedStatus: string | null = null;
  watchedAtMs = 0;
  readonly closed: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    private readonly watch: string,
  ) {
    ws.on('message', (data: Buffer) =>
      this.onFrame(JSON.parse(data.toString('utf8')) as Record<string, unknown>),
    );
    this.closed = new Promise((resolve) => ws.on('close', () => resolve()));
  }

  private onFrame(f: Record<string, unknown>): void {
    if (f.type === 'snapshot' && f.topic === 'fleet') {
      this.snapshotEngines = (f.data as { engines: unknown[] }).engines.length;
      this.snapshotAtMs = performance.now();
    } else if (f.type === 'event' && f.topic === 'fleet') {
      const mine = (f.data as { engines: Array<{ symbol: string; status?: string }> }).engines.find(
        (e) => e.symbol === this.watch && e.status !== undefined,
      );
      if (mine?.status) {
        this.watchedStatus = mine.status;
        this.watchedAtMs = performance.now();
      }
    }
  }
}

describe('WS /ws at scale: 100 clients on a 1,000-engine fleet (real app, real simulator)', () => {
  let t: TestApp;
  let dataDir: string;
  let url: string;

  beforeAll(async () => {
    dataDir = await seededDataDir();
    const sim = await startVenueSim({ port: 0, rateHz: 2, seed: 42, synthetic: ENGINES });
    t = await startTestApp({
      sim,
      dataDir,
      overrides: {
        engineDefaults: QUIET_STRATEGY,
        health: { intervalMs: 1000, heartbeatTimeoutMs: 5000 },
      },
    });
    url = await listenWs(t);
    await waitFor(
      async () => {
        const res = await request(t.http).get('/engines/status');
        const fleet = res.body as { total: number; running: number };
        return fleet.total === ENGINES && fleet.running === RUNNING;
      },
      30_000,
      `${ENGINES} engines registered, ${RUNNING} running`,
    );
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('each of 100 clients gets the 1,000-engine snapshot, then the diff of an engine started over HTTP', async () => {
    const watched = SYMBOLS[ENGINES - 1];
    const startedAt = performance.now();
    const watchers = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${t.token}` } });
        const watcher = new FleetWatcher(ws, watched);
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        ws.send(JSON.stringify({ op: 'subscribe', topics: ['fleet'] }));
        return watcher;
      }),
    );
    await waitFor(() => watchers.every((w) => w.snapshotEngines >= 0), 30_000, 'every snapshot');
    const allSnapshotsMs = Math.round(Math.max(...watchers.map((w) => w.snapshotAtMs)) - startedAt);
    const rssAfterSnapshotsMb = Math.round(process.memoryUsage().rss / MB);
    expect(watchers.map((w) => w.snapshotEngines)).toEqual(Array(CLIENTS).fill(ENGINES));

    const commandAt = performance.now();
    await request(t.http).post(`/engines/start/${watched}`).set(t.auth()).expect(201);
    await waitFor(
      () => watchers.every((w) => w.watchedStatus === 'running'),
      10_000,
      `every client told ${watched} is running`,
    );
    const allDiffsMs = Math.round(Math.max(...watchers.map((w) => w.watchedAtMs)) - commandAt);
    console.log(
      `/ws scale: ${CLIENTS} clients, ${ENGINES} engines (${RUNNING + 1} running): all snapshots in ${allSnapshotsMs} ms, ` +
        `the start's diff at every client ${allDiffsMs} ms after the command; RSS ${rssAfterSnapshotsMb} MB after the snapshots, ` +
        `${Math.round(process.memoryUsage().rss / MB)} MB now (test process = server process)`,
    );
    expect(allDiffsMs).toBeLessThan(2_000);

    // What one differ pass costs the process at this size (it runs every 250 ms while fleet is watched).
    const manager = t.app.get<EngineManager>(ENGINE_MANAGER);
    const differ = new FleetDiffer();
    differ.reset(manager.fleetStatus().engines);
    const passes = 20;
    const passStartedAt = performance.now();
    for (let i = 0; i < passes; i++) differ.next(manager.fleetStatus().engines, i % 8 === 0);
    const passMs = (performance.now() - passStartedAt) / passes;
    console.log(
      `/ws scale: one fleet differ pass over ${ENGINES} engines: ${passMs.toFixed(1)} ms`,
    );
    expect(passMs).toBeLessThan(250);

    for (const w of watchers) w.ws.close();
    await Promise.all(watchers.map((w) => w.closed));
  }, 60_000);
});

/**
 * /ws at scale: 100 clients on a fleet of 1,000 RUNNING engines (seeded registry, engines resumed
 * at boot, the simulator forked from dist: needs `npm run build`). Asserts that every client gets
 * everything; prints the figures (timings, memory, traffic) without asserting them.
 */
import request from 'supertest';
import WebSocket from 'ws';
import { waitFor, type TestApp } from '../support/app-harness';
import { QUIET_STRATEGY } from '../trading/trading-support';
import { FleetDiffer } from '../../apps/orchestrator/src/cockpit/ws/fleet-differ';
import { ENGINE_MANAGER } from '../../apps/orchestrator/src/runtime/tokens';
import type { EngineManager } from '../../apps/orchestrator/src/supervisor';
import { startRunningFleet, syntheticSymbols, type RunningFleet } from './support/fleet';

const FLEET_SIZE = 1_000;
const CLIENTS = 100;
const LIVE_WINDOW_MS = 5_000;
const MB = 1024 * 1024;

/** A lean client: counts frames and bytes, keeps its snapshot's counts and the diffs that name `watch`. */
class FleetWatcher {
  snapshot: { engines: number; running: number } | null = null;
  snapshotAtMs = 0;
  watchedStatus: string | null = null;
  watchedAtMs = 0;
  frames = 0;
  bytes = 0;
  diffs = 0;
  readonly closed: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    private readonly watch: string,
  ) {
    ws.on('message', (data: Buffer) => {
      this.frames += 1;
      this.bytes += data.length;
      this.onFrame(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
    });
    this.closed = new Promise((resolve) => ws.on('close', () => resolve()));
  }

  private onFrame(f: Record<string, unknown>): void {
    if (f.type === 'snapshot' && f.topic === 'fleet') {
      const data = f.data as { engines: unknown[]; running: number };
      this.snapshot = { engines: data.engines.length, running: data.running };
      this.snapshotAtMs = performance.now();
    } else if (f.type === 'event' && f.topic === 'fleet') {
      this.diffs += 1;
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

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
};
const spread = (values: number[], unit = '') =>
  `min ${Math.min(...values)}${unit} p50 ${percentile(values, 0.5)}${unit} max ${Math.max(...values)}${unit}`;
const memory = () => {
  const { rss, heapUsed } = process.memoryUsage();
  return `RSS ${Math.round(rss / MB)} MB, heapUsed ${Math.round(heapUsed / MB)} MB`;
};

describe('WS /ws at scale: 100 clients on a fleet of 1,000 running engines (real app, forked simulator)', () => {
  let fleet: RunningFleet | undefined;
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    fleet = await startRunningFleet({
      size: FLEET_SIZE,
      rateHz: 1,
      runningTimeoutMs: 60_000,
      overrides: {
        engineDefaults: QUIET_STRATEGY,
        // 1,000 engines and 100 clients share two cores with the test: no false hang detections.
        health: { intervalMs: 1000, heartbeatTimeoutMs: 15_000 },
      },
    });
    t = fleet.t;
    url = `${fleet.base.replace(/^http/, 'ws')}/ws`;
    console.log(`/ws scale: ${FLEET_SIZE} engines running ${fleet.bootMs} ms after boot`);
  }, 120_000);

  afterAll(async () => {
    await fleet?.close();
  });

  it('each of 100 clients gets the 1,000-engine snapshot, the diff of an engine stopped over HTTP, and a live feed', async () => {
    const watched = syntheticSymbols(FLEET_SIZE)[FLEET_SIZE - 1];
    const memoryBefore = memory();
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
    await waitFor(() => watchers.every((w) => w.snapshot !== null), 60_000, 'every snapshot');
    const allSnapshotsMs = Math.round(Math.max(...watchers.map((w) => w.snapshotAtMs)) - startedAt);
    expect(watchers.map((w) => w.snapshot)).toEqual(
      Array(CLIENTS).fill({ engines: FLEET_SIZE, running: FLEET_SIZE }),
    );

    const commandAt = performance.now();
    await request(t.http).post(`/engines/stop/${watched}`).set(t.auth()).expect(200);
    await waitFor(
      () => watchers.every((w) => w.watchedStatus === 'stopped'),
      15_000,
      `every client told ${watched} is stopped`,
    );
    const diffMs = watchers.map((w) => Math.round(w.watchedAtMs - commandAt));
    const memoryAfter = memory();

    // A live fleet: what each client receives over a few seconds (volatile fields every 2 s).
    const mark = watchers.map((w) => ({ frames: w.frames, bytes: w.bytes, diffs: w.diffs }));
    await new Promise((resolve) => setTimeout(resolve, LIVE_WINDOW_MS));
    const live = watchers.map((w, i) => ({
      frames: w.frames - mark[i].frames,
      kb: Math.round((w.bytes - mark[i].bytes) / 1024),
      diffs: w.diffs - mark[i].diffs,
    }));
    expect(live.filter((l) => l.diffs === 0)).toEqual([]);

    console.log(
      [
        `/ws scale: ${CLIENTS} clients, ${FLEET_SIZE} running engines`,
        `  all snapshots ${allSnapshotsMs} ms after the first connect`,
        `  the stop's diff after the command: p50 ${percentile(diffMs, 0.5)} ms, max ${Math.max(...diffMs)} ms`,
        `  process (server and clients share it): before the clients ${memoryBefore}; after ${memoryAfter}`,
        `  per client over ${LIVE_WINDOW_MS / 1000} s of the live fleet: frames ${spread(live.map((l) => l.frames))}, ` +
          `bytes ${spread(
            live.map((l) => l.kb),
            ' KiB',
          )}`,
      ].join('\n'),
    );

    // What one differ pass costs the process at this size (it runs every 250 ms while fleet is watched).
    const manager = t.app.get<EngineManager>(ENGINE_MANAGER);
    const differ = new FleetDiffer();
    differ.reset(manager.fleetStatus().engines);
    const passes = 20;
    const passStartedAt = performance.now();
    for (let i = 0; i < passes; i++) differ.next(manager.fleetStatus().engines, i % 8 === 0);
    const passMs = (performance.now() - passStartedAt) / passes;
    console.log(
      `/ws scale: one fleet differ pass over ${FLEET_SIZE} engines: ${passMs.toFixed(1)} ms`,
    );

    for (const w of watchers) w.ws.close();
    await Promise.all(watchers.map((w) => w.closed));
  }, 150_000);
});

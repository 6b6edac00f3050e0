import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFileRegistry } from '@flotilla/registry';
import type { VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { startTestApp, type TestApp, type TestAppOptions } from '../../support/app-harness';
import { forkVenueSim } from '../../support/venue-sim-process';
import { waitFor } from '../../support/wait-for';

/** SYN0001USDT…: the simulator's synthetic symbols (startVenueSim({ synthetic: n })). */
export const syntheticSymbols = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `SYN${String(i + 1).padStart(4, '0')}USDT`);

/** Writes a JSON registry with every symbol desired running: the app resumes them all at boot. */
export async function seedRunningFleet(dataDir: string, symbols: readonly string[]): Promise<void> {
  const registry = JsonFileRegistry.inDataDir(dataDir);
  await registry.open();
  await Promise.all(symbols.map((s) => registry.upsert(s, { desiredState: 'running' })));
  await registry.close();
}

/** Waits until `count` engines run. */
export async function waitForRunning(t: TestApp, count: number, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const fleet = (await request(t.http).get('/engines/status')).body as { running: number };
      return fleet.running === count;
    },
    timeoutMs,
    `${count} engines running`,
  );
}

/**
 * The simulator in its own process (the built dist/apps/venue-sim), as in production: 1,000
 * symbols' market data then does not share the app's event loop. Shaped as the harness's sim.
 */
export async function forkSyntheticSim(symbols: number, rateHz: number): Promise<VenueSim> {
  const proc = await forkVenueSim([
    '--port',
    '0',
    '--synthetic',
    String(symbols),
    '--rate',
    String(rateHz),
  ]);
  const shaped: Pick<VenueSim, 'restUrl' | 'wsPublicUrl' | 'close'> = {
    restUrl: proc.restUrl,
    wsPublicUrl: proc.wsPublicUrl,
    close: () => proc.stop(),
  };
  return shaped as VenueSim;
}

export interface RunningFleetOptions extends Pick<
  TestAppOptions,
  'overrides' | 'faultInjection' | 'overrideProviders'
> {
  /** Engines (and synthetic symbols), all desired running. */
  readonly size: number;
  /** Market messages per symbol per second from the simulator. */
  readonly rateHz: number;
  readonly runningTimeoutMs: number;
}

export interface RunningFleet {
  readonly t: TestApp;
  /** http://127.0.0.1:PORT (the app listens). */
  readonly base: string;
  /** From boot to every engine running. */
  readonly bootMs: number;
  /** The app, the forked simulator and the seeded DATA_DIR. */
  close(): Promise<void>;
}

/**
 * A fleet of `size` RUNNING engines: a registry seeded with every synthetic symbol desired
 * running, the app resuming them at boot against a forked simulator (needs `npm run build`).
 */
export async function startRunningFleet(opts: RunningFleetOptions): Promise<RunningFleet> {
  const dataDir = await mkdtemp(join(tmpdir(), 'flotilla-fleet-'));
  let t: TestApp | undefined;
  const close = async () => {
    try {
      await t?.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  try {
    await seedRunningFleet(dataDir, syntheticSymbols(opts.size));
    const sim = await forkSyntheticSim(opts.size, opts.rateHz);
    const booted = Date.now();
    t = await startTestApp({
      sim,
      dataDir,
      overrides: opts.overrides,
      faultInjection: opts.faultInjection,
      overrideProviders: opts.overrideProviders,
    });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.http.address() as AddressInfo;
    await waitForRunning(t, opts.size, opts.runningTimeoutMs);
    return { t, base: `http://127.0.0.1:${port}`, bootMs: Date.now() - booted, close };
  } catch (err) {
    await close();
    throw err;
  }
}

import { JsonFileRegistry } from '@flotilla/registry';
import type { VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import type { TestApp } from '../../support/app-harness';
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

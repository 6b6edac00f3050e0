import { join } from 'node:path';
import type { OrchestratorProcess } from '../support/orchestrator-process';
import { forkVenueSim } from '../support/venue-sim-process';
import { deleteJson } from './chaos-http';
import { FaultPicker, inject, type ChaosFault } from './chaos-faults';
import { finalAccounts, type ChaosAccounts } from './chaos-accounts';
import {
  chaosEnv,
  pauseAll,
  resumeWherePaused,
  startService,
  statuses,
  waitSettled,
} from './chaos-service';
import { StopWatch, type StopWatchResult } from './stop-watch';

/*
 * `npm run chaos`: the simulator in its own process (it outlives the service, as a venue does),
 * the built service in another, trading on frequent signals while a seeded PRNG throws a fault
 * every few seconds and the whole service is killed with -9 every killEveryS seconds (started
 * again on the same DATA_DIR). The venue is sampled every second for positions without a stop;
 * at the end the venue's orders and fills are held against the service's own accounts.
 */

export interface ChaosOptions {
  readonly minutes: number;
  readonly seed: number;
  readonly dataDir: string;
  readonly symbols: readonly string[];
  /** kill -9 of the whole service this often. */
  readonly killEveryS: number;
  /** One fault pick this often. */
  readonly faultEveryMs: number;
  /** Progress lines (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

export interface ChaosRun {
  readonly seed: number;
  readonly minutes: number;
  readonly symbols: readonly string[];
  readonly startedAt: string;
  readonly endedAt: string;
  readonly faults: Partial<Record<ChaosFault, number>>;
  readonly faultsRefused: number;
  readonly serviceKills: number;
  /** Per kill: SIGKILL → the new process's engines running, reconciled, positions protected. */
  readonly recoveryMs: number[];
  /** Per recovery that timed out (-1 in recoveryMs): the engines as last seen. */
  readonly unrecovered: string[];
  /** Engine restarts the supervisor made (restartCount summed over every process before its kill). */
  readonly engineRestarts: number;
  readonly pausedResumed: number;
  readonly protection: StopWatchResult;
  readonly accounts: ChaosAccounts;
}

const RECOVERY_TIMEOUT_MS = 120_000;
const SETTLE_TIMEOUT_MS = 60_000;

export async function runChaos(opts: ChaosOptions): Promise<ChaosRun> {
  const log = opts.log ?? (() => undefined);
  const sim = await forkVenueSim([
    ...['--port', '0', '--rate', '10', '--seed', String(opts.seed)],
    ...['--state', join(opts.dataDir, 'venue.json')],
  ]);
  const env = chaosEnv({
    dataDir: opts.dataDir,
    symbols: opts.symbols,
    venueUrl: sim.restUrl,
    venueWsUrl: sim.wsPublicUrl,
  });
  const watch = new StopWatch(sim.restUrl).start();
  const picker = new FaultPicker(opts.seed, opts.symbols);
  const faults: Partial<Record<ChaosFault, number>> = {};
  const recoveryMs: number[] = [];
  const unrecovered: string[] = [];
  let faultsRefused = 0;
  let engineRestarts = 0;
  let pausedResumed = 0;
  const startedAt = new Date();
  const endAt = startedAt.getTime() + opts.minutes * 60_000;
  let service: OrchestratorProcess | null = null;
  try {
    service = await startService(env);
    await waitSettled(service.baseUrl, opts.symbols, RECOVERY_TIMEOUT_MS);
    log(`service up (pid ${service.pid}); chaos for ${opts.minutes} min, seed ${opts.seed}`);
    let nextKillAt = Date.now() + opts.killEveryS * 1000;
    while (Date.now() < endAt) {
      await sleep(opts.faultEveryMs);
      // Each fault lasts one step: the simulator's storms count calls, not time, and a service
      // whose circuit is open calls once per half-open period, so a storm left standing would
      // outlive a real venue's (Bybit's 10006 clears with its one-second window).
      await deleteJson(`${sim.restUrl}/__admin/faults/private`);
      if (Date.now() >= nextKillAt) {
        engineRestarts += await restartsOf(service.baseUrl, opts.symbols);
        const killedAt = Date.now();
        service.kill('SIGKILL');
        await service.exited;
        service = await startService(env);
        const ms = await waitSettled(service.baseUrl, opts.symbols, RECOVERY_TIMEOUT_MS).catch(
          (err: Error) => {
            unrecovered.push(err.message.slice(0, 2000));
            return null;
          },
        );
        recoveryMs.push(ms === null ? -1 : Date.now() - killedAt);
        const how = ms === null ? 'NOT recovered' : `recovered in ${Date.now() - killedAt} ms`;
        log(`kill -9 #${recoveryMs.length}: ${how} (${ms ?? '-'} ms after boot)`);
        nextKillAt = Date.now() + opts.killEveryS * 1000;
        continue;
      }
      const pick = picker.next();
      faults[pick.fault] = (faults[pick.fault] ?? 0) + 1;
      if (!(await inject(pick, service.baseUrl, sim.restUrl))) faultsRefused++;
      pausedResumed += await resumeWherePaused(
        service.baseUrl,
        await statuses(service.baseUrl, opts.symbols),
      );
    }
    log('chaos over: faults cleared, entries paused, waiting for the accounts to settle');
    await deleteJson(`${sim.restUrl}/__admin/faults/private`);
    await waitSettled(service.baseUrl, opts.symbols, SETTLE_TIMEOUT_MS);
    await pauseAll(service.baseUrl, opts.symbols);
    await waitSettled(service.baseUrl, opts.symbols, SETTLE_TIMEOUT_MS, false);
    const protection = await watch.stop();
    const accounts = await finalAccounts(service.baseUrl, sim.restUrl, opts.symbols);
    engineRestarts += await restartsOf(service.baseUrl, opts.symbols);
    return {
      seed: opts.seed,
      minutes: opts.minutes,
      symbols: opts.symbols,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      faults,
      faultsRefused,
      serviceKills: recoveryMs.length,
      recoveryMs,
      unrecovered,
      engineRestarts,
      pausedResumed,
      protection,
      accounts,
    };
  } finally {
    await watch.stop();
    await service?.stop();
    await sim.stop();
  }
}

async function restartsOf(baseUrl: string, symbols: readonly string[]): Promise<number> {
  const all = await statuses(baseUrl, symbols);
  return all.reduce((n, s) => n + (s?.restartCount ?? 0), 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

import { Decimal } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY } from '@flotilla/venue-sim';
import type { EngineStatus } from '../../apps/orchestrator/src/supervisor';
import { API_TOKEN, waitUntil } from '../orchestrator/process/process-tools';
import { spawnOrchestrator, type OrchestratorProcess } from '../support/orchestrator-process';
import { adminExecutions, realizedPnlFromExecutions } from '../support/venue-ledger';
import { accountOrders, getJson, postJson, protectionOf } from './drill-support';

/*
 * The whole-service kill -9 drill, shared by the e2e spec and `npm run drill:trading`: positions
 * open on several symbols (drill signals), the service killed with SIGKILL, started again on the
 * same DATA_DIR; every position must come back adopted and protected, with 0 duplicates, nothing
 * unaccounted, and realised PnL equal to the venue's own executions.
 */

/** Env for a service that trades only on drill signals (QUIET_STRATEGY) and restarts engines fast. */
export function drillEnv(dataDir: string, symbols: readonly string[]): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    API_TOKEN,
    FAULT_INJECTION: 'true',
    AUTOSTART: symbols.join(','),
    LOGGING_CONSOLE: 'false',
    ENGINE_DEFAULTS_BUY_THRESHOLD: '0.9999',
    ENGINE_DEFAULTS_SELL_THRESHOLD: '0.0001',
    ENGINE_DEFAULTS_MIN_CLUSTER_VOLUME: '1000000000000',
    RECOVERY_BASE_DELAY_MS: '200',
    RISK_MAX_OPEN_POSITIONS: String(Math.max(5, symbols.length)),
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
    RATE_LIMIT_READS_PER_MINUTE: '0',
  };
}

/** How one service start reaches its venue (the embedded one moves to a new port at each start). */
export interface ServiceStart {
  readonly service: OrchestratorProcess;
  readonly venueUrl: string;
}

export interface KillDrillOptions {
  readonly symbols: readonly string[];
  readonly cycles: number;
  /** Starts the service (on the same DATA_DIR every time). */
  start(): Promise<ServiceStart>;
  /** kill -9 of the service and whatever else dies with it; resolves once all are gone. */
  kill(s: ServiceStart): Promise<void>;
  /** Waited after every position is protected and before the kill (lets a venue save its state). */
  settleBeforeKillMs?: number;
}

export interface KillDrillReport {
  symbols: number;
  cycles: number;
  positionsKilledOpen: number;
  duplicates: string[];
  unaccounted: string[];
  /** Position-seconds without a stop, from 100 ms samples of the venue while the service is up. */
  unprotectedSeconds: number;
  unprotectedSamples: number;
  protectedSamples: number;
  /** Per symbol: status realisedPnl minus the venue's executions (all must be 0). */
  pnlDiff: Record<string, string>;
  /** Per cycle: kill → every position adopted and protected again, ms (includes the boot). */
  recoveryMs: number[];
  reconcileEntries: number;
}

const ENTRY_SPACING_MS = 150;
const BUDGET_REFILL_MS = 1500;

const status = (s: ServiceStart, symbol: string) =>
  getJson(`${s.service.baseUrl}/engines/status/${symbol}`, API_TOKEN) as Promise<EngineStatus>;

/** Every engine running, reconciled, and (when `held`) holding a position whose stop was read back. */
async function allReady(s: ServiceStart, symbols: readonly string[], held: boolean) {
  return waitReady(s, symbols, held).catch(async (err: Error) => {
    // Name what each engine last did: the audit says why a signal opened nothing.
    const trails = await Promise.all(
      symbols.map(async (sym) => {
        const url = `${s.service.baseUrl}/trading/audit?symbol=${sym}&limit=6`;
        const audit = (await getJson(url, API_TOKEN).catch(() => [])) as {
          action: string;
          details: { reason?: string };
        }[];
        return `${sym}: ${audit.map((e) => `${e.action}${e.details.reason ? ` (${e.details.reason})` : ''}`).join(' < ')}`;
      }),
    );
    throw new Error(`${err.message.slice(0, 300)}\n${trails.join('\n')}`);
  });
}

function waitReady(s: ServiceStart, symbols: readonly string[], held: boolean) {
  return waitUntil(
    `${symbols.length} engines reconciled${held ? ' with protected positions' : ' and flat'}`,
    async () => Promise.all(symbols.map((sym) => status(s, sym).catch(() => null))),
    (all) =>
      all.every(
        (e) =>
          e !== null &&
          e.status === 'running' &&
          e.reconcile?.state === 'done' &&
          (held ? e.position?.stopConfirmed === true : e.position === null),
      ),
    45_000,
    100,
  );
}

/** Samples the venue's protection route every 100 ms; position-time without a stop is counted. */
class ProtectionSampler {
  unprotected = 0;
  covered = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  venueUrl = '';

  start(): void {
    this.timer = setInterval(() => void this.sample(), 100);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.venueUrl) return;
    this.busy = true;
    try {
      for (const p of await protectionOf(this.venueUrl, DEFAULT_ACCOUNT_KEY)) {
        if (p.protected) this.covered++;
        else this.unprotected++;
      }
    } catch {
      // the venue is down with the service (embedded): nothing to sample
    } finally {
      this.busy = false;
    }
  }
}

export async function runKillDrill(opts: KillDrillOptions): Promise<KillDrillReport> {
  const { symbols } = opts;
  const sampler = new ProtectionSampler();
  const recoveryMs: number[] = [];
  let positionsKilledOpen = 0;
  let s = await opts.start();
  sampler.venueUrl = s.venueUrl;
  sampler.start();
  try {
    await allReady(s, symbols, false);
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      for (const [i, symbol] of symbols.entries()) {
        const side = (i + cycle) % 2 === 0 ? 'buy' : 'sell';
        await postJson(`${s.service.baseUrl}/engines/${symbol}/signals`, { side }, API_TOKEN);
        // The port sheds entries when the order/create budget (Bybit: 10/s) runs short, keeping it
        // for protective legs; a drill that bursts entries right after a burst of closes is shed.
        await sleep(ENTRY_SPACING_MS);
      }
      await allReady(s, symbols, true);
      positionsKilledOpen += (await protectionOf(s.venueUrl, DEFAULT_ACCOUNT_KEY)).length;
      if (opts.settleBeforeKillMs) await sleep(opts.settleBeforeKillMs);
      const killedAt = Date.now();
      await opts.kill(s);
      s = await opts.start();
      sampler.venueUrl = s.venueUrl;
      await allReady(s, symbols, true);
      recoveryMs.push(Date.now() - killedAt);
      const venue = await protectionOf(s.venueUrl, DEFAULT_ACCOUNT_KEY);
      for (const symbol of symbols) {
        const st = await status(s, symbol);
        const v = venue.find((p) => p.symbol === symbol);
        if (!v?.protected || v.size !== st.position?.qty) {
          throw new Error(
            `${symbol} after restart: venue ${JSON.stringify(v)}, engine ${JSON.stringify(st.position)}`,
          );
        }
      }
      for (const symbol of symbols) {
        await postJson(`${s.service.baseUrl}/engines/${symbol}/flatten`, {}, API_TOKEN, [200, 202]);
      }
      await allReady(s, symbols, false);
      await sleep(BUDGET_REFILL_MS);
    }
    return await finalReport(s, opts, sampler, recoveryMs, positionsKilledOpen);
  } finally {
    sampler.stop();
    await s.service.stop();
  }
}

async function finalReport(
  s: ServiceStart,
  opts: KillDrillOptions,
  sampler: ProtectionSampler,
  recoveryMs: number[],
  positionsKilledOpen: number,
): Promise<KillDrillReport> {
  const orders = (await getJson(`${s.service.baseUrl}/trading/orders?limit=1000`, API_TOKEN)) as {
    clientOrderId: string;
  }[];
  const account = await accountOrders(s.venueUrl, DEFAULT_ACCOUNT_KEY, orders);
  const fromVenue = realizedPnlFromExecutions(
    await adminExecutions(s.venueUrl, DEFAULT_ACCOUNT_KEY),
  );
  const pnlDiff: Record<string, string> = {};
  let reconcileEntries = 0;
  for (const symbol of opts.symbols) {
    const st = await status(s, symbol);
    const venueNet = fromVenue.get(symbol)?.net ?? new Decimal(0);
    pnlDiff[symbol] = new Decimal(st.realizedPnl).sub(venueNet).toFixed();
    const audit = (await getJson(
      `${s.service.baseUrl}/trading/audit?symbol=${symbol}&limit=1000`,
      API_TOKEN,
    )) as { action: string }[];
    reconcileEntries += audit.filter((e) => e.action.startsWith('reconcile.')).length;
  }
  return {
    symbols: opts.symbols.length,
    cycles: opts.cycles,
    positionsKilledOpen,
    duplicates: account.duplicates,
    unaccounted: account.unaccounted,
    unprotectedSeconds: sampler.unprotected / 10,
    unprotectedSamples: sampler.unprotected,
    protectedSamples: sampler.covered,
    pnlDiff,
    recoveryMs,
    reconcileEntries,
  };
}

export async function spawnService(env: Record<string, string>): Promise<OrchestratorProcess> {
  return spawnOrchestrator(env);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

import type { EngineStatus } from '../../apps/orchestrator/src/supervisor';
import { API_TOKEN, waitUntil } from '../orchestrator/process/process-tools';
import { spawnOrchestrator, type OrchestratorProcess } from '../support/orchestrator-process';
import { getJson, postJson } from '../trading/drill-support';

/*
 * The service under chaos: its env (signals frequent, positions cycling fast, restarts allowed
 * without limit), its engines' statuses, and the operator steps the drill takes for it.
 */

export interface ChaosServiceEnv {
  readonly dataDir: string;
  readonly symbols: readonly string[];
  readonly venueUrl: string;
  readonly venueWsUrl: string;
}

export function chaosEnv(o: ChaosServiceEnv): Record<string, string> {
  return {
    DATA_DIR: o.dataDir,
    API_TOKEN,
    VENUE_URL: o.venueUrl,
    VENUE_WS_URL: o.venueWsUrl,
    FAULT_INJECTION: 'true',
    AUTOSTART: o.symbols.join(','),
    LOGGING_CONSOLE: 'false',
    // Signals often: a mild imbalance, no volume floor, a short cooldown.
    ENGINE_DEFAULTS_BUY_THRESHOLD: '0.6',
    ENGINE_DEFAULTS_SELL_THRESHOLD: '0.4',
    ENGINE_DEFAULTS_MIN_CLUSTER_VOLUME: '1',
    ENGINE_DEFAULTS_COOLDOWN_MS: '5000',
    // Positions cycle: tight stop and target; 100 USDT clears BTC's 0.001 minimum quantity.
    ENGINE_DEFAULTS_STOP_LOSS_PCT: '0.2',
    ENGINE_DEFAULTS_TAKE_PROFIT_PCT: '0.2',
    ENGINE_DEFAULTS_ENTRY_NOTIONAL: '100',
    RISK_MAX_OPEN_POSITIONS: String(o.symbols.length),
    RISK_DAILY_LOSS_LIMIT: '100000',
    // Injected crashes must not exhaust the restart budget: the drill measures recovery, not it.
    RECOVERY_BASE_DELAY_MS: '200',
    RECOVERY_MAX_DELAY_MS: '2000',
    RECOVERY_MAX_RESTARTS_PER_HOUR: '1000',
    HEALTH_HEARTBEAT_TIMEOUT_MS: '3000',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
    RATE_LIMIT_READS_PER_MINUTE: '0',
  };
}

export function startService(env: Record<string, string>): Promise<OrchestratorProcess> {
  return spawnOrchestrator(env);
}

export function engineStatus(baseUrl: string, symbol: string): Promise<EngineStatus | null> {
  return (getJson(`${baseUrl}/engines/status/${symbol}`, API_TOKEN) as Promise<EngineStatus>).catch(
    () => null,
  );
}

export function statuses(baseUrl: string, symbols: readonly string[]) {
  return Promise.all(symbols.map((s) => engineStatus(baseUrl, s)));
}

/** Running, reconciled, and every position it holds has its stop read back from the venue. */
export function settled(s: EngineStatus | null, paused = false): boolean {
  return (
    s !== null &&
    s.status === (paused ? 'paused' : 'running') &&
    s.reconcile?.state === 'done' &&
    (s.position === null || s.position.stopConfirmed)
  );
}

/** Waits until every engine is settled; resolves to the ms it took. */
export async function waitSettled(
  baseUrl: string,
  symbols: readonly string[],
  timeoutMs: number,
  resumePaused = true,
): Promise<number> {
  const expectPaused = !resumePaused;
  const from = Date.now();
  await waitUntil(
    `${symbols.length} engines running, reconciled, positions protected`,
    async () => {
      const all = await statuses(baseUrl, symbols);
      if (resumePaused) await resumeWherePaused(baseUrl, all);
      else await pauseWhereRunning(baseUrl, all);
      return all;
    },
    (all) => all.every((st) => settled(st, expectPaused)),
    timeoutMs,
    200,
  );
  return Date.now() - from;
}

/**
 * The operator's step after a stop deadline paused an engine (closed at market, entries held):
 * resume it. Resolves to how many it resumed.
 */
export async function resumeWherePaused(
  baseUrl: string,
  all: readonly (EngineStatus | null)[],
): Promise<number> {
  let resumed = 0;
  for (const s of all) {
    if (s?.status !== 'paused') continue;
    await postJson(`${baseUrl}/engines/${s.symbol}/resume`, {}, API_TOKEN, [200, 201, 409]).catch(
      () => null,
    );
    resumed++;
  }
  return resumed;
}

/**
 * An engine that was restarting when pauseAll ran answered 409 and runs unpaused (pause applies to
 * a running engine): pause it now.
 */
async function pauseWhereRunning(
  baseUrl: string,
  all: readonly (EngineStatus | null)[],
): Promise<void> {
  for (const s of all) {
    if (s?.status !== 'running') continue;
    await postJson(`${baseUrl}/engines/${s.symbol}/pause`, {}, API_TOKEN, [200, 201, 409]).catch(
      () => null,
    );
  }
}

/** Holds new entries on every engine (exits still pass) so the final accounts stop moving. */
export async function pauseAll(baseUrl: string, symbols: readonly string[]): Promise<void> {
  for (const symbol of symbols) {
    await postJson(`${baseUrl}/engines/${symbol}/pause`, {}, API_TOKEN, [200, 201, 409]);
  }
}

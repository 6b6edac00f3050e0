/**
 * Trading benchmark: `npm run bench -- trading --engines N --seconds S [--flags]` (flags in
 * support/trading-params.ts; each is printed in the result). Three processes: the venue sim
 * (N synthetic symbols, one funded account), the built orchestrator with thresholds that make
 * signals frequent and risk limits that let every engine hold a position, and this client.
 * After every engine has reconciled and a warm-up, for S seconds: stop coverage sampled from the
 * sim every --sample-ms, the same GET /engines/status load as `bench -- fleet`, CPU and RSS of all
 * three processes; signal-to-entry-ack from the service's flotilla_signal_to_ack_seconds histogram
 * (observed by each Executor when the venue acknowledges an entry), orders/s from the sim's list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT } from '@flotilla/venue-sim';
import { spawnOrchestrator } from '../support/orchestrator-process';
import { forkVenueSim } from '../support/venue-sim-process';
import { procCpuMs } from './support/process-sampler';
import { ProtectionSampler } from './support/protection-sampler';
import { ServiceSampler } from './support/service-sampler';
import { bucketDelta, histogramQuantile, percentile, type HistogramBucket } from './support/stats';
import { StatusLoadThread } from './support/status-load-thread';
import { simArgs, tradingEnv, tradingParams } from './support/trading-params';
import { tradingSnapshot, type TradingSnapshot } from './support/trading-snapshot';

const TOKEN = 'bench-token-0123456789abcdef';
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, places = 1): number => Math.round(x * 10 ** places) / 10 ** places;
const toMs = (s: number | null): number | null => (s === null ? null : round(s * 1000, 2));

interface FleetLite {
  running: number;
  engines: Array<{ symbol: string; status: string; reconcile: { state: string } | null }>;
}

function latency(buckets: HistogramBucket[]) {
  return {
    p50Ms: toMs(histogramQuantile(buckets, 0.5)),
    p99Ms: toMs(histogramQuantile(buckets, 0.99)),
    samples: buckets.at(-1)?.count ?? 0,
  };
}

export async function main(args: Record<string, string>): Promise<Record<string, unknown>> {
  const p = tradingParams(args);
  const account = { key: DEFAULT_ACCOUNT.key, secret: DEFAULT_ACCOUNT.secret };
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-trading-'));
  const sim = await forkVenueSim(simArgs(p, account));
  const env = tradingEnv(p);
  const orch = await spawnOrchestrator({
    VENUE_URL: sim.restUrl,
    VENUE_WS_URL: sim.wsPublicUrl,
    DATA_DIR: dataDir,
    API_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
    LOGGING_CONSOLE: 'false',
    AUTOSTART: 'SYN0001USDT',
    RATE_LIMIT_READS_PER_MINUTE: '0',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
    ...env,
  }).catch(async (e: unknown) => {
    await sim.stop();
    throw e;
  });
  const api = (path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${orch.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, ...(init?.headers ?? {}) },
    });
  const snapshot = (): Promise<TradingSnapshot> =>
    tradingSnapshot(orch.baseUrl, TOKEN, sim.restUrl, account.key);
  try {
    const symbols = Array.from(
      { length: p.engines },
      (_, i) => `SYN${String(i + 1).padStart(4, '0')}USDT`,
    );
    const t0 = performance.now();
    for (let i = 0; i < symbols.length; i += 25) {
      await Promise.all(
        symbols.slice(i, i + 25).map(async (s) => {
          const res = await api(`/engines/start/${s}`, { method: 'POST' });
          if (res.status !== 201 && res.status !== 409)
            throw new Error(`start ${s}: ${res.status} ${await res.text()}`);
        }),
      );
    }
    // Reconciliation reads go through ccxt's throttle like every venue call, so at large N it
    // takes minutes; after --reconcile-timeout-s the window starts anyway and says how many were done.
    let reconciled = 0;
    for (;;) {
      const fleet = (await (await api('/engines/status')).json()) as FleetLite;
      reconciled = fleet.engines.filter(
        (e) => e.status === 'running' && e.reconcile?.state === 'done',
      ).length;
      if (reconciled >= p.engines) break;
      if (performance.now() - t0 > p.reconcileTimeoutS * 1000) break;
      await delay(250);
    }
    const allReconciledMs = reconciled >= p.engines ? Math.round(performance.now() - t0) : null;
    const atStart = await snapshot();
    await delay(p.warmupS * 1000);

    const before = await snapshot();
    const cpu0 = { orch: procCpuMs(orch.pid) ?? NaN, sim: procCpuMs(sim.pid) ?? NaN };
    const client0 = process.cpuUsage();
    const service = await new ServiceSampler(orch.baseUrl, orch.pid, [sim.pid]).start(5000);
    const coverage = new ProtectionSampler(
      `${sim.restUrl}/__admin/accounts/${encodeURIComponent(account.key)}/protection`,
      p.sampleMs,
    ).start();
    const load = StatusLoadThread.start({
      url: `${orch.baseUrl}/engines/status`,
      ratePerS: p.statusRps,
      gzip: p.statusGzip,
    });
    await delay(p.seconds * 1000);
    const measured = await load.stop();
    const status = {
      p50Ms: percentile(measured.latencies, 50),
      p99Ms: percentile(measured.latencies, 99),
      requests: measured.latencies.length,
      errors: measured.errors,
    };
    const stops = await coverage.stop();
    const after = await snapshot();
    const wallS = (after.atMs - before.atMs) / 1000;
    const pct = (ms: number): number => round((ms / (wallS * 1000)) * 100);
    const cpuPct = pct((procCpuMs(orch.pid) ?? NaN) - cpu0.orch);
    const simCpuPct = pct((procCpuMs(sim.pid) ?? NaN) - cpu0.sim);
    const clientCpu = process.cpuUsage(client0);
    const clientCpuPct = pct((clientCpu.user + clientCpu.system) / 1000);
    await service.stop();
    const lag = service.worstLoopLag();

    const delta = (k: keyof TradingSnapshot): number => Number(after[k]) - Number(before[k]);
    const venueByLeg: Record<string, number> = {};
    for (const [leg, n] of Object.entries(after.venueOrders))
      venueByLeg[leg] = n - (before.venueOrders[leg] ?? 0);
    const risk = (await (await api('/trading/risk-status')).json()) as { refusals: unknown };
    const emergency = (await (
      await api('/trading/audit?action=position.emergency-close&limit=1000')
    ).json()) as unknown[];
    return {
      engines: p.engines,
      params: p,
      orchestratorEnv: env,
      allReconciledMs,
      reconciledAtWarmup: reconciled,
      reconciledAtEnd: after.reconciled,
      window: { seconds: round(wallS, 2), warmupS: p.warmupS },
      signalToAck: latency(bucketDelta(after.signalToAck, before.signalToAck)),
      signalToAckInclStartBurst: latency(after.signalToAck),
      signalToAckAtStart: latency(atStart.signalToAck),
      signalToAckRing: after.ringAckMs,
      venueCreateRoundTrip: latency(bucketDelta(after.venueCreate, before.venueCreate)),
      stopCoverage: stops,
      ordersPerSec: round((after.venueOrdersTotal - before.venueOrdersTotal) / wallS),
      venueOrdersByLeg: venueByLeg,
      signals: delta('signals'),
      entriesSubmitted: delta('entriesSubmitted'),
      entriesRejected: delta('entriesRejected'),
      riskRefusals: delta('riskRefusals'),
      riskRefusalsByReason: risk.refusals,
      positionsOpened: delta('entriesFilled'),
      positionsClosed: delta('tradeCount'),
      openAtEnd: after.openPositions,
      pausedAtEnd: after.paused,
      /** Positions closed at market because no stop was confirmed in time (whole run). */
      emergencyCloses: emergency.length,
      // The figures `bench -- fleet` reports, from the same window.
      cpuPct,
      simCpuPct,
      clientCpuPct,
      rssMb: Math.max(...service.samples.map((m) => m.rssMb)),
      simRssMb: service.peakRssMb(sim.pid),
      memory: service.samples,
      loopLagP99Ms: lag.p99Ms,
      loopLagMaxMs: lag.maxMs,
      eventsPerSec: Math.round(delta('events') / wallS),
      tickToSignal: latency(bucketDelta(after.tickToSignal, before.tickToSignal)),
      status,
      note: 'signal-to-ack and tick-to-signal are interpolated inside Prometheus histogram buckets over the window; signalToAckRing is /trading/execution-stats (each engine’s last 256 entries, since start); coverage counts open-position samples from the sim’s protection route',
    };
  } finally {
    await orch.stop();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

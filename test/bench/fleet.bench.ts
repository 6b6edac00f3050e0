/**
 * Fleet benchmark: `npm run bench -- fleet --engines N --seconds S --out FILE [--registry postgres]`.
 * Three processes: the venue sim (N synthetic symbols), the built orchestrator, and this client.
 * Starts N engines over HTTP, then for S seconds holds a steady load on GET /engines/status,
 * injects crashes through the fault route one at a time, and samples the orchestrator's CPU/RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkVenueSim } from '../support/venue-sim-process';
import { spawnOrchestrator } from '../support/orchestrator-process';
import { pinProcesses } from './support/cpu-pinning';
import { DEFAULT_FIXTURE_PRIORITY, lowerPriority, parsePriority } from './support/fixture-priority';
import { roundAll, rssMb, windowFigures, type MemorySample } from './support/fleet-samples';
import { prepareStatusLoad } from './support/status-load';
import { procCpuMs } from './support/process-sampler';
import { MainThreadSchedSampler } from './support/thread-sched';
import { adminUrlFrom, whyNoDatabase, withScratchDatabase } from './support/scratch-database';
import {
  bucketDelta,
  counterTotal,
  gaugeByLabel,
  histogramBuckets,
  histogramQuantile,
  onlyLabels,
  percentile,
} from './support/stats';

const INGEST_WINDOW = 'flotilla_market_ingest_window';
const TOKEN = 'bench-token-0123456789abcdef';
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface EngineStatusLite {
  symbol: string;
  status: string;
  restartCount: number;
}

export async function main(args: Record<string, string>): Promise<Record<string, unknown>> {
  const registry = args.registry ?? 'json';
  if (registry === 'json') return runFleet(args, { REGISTRY: 'json' });
  if (registry !== 'postgres')
    throw new Error(`--registry must be json or postgres, not ${registry}`);
  const adminUrl = adminUrlFrom(args);
  const unusable = await whyNoDatabase(adminUrl);
  if (unusable !== null) throw new Error(unusable);
  return withScratchDatabase(adminUrl, (databaseUrl) =>
    runFleet(args, { REGISTRY: 'postgres', DATABASE_URL: databaseUrl }),
  );
}

async function runFleet(
  args: Record<string, string>,
  registryEnv: Record<string, string>,
): Promise<Record<string, unknown>> {
  const engines = Number(args.engines ?? 100);
  const seconds = Number(args.seconds ?? 30);
  const rateHz = Number(args.rate ?? 10);
  // The sim's default spreads each interval over 10 phases; --phases 1 sends every symbol at once.
  const phases = Number(args.phases ?? 10);
  const statusRps = Number(args['status-rps'] ?? 200);
  // As a browser dashboard asks (Accept-Encoding: gzip); --status-gzip false for curl's way.
  const statusGzip = (args['status-gzip'] ?? 'true') !== 'false';
  const crashes = Number(args.crashes ?? 30);
  // --status-client native|node: status-load.c (timed at the wire too) or a Node thread.
  const statusLoadKind = prepareStatusLoad(args['status-client']);
  // --sim-nice and --client-nice: idle (SCHED_IDLE, the default) or a nice value 0-19 (0: the
  // service's priority); see fixture-priority.ts.
  const simNice = parsePriority('--sim-nice', args['sim-nice'] ?? String(DEFAULT_FIXTURE_PRIORITY));
  const clientNice = parsePriority(
    '--client-nice',
    args['client-nice'] ?? String(DEFAULT_FIXTURE_PRIORITY),
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-fleet-'));
  const sim = await forkVenueSim([
    '--port',
    '0',
    '--synthetic',
    String(engines),
    '--rate',
    String(rateHz),
    '--phases',
    String(phases),
  ]);
  const orch = await spawnOrchestrator({
    VENUE_URL: sim.restUrl,
    VENUE_WS_URL: sim.wsPublicUrl,
    DATA_DIR: dataDir,
    API_TOKEN: TOKEN,
    FAULT_INJECTION: 'true',
    LOG_LEVEL: 'warn',
    LOGGING_CONSOLE: 'false',
    AUTOSTART: 'SYN0001USDT',
    // The load generator is one client far above any operator's rate.
    RATE_LIMIT_READS_PER_MINUTE: '0',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
    // --ingestion main|workers: MARKET_INGESTION of the orchestrator.
    MARKET_INGESTION: args.ingestion ?? 'main',
    // The hub's work per event-loop turn; --ingest-budget 0 parses every frame as it arrives.
    ...(args['ingest-budget'] ? { FEED_INGEST_BUDGET_MS: args['ingest-budget'] } : {}),
    ...registryEnv,
  });
  const pinning = args.pin === 'true' ? pinProcesses(orch.pid, [sim.pid, process.pid]) : 'none';
  const priority = [
    `simulator: ${lowerPriority(sim.pid, simNice)}`,
    `load generator: ${lowerPriority(process.pid, clientNice)}`,
  ].join('; ');
  const auth = { authorization: `Bearer ${TOKEN}` };
  const api = (path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${orch.baseUrl}${path}`, { ...init, headers: { ...auth, ...(init?.headers ?? {}) } });
  try {
    const symbols = Array.from(
      { length: engines },
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
    for (;;) {
      const fleet = (await (await api('/engines/status')).json()) as { running: number };
      if (fleet.running >= engines) break;
      if (performance.now() - t0 > 120_000)
        throw new Error(`only ${fleet.running}/${engines} running after 120 s`);
      await delay(50);
    }
    const allRunningMs = Math.round(performance.now() - t0);
    await delay(3000);

    // Again now that the service has started every thread it will run (ingestion workers, pools).
    if (args.pin === 'true') pinProcesses(orch.pid, [sim.pid, process.pid]);
    lowerPriority(sim.pid, simNice);
    lowerPriority(process.pid, clientNice);
    const metricsBefore = await (await fetch(`${orch.baseUrl}/metrics`)).text();
    const mainThreads = {
      orchestrator: new MainThreadSchedSampler(orch.pid),
      simulator: new MainThreadSchedSampler(sim.pid),
      client: new MainThreadSchedSampler(process.pid),
    };
    const cpuBefore = procCpuMs(orch.pid) ?? NaN;
    const simCpuBefore = procCpuMs(sim.pid) ?? NaN;
    const clientCpuBefore = process.cpuUsage();
    const windowStart = performance.now();
    const statusLoad = statusLoadKind.start({
      url: `${orch.baseUrl}/engines/status`,
      ratePerS: statusRps,
      gzip: statusGzip,
    });
    if (statusLoad.pid !== null) lowerPriority(statusLoad.pid, clientNice);

    const crashToRunning: number[] = [];
    const memory: MemorySample[] = [];
    const sampleMemory = async (): Promise<void> => {
      const metrics = await (await fetch(`${orch.baseUrl}/metrics`)).text();
      memory.push({
        atS: Math.round((performance.now() - windowStart) / 1000),
        rssMb: rssMb(orch.pid),
        heapUsedMb: Math.round(counterTotal(metrics, HEAP_USED) / 2 ** 20),
        loopLagP99Ms: Math.round(counterTotal(metrics, LAG_P99) * 1e4) / 10,
        loopLagMaxMs: Math.round(counterTotal(metrics, LAG_MAX) * 1e4) / 10,
        ingest: roundAll(gaugeByLabel(metrics, INGEST_WINDOW, 'figure')),
      });
    };
    await sampleMemory();
    const memoryTimer = setInterval(() => void sampleMemory().catch(() => undefined), 5000);
    const crashEveryMs = (seconds * 1000) / Math.max(1, crashes);
    for (let i = 0; i < crashes && performance.now() - windowStart < seconds * 1000; i++) {
      const symbol = symbols[(i * 7919) % symbols.length];
      const before = (await (await api(`/engines/status/${symbol}`)).json()) as EngineStatusLite;
      const sent = performance.now();
      const res = await api(`/engines/${symbol}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'crash' }),
      });
      if (!res.ok) throw new Error(`fault ${symbol}: ${res.status} ${await res.text()}`);
      for (;;) {
        const s = (await (await api(`/engines/status/${symbol}`)).json()) as EngineStatusLite;
        if (s.status === 'running' && s.restartCount > before.restartCount) break;
        if (performance.now() - sent > 10_000)
          throw new Error(`${symbol} not running 10 s after crash: ${s.status}`);
        await delay(2);
      }
      crashToRunning.push(performance.now() - sent);
      const wait = windowStart + (i + 1) * crashEveryMs - performance.now();
      if (wait > 0) await delay(wait);
    }
    const remaining = windowStart + seconds * 1000 - performance.now();
    if (remaining > 0) await delay(remaining);
    const status = await statusLoad.stop();
    clearInterval(memoryTimer);
    const wallS = (performance.now() - windowStart) / 1000;
    const pctOfCore = (ms: number): number => Math.round((ms / (wallS * 1000)) * 1000) / 10;
    const cpuPct = pctOfCore((procCpuMs(orch.pid) ?? NaN) - cpuBefore);
    const simCpuPct = pctOfCore((procCpuMs(sim.pid) ?? NaN) - simCpuBefore);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const clientCpuPct = pctOfCore(
      (clientCpu.user + clientCpu.system) / 1000 + status.separateCpuMs,
    );
    const mainThreadLoad = {
      orchestrator: mainThreads.orchestrator.stop(),
      simulator: mainThreads.simulator.stop(),
      client: mainThreads.client.stop(),
    };
    await sampleMemory();
    const metricsAfter = await (await fetch(`${orch.baseUrl}/metrics`)).text();
    const events = counterTotal(metricsAfter, EVENTS) - counterTotal(metricsBefore, EVENTS);
    const buckets = histogramBuckets(metricsAfter, TICK_TO_SIGNAL);
    const statusServer = bucketDelta(
      histogramBuckets(onlyLabels(metricsAfter, STATUS_ROUTE), HTTP_DURATION),
      histogramBuckets(onlyLabels(metricsBefore, STATUS_ROUTE), HTTP_DURATION),
    );
    const crashBuckets = histogramBuckets(metricsAfter, CRASH_TO_RUNNING);
    const toMs = (s: number | null): number | null =>
      s === null ? null : Math.round(s * 100000) / 100;
    return {
      engines,
      registry: registryEnv.REGISTRY,
      params: {
        seconds,
        rateHz,
        phases,
        statusRps,
        statusGzip,
        statusClient: statusLoadKind.client,
        pinning,
        priority,
        ingestBudgetMs: args['ingest-budget'] ?? 'default',
        ingestion: args.ingestion ?? 'main',
        crashes: crashToRunning.length,
      },
      allRunningMs,
      rssMb: Math.max(...memory.map((m) => m.rssMb)),
      memory,
      ...windowFigures(memory),
      cpuPct,
      simCpuPct,
      clientCpuPct,
      /**
       * Each process's main thread over the window: time on a CPU and time runnable but kept off
       * one by other threads (Linux schedstat). The orchestrator's wait is the host's share of
       * its latency, not its code's.
       */
      mainThreadLoad,
      eventsPerSec: Math.round(events / wallS),
      tickToSignalP50Ms: toMs(histogramQuantile(buckets, 0.5)),
      tickToSignalP99Ms: toMs(histogramQuantile(buckets, 0.99)),
      tickToSignalSamples: buckets.at(-1)?.count ?? 0,
      /** Cumulative counts per upper bound in ms: the tail's shape, not just two quantiles. */
      tickToSignalBucketsMs: buckets.map((b) => ({ leMs: b.le * 1000, count: b.count })),
      statusP50Ms: percentile(status.latencies, 50),
      statusP99Ms: percentile(status.latencies, 99),
      /**
       * The same requests as the service timed them (read to written; its histogram,
       * interpolated): without the wait before the loop read them, and without the load
       * generator's own delay (its thread's event-loop delay is beside it).
       */
      statusServerP99Ms: toMs(histogramQuantile(statusServer, 0.99)),
      /** The same answers at the wire: the kernel's receive stamp (native client only). */
      statusWireP50Ms: status.wireLatencies && percentile(status.wireLatencies, 50),
      statusWireP99Ms: status.wireLatencies && percentile(status.wireLatencies, 99),
      statusLoadLoopLagP99Ms: status.loopLagP99Ms,
      statusLoadLoopLagMaxMs: status.loopLagMaxMs,
      statusRequests: status.latencies.length,
      statusErrors: status.errors,
      statusErrorKinds: status.errorKinds,
      crashToRunningP50Ms: toMs(histogramQuantile(crashBuckets, 0.5)),
      crashToRunningP99Ms: toMs(histogramQuantile(crashBuckets, 0.99)),
      crashToRunningSamples: crashBuckets.at(-1)?.count ?? 0,
      faultToRunningP50Ms: percentile(crashToRunning, 50),
      faultToRunningP99Ms: percentile(crashToRunning, 99),
      note: 'tick-to-signal and crash-to-running (crashed transition to running transition, server clock) are interpolated from Prometheus histograms; faultToRunning is client-observed from the fault request (the crash fires in the next handled event, up to 1/rate s later) to a polled running status',
    };
  } finally {
    await orch.stop();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const HEAP_USED = 'nodejs_heap_size_used_bytes';
const LAG_P99 = 'nodejs_eventloop_lag_p99_seconds';
const LAG_MAX = 'nodejs_eventloop_lag_max_seconds';
const EVENTS = 'flotilla_engine_events_processed_total';
const TICK_TO_SIGNAL = 'flotilla_tick_to_signal_seconds';
const HTTP_DURATION = 'flotilla_http_request_duration_seconds';
const STATUS_ROUTE = 'route="/engines/status"';
const CRASH_TO_RUNNING = 'flotilla_crash_to_running_seconds';

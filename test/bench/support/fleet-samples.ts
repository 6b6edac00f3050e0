import { readFileSync } from 'node:fs';
import { lateByMs } from '../../../apps/orchestrator/src/health/late-by';

/**
 * The orchestrator every 5 s of the window: RSS from /proc, heap in use from /metrics, and the
 * event-loop delay since the previous scrape (prom-client resets it at each scrape).
 */
export interface MemorySample {
  atS: number;
  rssMb: number;
  heapUsedMb: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  /** The hub's ingestion over the same 5 s: the largest read burst and what stood behind it. */
  ingest: Record<string, number>;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Figures to one decimal. */
export function roundAll(figures: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(figures)) out[k] = Math.round(v * 10) / 10;
  return out;
}

/** prom-client's eventLoopMonitoringPrecision, which the service leaves at its default. */
const LAG_PERIOD_MS = 10;
const lateBy = (intervalMs: number): number =>
  Math.round(lateByMs(intervalMs * 1e6, LAG_PERIOD_MS) * 10) / 10;

/** The run's worst 5 s windows; the first sample (before the load) is left out. */
export function windowFigures(memory: MemorySample[]) {
  const load = memory.slice(1);
  const worst = (f: (m: MemorySample) => number): number => Math.max(...load.map(f));
  return {
    /**
     * As prom-client exports them: intervals between the firings of its 10 ms timer (an idle
     * loop reads 10 ms).
     */
    loopLagP99Ms: worst((m) => m.loopLagP99Ms),
    loopLagMaxMs: worst((m) => m.loopLagMaxMs),
    /** The loop's delay: how late that timer ran, the interval less its 10 ms period. */
    loopDelayP99Ms: lateBy(worst((m) => m.loopLagP99Ms)),
    loopDelayMaxMs: lateBy(worst((m) => m.loopLagMaxMs)),
    /** The window with the worst loop stall, and the read burst and lags measured in it. */
    worstStallWindow: load.reduce<MemorySample | null>(
      (w, m) => (w === null || m.loopLagMaxMs > w.loopLagMaxMs ? m : w),
      null,
    ),
    maxBurstFrames: worst((m) => m.ingest.maxBurstFrames ?? 0),
    maxReceiveLagMs: worst((m) => m.ingest.maxLagMs ?? 0),
    maxVenueGapMs: worst((m) => m.ingest.maxVenueGapMs ?? 0),
    longestHubTurnMs: worst((m) => m.ingest.longestTurnMs ?? 0),
  };
}

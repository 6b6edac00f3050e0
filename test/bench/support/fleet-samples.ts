import { readFileSync } from 'node:fs';

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

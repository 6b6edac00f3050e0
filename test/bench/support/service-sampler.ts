import { readFileSync } from 'node:fs';
import { counterTotal } from './stats';

/**
 * The orchestrator every few seconds of a window: RSS from /proc, heap in use from /metrics, and the
 * event-loop delay since the previous scrape (prom-client resets it at each scrape).
 */
export interface ServiceSample {
  atS: number;
  rssMb: number;
  heapUsedMb: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
}

const HEAP_USED = 'nodejs_heap_size_used_bytes';
const LAG_P99 = 'nodejs_eventloop_lag_p99_seconds';
const LAG_MAX = 'nodejs_eventloop_lag_max_seconds';

/** Resident set of a process in MiB from /proc (Linux); NaN when unreadable. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

export class ServiceSampler {
  readonly samples: ServiceSample[] = [];
  private readonly peakRss = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = performance.now();

  /** `peers`: other processes (the sim) whose peak RSS is tracked alongside. */
  constructor(
    private readonly baseUrl: string,
    private readonly pid: number,
    private readonly peers: readonly number[] = [],
  ) {}

  async start(everyMs = 5000): Promise<this> {
    await this.sample();
    this.timer = setInterval(() => void this.sample().catch(() => undefined), everyMs);
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sample();
  }

  /** Peak RSS seen of a tracked process (the service or a peer), MiB. */
  peakRssMb(pid: number): number {
    return this.peakRss.get(pid) ?? NaN;
  }

  /** Worst window after the first sample (taken before the load). */
  worstLoopLag(): { p99Ms: number; maxMs: number } {
    const later = this.samples.slice(1);
    return {
      p99Ms: Math.max(...later.map((m) => m.loopLagP99Ms)),
      maxMs: Math.max(...later.map((m) => m.loopLagMaxMs)),
    };
  }

  private async sample(): Promise<void> {
    for (const pid of [this.pid, ...this.peers]) {
      const rss = rssMb(pid);
      if (!Number.isNaN(rss)) this.peakRss.set(pid, Math.max(this.peakRss.get(pid) ?? 0, rss));
    }
    const metrics = await (await fetch(`${this.baseUrl}/metrics`)).text();
    this.samples.push({
      atS: Math.round((performance.now() - this.startedAt) / 1000),
      rssMb: rssMb(this.pid),
      heapUsedMb: Math.round(counterTotal(metrics, HEAP_USED) / 2 ** 20),
      loopLagP99Ms: Math.round(counterTotal(metrics, LAG_P99) * 1e4) / 10,
      loopLagMaxMs: Math.round(counterTotal(metrics, LAG_MAX) * 1e4) / 10,
    });
  }
}

import { readFileSync } from 'node:fs';

/** A thread's scheduler counters (Linux /proc/<pid>/task/<tid>/schedstat), in ms. */
export interface ThreadSched {
  /** Time on a CPU. */
  readonly runMs: number;
  /** Time runnable but waiting for a CPU (another thread had it). */
  readonly waitMs: number;
}

/** A schedstat line ("<run ns> <wait ns> <slices>"); null when it is not one. */
export function parseSchedstat(text: string): ThreadSched | null {
  const [run, wait] = text.trim().split(/\s+/).map(Number);
  if (!Number.isFinite(run) || !Number.isFinite(wait)) return null;
  return { runMs: run / 1e6, waitMs: wait / 1e6 };
}

/** One thread's counters; null off Linux, without schedstats, or when the thread is gone. */
export function threadSched(pid: number, tid = pid): ThreadSched | null {
  try {
    return parseSchedstat(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8'));
  } catch {
    return null;
  }
}

export interface ThreadLoad {
  /** Time on a CPU, % of the window. */
  readonly cpuPct: number;
  /** Time runnable but kept off a CPU by other threads, % of the window. */
  readonly runQueueWaitPct: number;
  /** The largest share of any sampling interval spent waiting for a CPU, %. */
  readonly worstIntervalWaitPct: number;
  /** The longest wait for a CPU within one sampling interval, ms. */
  readonly worstIntervalWaitMs: number;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * How much of a window a process's main thread ran and how much it waited for a CPU, sampled
 * every intervalMs: on a machine where the service, the simulator and the load generator share
 * the cores, the wait is time the host took from the service, not time its code spent.
 */
export class MainThreadSchedSampler {
  private readonly first: ThreadSched | null;
  private last: ThreadSched | null;
  private lastAt: number;
  private readonly startedAt: number;
  private worstWaitMs = 0;
  private worstWaitShare = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.first = this.last = threadSched(pid);
    this.startedAt = this.lastAt = performance.now();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling; null when the counters could not be read. */
  stop(): ThreadLoad | null {
    clearInterval(this.timer);
    this.sample();
    if (this.first === null || this.last === null) return null;
    const wallMs = this.lastAt - this.startedAt;
    return {
      cpuPct: round1(((this.last.runMs - this.first.runMs) / wallMs) * 100),
      runQueueWaitPct: round1(((this.last.waitMs - this.first.waitMs) / wallMs) * 100),
      worstIntervalWaitPct: round1(this.worstWaitShare * 100),
      worstIntervalWaitMs: round1(this.worstWaitMs),
    };
  }

  private sample(): void {
    const now = threadSched(this.pid);
    const at = performance.now();
    if (now !== null && this.last !== null) {
      const waited = now.waitMs - this.last.waitMs;
      this.worstWaitMs = Math.max(this.worstWaitMs, waited);
      if (at > this.lastAt)
        this.worstWaitShare = Math.max(this.worstWaitShare, waited / (at - this.lastAt));
    }
    if (now === null) return;
    this.last = now;
    this.lastAt = at;
  }
}

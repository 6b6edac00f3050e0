import { readFileSync } from 'node:fs';

export interface ResourceSample {
  atS: number;
  rssMiB: number;
  /** Live heap when run with --expose-gc (a full GC runs before each sample), else heap used. */
  heapUsedMiB: number;
}

export interface ResourceReport {
  /** CPU time of this process over the window, as % of one core. */
  cpuPercent: number;
  /** CPU time of another process (e.g. the venue sim) over the window, % of one core; null off Linux. */
  peerCpuPercent: number | null;
  rss: { startMiB: number; midMiB: number; endMiB: number; maxMiB: number };
  samples: ResourceSample[];
}

const MiB = 1024 * 1024;
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** utime + stime of a process in ms from /proc (Linux); null when unavailable. */
export function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return null;
  }
}

/** Samples CPU and memory of this process (and optionally a peer) over a measurement window. */
export class ProcessSampler {
  private readonly startWallMs = performance.now();
  private readonly startCpu = process.cpuUsage();
  private readonly startPeerCpuMs: number | null;
  private readonly samples: ResourceSample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    sampleEveryMs: number,
    private readonly peerPid?: number,
  ) {
    this.startPeerCpuMs = peerPid === undefined ? null : procCpuMs(peerPid);
    this.sample();
    this.timer = setInterval(() => this.sample(), sampleEveryMs);
  }

  stop(): ResourceReport {
    clearInterval(this.timer);
    this.sample();
    const wallMs = performance.now() - this.startWallMs;
    const cpu = process.cpuUsage(this.startCpu);
    const peerNow = this.peerPid === undefined ? null : procCpuMs(this.peerPid);
    const peerCpuPercent =
      peerNow === null || this.startPeerCpuMs === null
        ? null
        : round1(((peerNow - this.startPeerCpuMs) / wallMs) * 100);
    const rss = this.samples.map((s) => s.rssMiB);
    return {
      cpuPercent: round1(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
      peerCpuPercent,
      rss: {
        startMiB: rss[0],
        midMiB: rss[Math.floor(rss.length / 2)],
        endMiB: rss[rss.length - 1],
        maxMiB: Math.max(...rss),
      },
      samples: this.samples,
    };
  }

  private sample(): void {
    // With --expose-gc the heap figure is the live heap, which is what shows a leak.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const m = process.memoryUsage();
    this.samples.push({
      atS: round1((performance.now() - this.startWallMs) / 1000),
      rssMiB: round1(m.rss / MiB),
      heapUsedMiB: round1(m.heapUsed / MiB),
    });
  }
}

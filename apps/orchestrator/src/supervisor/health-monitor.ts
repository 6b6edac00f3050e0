import { CONFIG_DEFAULTS } from '@flotilla/config';
import type { Clock, TimerHandle } from '@flotilla/core';
import type { EngineState } from '@flotilla/engine';

export interface HealthConfig {
  intervalMs: number;
  heartbeatTimeoutMs: number;
  /** More than this many handled errors within errorSpikeWindowMs is a spike. */
  errorSpikeCount: number;
  errorSpikeWindowMs: number;
}

/** The config's health defaults; @flotilla/config is their one source. */
export const DEFAULT_HEALTH_CONFIG: Readonly<HealthConfig> = Object.freeze({
  ...CONFIG_DEFAULTS.health,
});

/**
 * How often an idle engine's own timer beats: at most every second (SPEC 3), and at least twice per
 * heartbeat timeout so that a quiet but healthy engine is never taken for a hung one.
 */
export function engineHeartbeatIntervalMs(heartbeatTimeoutMs: number): number {
  return Math.max(1, Math.min(1000, Math.floor(heartbeatTimeoutMs / 2)));
}

/** What the monitor reads from an engine; times are epoch ms. */
export interface MonitoredEngine {
  symbol: string;
  state: EngineState;
  startedAtMs: number | null;
  lastHeartbeatMs: number | null;
  errorTimesMs: readonly number[];
}

export interface HealthMonitorDeps {
  clock: Clock;
  engines: () => Iterable<MonitoredEngine>;
  onHang: (symbol: string, heartbeatAgeMs: number) => void;
  onErrorSpike: (symbol: string, errorsInWindow: number) => void;
}

export type HealthFinding =
  | { kind: 'hang'; symbol: string; heartbeatAgeMs: number }
  | { kind: 'errorSpike'; symbol: string; errorsInWindow: number };

/** Detects hangs and error spikes by scanning; crashes arrive from the engine itself, not from here. */
export class HealthMonitor {
  readonly config: HealthConfig;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly deps: HealthMonitorDeps,
    config: Partial<HealthConfig> = {},
  ) {
    this.config = { ...DEFAULT_HEALTH_CONFIG, ...config };
  }

  /** Idempotent. */
  start(): void {
    if (this.timer) return;
    this.timer = this.deps.clock.setInterval(() => this.scan(), this.config.intervalMs);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** One pass; reports and returns what it found. Only live engines (running, paused) are judged. */
  scan(): HealthFinding[] {
    const now = this.deps.clock.now();
    const findings: HealthFinding[] = [];
    for (const e of this.deps.engines()) {
      if (e.state !== 'running' && e.state !== 'paused') continue;
      const since = e.lastHeartbeatMs ?? e.startedAtMs ?? now;
      const heartbeatAgeMs = now - since;
      if (heartbeatAgeMs > this.config.heartbeatTimeoutMs) {
        findings.push({ kind: 'hang', symbol: e.symbol, heartbeatAgeMs });
        continue;
      }
      const windowStart = Math.max(now - this.config.errorSpikeWindowMs, e.startedAtMs ?? 0);
      const errorsInWindow = e.errorTimesMs.filter((t) => t >= windowStart).length;
      if (errorsInWindow > this.config.errorSpikeCount) {
        findings.push({ kind: 'errorSpike', symbol: e.symbol, errorsInWindow });
      }
    }
    for (const f of findings) {
      if (f.kind === 'hang') this.deps.onHang(f.symbol, f.heartbeatAgeMs);
      else this.deps.onErrorSpike(f.symbol, f.errorsInWindow);
    }
    return findings;
  }
}

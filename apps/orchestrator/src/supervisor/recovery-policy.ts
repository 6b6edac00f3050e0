import { CONFIG_DEFAULTS } from '@flotilla/config';
export interface RecoveryConfig {
  maxRestartsPerHour: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** An engine that ran this long without a fault has its restart history cleared. */
  stableAfterMs: number;
  /** The rolling window maxRestartsPerHour counts over. */
  windowMs: number;
}

/** The config's recovery defaults (@flotilla/config, their one source) over a rolling hour. */
export const DEFAULT_RECOVERY_CONFIG: Readonly<RecoveryConfig> = Object.freeze({
  ...CONFIG_DEFAULTS.recovery,
  windowMs: 3_600_000,
});

export type RecoveryDecision =
  | { action: 'restart'; delayMs: number; attempt: number; history: number[] }
  | { action: 'fail'; reason: string; history: number[] };

/**
 * Decides, for one fault, whether to restart and after how long (SPEC 4). Pure: the caller keeps
 * the history (epoch ms of automatic restarts) and stores the returned one.
 */
export class RecoveryPolicy {
  readonly config: RecoveryConfig;

  constructor(config: Partial<RecoveryConfig> = {}) {
    this.config = { ...DEFAULT_RECOVERY_CONFIG, ...config };
  }

  /** Delay before the n-th restart in the window (1-based): 0, base, 2·base, 4·base … capped. */
  delayForAttempt(attempt: number): number {
    if (attempt <= 1) return 0;
    return Math.min(this.config.baseDelayMs * 2 ** (attempt - 2), this.config.maxDelayMs);
  }

  /** Restart history still inside the window; empty when the engine had been stable long enough. */
  effectiveHistory(
    history: readonly number[],
    nowMs: number,
    runningSinceMs: number | null,
  ): number[] {
    if (runningSinceMs !== null && nowMs - runningSinceMs >= this.config.stableAfterMs) return [];
    return history.filter((t) => t > nowMs - this.config.windowMs && t <= nowMs);
  }

  decide(
    history: readonly number[],
    nowMs: number,
    runningSinceMs: number | null,
  ): RecoveryDecision {
    const recent = this.effectiveHistory(history, nowMs, runningSinceMs);
    if (recent.length >= this.config.maxRestartsPerHour) {
      return {
        action: 'fail',
        reason: `restart limit reached: ${recent.length} restarts within ${this.config.windowMs} ms (max ${this.config.maxRestartsPerHour})`,
        history: recent,
      };
    }
    const attempt = recent.length + 1;
    return {
      action: 'restart',
      delayMs: this.delayForAttempt(attempt),
      attempt,
      history: [...recent, nowMs],
    };
  }
}

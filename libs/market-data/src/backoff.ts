export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** A connection that stayed healthy this long resets the schedule to initialMs. */
  resetAfterMs?: number;
  /** Uniform in [0, 1); injectable so tests see a fixed schedule. */
  random?: () => number;
}

/**
 * Exponential reconnect delays with "equal jitter": the n-th delay is in [base/2, base) where
 * base = min(maxMs, initialMs * 2^n). Half the delay is fixed so a fleet of clients never
 * collapses onto zero, the other half spreads them out.
 */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
  private readonly random: () => number;
  private attempt = 0;
  private healthySinceMs: number | null = null;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? 1_000;
    this.maxMs = opts.maxMs ?? 30_000;
    this.resetAfterMs = opts.resetAfterMs ?? 60_000;
    this.random = opts.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs)) {
      throw new RangeError(
        `backoff needs 0 < initialMs <= maxMs, got ${this.initialMs}, ${this.maxMs}`,
      );
    }
  }

  /** How many delays have been handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; each call moves one step up the schedule. */
  nextDelayMs(): number {
    const exponent = Math.min(this.attempt, 30);
    const baseMs = Math.min(this.maxMs, this.initialMs * 2 ** exponent);
    this.attempt++;
    const r = Math.min(Math.max(this.random(), 0), 1);
    return Math.round(baseMs / 2 + (baseMs / 2) * r);
  }

  /** The connection is up; remember since when. */
  markConnected(nowMs: number): void {
    this.healthySinceMs = nowMs;
  }

  /** The connection dropped; if it had been healthy for resetAfterMs, start again from initialMs. */
  markDisconnected(nowMs: number): void {
    if (this.healthySinceMs !== null && nowMs - this.healthySinceMs >= this.resetAfterMs) {
      this.reset();
    }
    this.healthySinceMs = null;
  }

  reset(): void {
    this.attempt = 0;
  }
}

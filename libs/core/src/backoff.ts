import { ExponentialBackoff, type GeneratorFn, type IBackoff } from 'cockatiel';

/** 'equal': each delay in [base/2, base], half fixed and half spread; 'none': exactly base. */
export type BackoffJitter = 'equal' | 'none';

export interface BackoffOptions {
  /** The first step's base delay; it doubles each step. */
  initialMs?: number;
  /** Cap on the base delay. */
  maxMs?: number;
  /** A connection that stayed healthy this long resets the schedule to initialMs. */
  resetAfterMs?: number;
  jitter?: BackoffJitter;
  /** Uniform in [0, 1); injectable so tests see a fixed schedule. */
  random?: () => number;
}

export const BACKOFF_DEFAULTS = {
  initialMs: 1_000,
  maxMs: 30_000,
  resetAfterMs: 60_000,
  jitter: 'equal',
} as const satisfies BackoffOptions;

/** Step n's delay: base = min(maxDelay, initialDelay * 2^n), then the jitter; the state is n. */
function generator(jitter: BackoffJitter, random: () => number): GeneratorFn<number> {
  return (step = 0, { initialDelay, maxDelay, exponent }) => {
    const baseMs = Math.min(maxDelay, initialDelay * exponent ** Math.min(step, 30));
    if (jitter === 'none') return [baseMs, step + 1];
    const r = Math.min(Math.max(random(), 0), 1);
    return [Math.round(baseMs / 2 + (baseMs / 2) * r), step + 1];
  };
}

/**
 * The one retry/reconnect schedule: cockatiel's ExponentialBackoff (doubling to maxMs) with our
 * generator, so jitter draws from an injectable random. "Equal jitter" by default: half of each
 * delay is fixed so a fleet of clients never collapses onto zero, the other half spreads them out.
 * Time never comes from here: callers wait on their injected Clock.
 */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
  private readonly schedule: ExponentialBackoff<number>;
  private cursor: IBackoff<unknown> | undefined;
  private attempt = 0;
  private healthySinceMs: number | null = null;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? BACKOFF_DEFAULTS.initialMs;
    this.maxMs = opts.maxMs ?? BACKOFF_DEFAULTS.maxMs;
    this.resetAfterMs = opts.resetAfterMs ?? BACKOFF_DEFAULTS.resetAfterMs;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs)) {
      throw new RangeError(
        `backoff needs 0 < initialMs <= maxMs, got ${this.initialMs}, ${this.maxMs}`,
      );
    }
    this.schedule = new ExponentialBackoff({
      initialDelay: this.initialMs,
      maxDelay: this.maxMs,
      exponent: 2,
      generator: generator(opts.jitter ?? BACKOFF_DEFAULTS.jitter, opts.random ?? Math.random),
    });
  }

  /** How many delays have been handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; each call moves one step up the schedule. */
  nextDelayMs(): number {
    this.cursor = this.cursor ? this.cursor.next(undefined) : this.schedule.next();
    this.attempt++;
    return this.cursor.duration;
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
    this.cursor = undefined;
    this.attempt = 0;
  }
}

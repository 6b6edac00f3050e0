import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  IsolatedCircuitError,
  noJitterGenerator,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import { classifyVenueError, isVenueFailure } from './classify';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface VenueGuardOptions {
  /** SPEC 9: open after 5 consecutive failures. */
  readonly consecutiveFailures?: number;
  /** SPEC 9: half-open after 30 s. cockatiel reads Date.now(), so tests move the system time. */
  readonly halfOpenAfterMs?: number;
  /** The protective calls' own schedule; by default it outlasts one open period. */
  readonly protectiveRetry?: {
    readonly maxAttempts: number;
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
  };
  readonly onStateChange?: (state: BreakerState) => void;
}

/** Thrown for an entry while the circuit is open: nothing was sent. */
export class CircuitOpenError extends Error {
  constructor() {
    super('venue circuit open: entry refused without sending');
    this.name = new.target.name;
  }
}

const STATE: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * The circuit breaker of one venue account (cockatiel) and the retry schedule of protective calls.
 * Only failures that say the venue is unwell count (network, timeout, 5xx, rate limit); a refusal
 * is a healthy answer. While open, an entry fails at once with CircuitOpenError; a protective call
 * retries with backoff, its attempts bouncing off the open circuit until it half-opens.
 */
export class VenueGuard {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly protectiveRetry: RetryPolicy;

  constructor(options: VenueGuardOptions = {}) {
    this.breaker = circuitBreaker(handleWhen(isVenueFailure), {
      halfOpenAfter: options.halfOpenAfterMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.consecutiveFailures ?? 5),
    });
    const schedule = options.protectiveRetry ?? {
      maxAttempts: 12,
      initialDelayMs: 250,
      maxDelayMs: 5000,
    };
    this.protectiveRetry = retry(
      handleWhen((err) => classifyVenueError(err).kind === 'retryable'),
      {
        maxAttempts: schedule.maxAttempts,
        backoff: new ExponentialBackoff({
          generator: noJitterGenerator,
          initialDelay: schedule.initialDelayMs,
          maxDelay: schedule.maxDelayMs,
        }),
      },
    );
    const onStateChange = options.onStateChange;
    if (onStateChange) this.breaker.onStateChange((s) => onStateChange(STATE[s]));
  }

  get state(): BreakerState {
    return STATE[this.breaker.state];
  }

  /** One attempt; CircuitOpenError at once while the circuit is open. */
  async entry<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.throughBreaker(call);
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
        throw new CircuitOpenError();
      }
      throw err;
    }
  }

  /**
   * Retries retryable failures on the protective schedule, each attempt through the breaker. The
   * attempt decides what an unknown outcome means (a place looks its id up) and throws a retryable
   * error when it should be sent again.
   */
  protective<T>(attempt: (attemptNo: number) => Promise<T>): Promise<T> {
    return this.protectiveRetry.execute(({ attempt: n }) => this.throughBreaker(() => attempt(n)));
  }

  /** A refusal passes the breaker as a success (it resets the failure count), then is thrown. */
  private async throughBreaker<T>(call: () => Promise<T>): Promise<T> {
    const outcome = await this.breaker.execute(async () => {
      try {
        return { value: await call() };
      } catch (err) {
        if (isVenueFailure(err)) throw err;
        return { refusal: err };
      }
    });
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.value;
  }
}

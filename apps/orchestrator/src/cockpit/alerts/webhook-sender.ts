import {
  Backoff,
  errorMessage,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';

/** The slice of the global fetch the sender uses; tests pass a fake. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number }>;

export interface WebhookSenderOptions {
  url: string;
  clock: Clock;
  logger: StructuredLogger;
  fetch?: FetchLike;
  /** Tries per payload, the first one included. */
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** One try that has not answered in this long is aborted and counts as failed. */
  timeoutMs?: number;
  /** Payloads waiting beyond the one in flight; over it the oldest is dropped. */
  maxQueue?: number;
  /** Uniform in [0, 1) for the backoff's jitter. */
  random?: () => number;
}

/** Node's global fetch; the answer's body is discarded so the connection is freed. */
const defaultFetch: FetchLike = async (url, init) => {
  const res = await fetch(url, init);
  await res.body?.cancel();
  return { status: res.status };
};

export const WEBHOOK_DEFAULTS = {
  maxAttempts: 5,
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  timeoutMs: 5_000,
  maxQueue: 100,
} as const;

/** 408, 429 and 5xx may pass; any other 4xx will not (a bad URL or payload), so it is not retried. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 429 || status >= 500;

export interface WebhookStats {
  delivered: number;
  failed: number;
  dropped: number;
  attempts: number;
  queued: number;
}

/**
 * POSTs JSON payloads to one webhook, one at a time in order, off the caller's path: `send` only
 * queues. Each payload gets up to maxAttempts tries, each bounded by timeoutMs, with exponential
 * backoff and jitter between them. The queue is bounded; when it is full the oldest waiting payload
 * is dropped and the drop counted in the log, so a dead receiver never grows memory.
 */
export class WebhookSender {
  private readonly queue: string[] = [];
  private readonly opts: Required<Omit<WebhookSenderOptions, 'random'>> &
    Pick<WebhookSenderOptions, 'random'>;
  private busy = false;
  private closed = false;
  private timer: TimerHandle | undefined;
  private abort: AbortController | undefined;
  private readonly counts = { delivered: 0, failed: 0, dropped: 0, attempts: 0 };
  private idleWaiters: (() => void)[] = [];

  constructor(options: WebhookSenderOptions) {
    this.opts = {
      ...WEBHOOK_DEFAULTS,
      fetch: defaultFetch,
      ...options,
    };
  }

  get stats(): WebhookStats {
    return { ...this.counts, queued: this.queue.length };
  }

  send(payload: unknown): void {
    if (this.closed) return;
    this.queue.push(JSON.stringify(payload));
    if (this.queue.length > this.opts.maxQueue) {
      this.queue.shift();
      this.counts.dropped++;
      this.opts.logger.warn('alert webhook queue full: oldest alert dropped', {
        dropped: this.counts.dropped,
        maxQueue: this.opts.maxQueue,
      });
    }
    if (!this.busy) this.next();
  }

  /** Resolves once nothing is queued or in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops at once: the try in flight is aborted, queued payloads are discarded. */
  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.abort?.abort();
    this.queue.length = 0;
    this.finishIdle();
  }

  private next(): void {
    const body = this.queue.shift();
    if (body === undefined || this.closed) return this.finishIdle();
    this.busy = true;
    const backoff = new Backoff({
      initialMs: this.opts.initialDelayMs,
      maxMs: this.opts.maxDelayMs,
      random: this.opts.random,
    });
    void this.attempt(body, 1, backoff);
  }

  private finishIdle(): void {
    this.busy = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async attempt(body: string, n: number, backoff: Backoff): Promise<void> {
    this.counts.attempts++;
    const outcome = await this.post(body);
    if (this.closed) return;
    if (outcome.ok) {
      this.counts.delivered++;
      if (n > 1) this.opts.logger.info('alert webhook delivered after retries', { attempts: n });
      return this.next();
    }
    const last = n >= this.opts.maxAttempts || !outcome.retryable;
    if (last) {
      this.counts.failed++;
      this.opts.logger.error('alert webhook gave up', { attempts: n, error: outcome.error });
      return this.next();
    }
    const delayMs = backoff.nextDelayMs();
    this.opts.logger.warn('alert webhook failed, retrying', {
      attempt: n,
      delayMs,
      error: outcome.error,
    });
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined;
      void this.attempt(body, n + 1, backoff);
    }, delayMs);
  }

  private async post(
    body: string,
  ): Promise<{ ok: true } | { ok: false; retryable: boolean; error: string }> {
    const abort = new AbortController();
    this.abort = abort;
    const timeout = this.opts.clock.setTimeout(() => abort.abort(), this.opts.timeoutMs);
    try {
      const res = await this.opts.fetch(this.opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: abort.signal,
      });
      if (res.status >= 200 && res.status < 300) return { ok: true };
      return { ok: false, retryable: isRetryableStatus(res.status), error: `HTTP ${res.status}` };
    } catch (err) {
      const error = abort.signal.aborted
        ? `no answer within ${this.opts.timeoutMs} ms`
        : errorMessage(err);
      return { ok: false, retryable: true, error };
    } finally {
      timeout.cancel();
      this.abort = undefined;
    }
  }
}

import { Backoff, type BackoffOptions, type Clock, type TimerHandle } from '@flotilla/core';

export type ResyncOutcome = 'sent' | 'deferred' | 'pending';

/**
 * Spaces one symbol's book resyncs so a venue that keeps sending bad books (crossed snapshots,
 * gaps) cannot drive a tight unsubscribe/subscribe loop. A resync runs at once when the last one
 * is far enough back; otherwise it runs once when the spacing allows, and requests made while it
 * waits join it. The spacing follows the reconnect schedule (equal jitter, doubling to maxMs) and
 * starts again from initialMs once the book has stayed synced for resetAfterMs.
 */
export class ResyncLimiter {
  private readonly backoff: Backoff;
  private nextAllowedMono = -Infinity;
  private timer: TimerHandle | undefined;
  /** Resyncs sent to the venue. */
  sent = 0;
  /** Resyncs that had to wait for the spacing. */
  deferred = 0;

  constructor(
    private readonly clock: Clock,
    opts: BackoffOptions,
  ) {
    this.backoff = new Backoff(opts);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Runs send now, or schedules it (once) for when the spacing allows. */
  request(send: () => void): ResyncOutcome {
    if (this.timer) return 'pending';
    const now = this.clock.monotonicMs();
    if (now >= this.nextAllowedMono) {
      this.run(send, now);
      return 'sent';
    }
    this.deferred++;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.run(send, this.clock.monotonicMs());
    }, this.nextAllowedMono - now);
    return 'deferred';
  }

  /** The book is synced again (a snapshot applied); a long healthy spell resets the spacing. */
  markSynced(nowMono: number): void {
    this.backoff.markConnected(nowMono);
  }

  /** Milliseconds until a resync would be sent, 0 when it would go now. */
  waitMs(): number {
    return Math.max(0, this.nextAllowedMono - this.clock.monotonicMs());
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private run(send: () => void, now: number): void {
    this.backoff.markDisconnected(now);
    this.nextAllowedMono = now + this.backoff.nextDelayMs();
    this.sent++;
    send();
  }
}

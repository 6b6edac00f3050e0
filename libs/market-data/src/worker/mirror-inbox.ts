import type { WireEvent } from './protocol';

export interface MirrorInboxOptions {
  /** Main-thread work allowed per turn of the event loop, ms (Infinity: no bound). */
  readonly budgetMs: number;
  /** Applies one event to the mirror (the batch's levels travel beside it). */
  readonly apply: (event: WireEvent, levels: Float64Array | null) => void;
  /** False once the hub is closed: nothing more is applied. */
  readonly open: () => boolean;
  /** Runs a function after pending I/O had its turn; default setImmediate. */
  readonly schedule?: (fn: () => void) => void;
  /** The clock the budget is read on, ms; default performance.now. */
  readonly now?: () => number;
  /** Lets the microtasks queued by one batch (the engines it woke) run before the next. */
  readonly settle?: () => Promise<void>;
}

interface Batch {
  readonly events: WireEvent[];
  readonly levels: Float64Array | null;
}

/**
 * The workers' batches on the main thread, under the same per-turn budget as the main-thread
 * hub's frames: they wait in order and are applied in budgeted slices, one per turn, after the
 * poll that brought them.
 *
 * Tried in issue 13's seventh pass and left out: applying a batch in its own message callback
 * while the turn has budget and nothing waits. Instrumented, a batch's first frame was p99 9-23 ms
 * old when the main thread received it and 16-30 ms when applied, so the wait for the turn's end
 * looked worth removing; but the fleet's tick-to-signal p99 did not move (22.7-32.4 ms inline,
 * 24.3 deferred, 1,000 engines) and the market bench's CPU per message rose (17.6-19.7 µs against
 * 15.5): a callback, and a microtask checkpoint, per batch instead of one per slice.
 */
export class MirrorInbox {
  private readonly queue: Batch[] = [];
  private at = 0;
  private draining = false;
  private readonly schedule: (fn: () => void) => void;
  private readonly now: () => number;
  private readonly settle: () => Promise<void>;

  constructor(private readonly opts: MirrorInboxOptions) {
    this.schedule = opts.schedule ?? ((fn) => void setImmediate(fn));
    this.now = opts.now ?? (() => performance.now());
    this.settle = opts.settle ?? (() => Promise.resolve());
  }

  get waiting(): number {
    return this.queue.length;
  }

  offer(events: WireEvent[], levels: Float64Array | null): void {
    if (!this.opts.open()) return;
    this.queue.push({ events, levels });
    if (this.draining) return;
    this.draining = true;
    this.schedule(() => void this.drain());
  }

  /**
   * A slice: batches in order until the budget is spent. The engines that a batch woke run
   * between two batches (their runs are microtasks, and the slice awaits them): a slice of many
   * batches would otherwise hold the first batch's signals until its end.
   */
  private async drain(): Promise<void> {
    const start = this.now();
    while (this.queue.length > 0 && this.now() - start < this.opts.budgetMs) {
      const { events, levels } = this.queue[0];
      while (this.at < events.length && this.now() - start < this.opts.budgetMs) {
        if (!this.opts.open()) return;
        this.opts.apply(events[this.at++], levels);
      }
      if (this.at < events.length) break;
      this.queue.shift();
      this.at = 0;
      await this.settle();
    }
    if (this.queue.length > 0 && this.opts.open()) this.schedule(() => void this.drain());
    else this.draining = false;
  }
}

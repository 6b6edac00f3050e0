/** Time source and timer scheduler; inject a ManualClock in tests instead of sleeping. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock epoch milliseconds. */
  now(): number;
  /** Monotonic milliseconds for measuring durations and latency. */
  monotonicMs(): number;
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  setInterval(fn: () => void, intervalMs: number): TimerHandle;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  monotonicMs(): number {
    return performance.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const t = setTimeout(fn, delayMs);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    const t = setInterval(fn, intervalMs);
    t.unref?.();
    return { cancel: () => clearInterval(t) };
  }
}

interface ScheduledTimer {
  id: number;
  dueMs: number;
  intervalMs: number | null;
  fn: () => void;
}

/** A clock that moves only when told to; timers fire in due order during advance(). */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers = new Map<number, ScheduledTimer>();

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  monotonicMs(): number {
    return this.current;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.schedule(fn, delayMs, null);
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    return this.schedule(fn, intervalMs, Math.max(1, intervalMs));
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by ms, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.current = next.dueMs;
      if (next.intervalMs === null) this.timers.delete(next.id);
      else next.dueMs += next.intervalMs;
      next.fn();
    }
    this.current = target;
  }

  private nextDue(limit: number): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.dueMs <= limit && (!best || t.dueMs < best.dueMs)) best = t;
    }
    return best;
  }

  private schedule(fn: () => void, delayMs: number, intervalMs: number | null): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, dueMs: this.current + Math.max(0, delayMs), intervalMs, fn });
    return { cancel: () => this.timers.delete(id) };
  }
}

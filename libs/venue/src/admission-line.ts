import type { Clock, TimerHandle } from '@flotilla/core';
import { BudgetShortError } from './classify';
import type { Priority, RequestBudget } from './request-budget';

/** One endpoint's waiting calls, oldest first, and the one timer that wakes the line. */
interface Line {
  readonly waiters: Array<() => void>;
  head: number;
  timer: TimerHandle | null;
}

/**
 * Protective calls that wait for an endpoint's allowance, in the order they came, behind one
 * timer per endpoint. When the window rolls (or a call in flight is answered) the line lets as
 * many go as the budget admits and sleeps again; nobody else is woken. Before, each waiter slept
 * on its own timer and all of them woke at every roll to try again: starting 1,000 engines queued
 * 1,000 leverage calls on a 10-a-second endpoint, and for 100 s every second began with 1,000
 * timers and promises racing for ten places.
 *
 * An entry never waits: it is shed when the budget is short, and also while protective calls
 * wait on its endpoint, so it cannot take the place a waiting stop or close needs.
 */
export class AdmissionLine {
  private readonly lines = new Map<string, Line>();

  constructor(
    private readonly budget: RequestBudget,
    private readonly clock: Clock,
  ) {}

  /** Resolves when the call may go; rejects with BudgetShortError for an entry that is shed. */
  admit(endpoint: string, priority: Priority): Promise<void> {
    let line = this.lines.get(endpoint);
    if (line === undefined) {
      const admission = this.budget.admit(endpoint, priority);
      if (admission.go) return Promise.resolve();
      if (priority === 'entry') return Promise.reject(new BudgetShortError(endpoint));
      line = { waiters: [], head: 0, timer: null };
      this.lines.set(endpoint, line);
      this.sleep(endpoint, line, admission.waitMs);
    } else if (priority === 'entry') {
      return Promise.reject(new BudgetShortError(endpoint));
    }
    const waiters = line.waiters;
    return new Promise<void>((resolve) => waiters.push(resolve));
  }

  /** A call on the endpoint was answered: its place in flight may let the next one go. */
  released(endpoint: string): void {
    const line = this.lines.get(endpoint);
    if (line !== undefined) this.pump(endpoint, line);
  }

  /** Calls waiting, over all endpoints. */
  get waiting(): number {
    let n = 0;
    for (const line of this.lines.values()) n += line.waiters.length - line.head;
    return n;
  }

  private pump(endpoint: string, line: Line): void {
    line.timer?.cancel();
    line.timer = null;
    while (line.head < line.waiters.length) {
      const admission = this.budget.admit(endpoint, 'protective');
      if (!admission.go) {
        this.sleep(endpoint, line, admission.waitMs);
        return;
      }
      const resolve = line.waiters[line.head];
      line.waiters[line.head++] = noop;
      resolve();
    }
    this.lines.delete(endpoint);
  }

  private sleep(endpoint: string, line: Line, waitMs: number): void {
    if (line.head > 1024 && line.head * 2 > line.waiters.length) {
      line.waiters.splice(0, line.head);
      line.head = 0;
    }
    line.timer = this.clock.setTimeout(() => {
      line.timer = null;
      this.pump(endpoint, line);
    }, waitMs);
  }
}

function noop(): void {}

import type { ExecutionHost } from '@flotilla/engine';

/** An ExecutionHost for unit tests: post() queues, drain()/settle() run the queue, pause is recorded. */
export class FakeHost implements ExecutionHost {
  readonly queue: Array<{ name: string; fn: () => void }> = [];
  readonly posted: string[] = [];
  readonly pauses: string[] = [];
  running = true;
  paused = false;

  constructor(readonly symbol = 'BTCUSDT') {}

  post(name: string, fn: () => void): void {
    this.posted.push(name);
    this.queue.push({ name, fn });
  }

  pause(reason: string): void {
    this.pauses.push(reason);
    if (this.running) this.paused = true;
  }

  entriesAllowed(): boolean {
    return this.running && !this.paused;
  }

  /** Runs what is queued, including what those posts queue. */
  drain(): number {
    let ran = 0;
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      item.fn();
      ran++;
    }
    return ran;
  }

  /** Lets pending promises settle and runs their posts, until nothing more arrives. */
  async settle(maxRounds = 50): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.drain() === 0) return;
    }
  }
}

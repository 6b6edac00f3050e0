import type { Signal } from '@flotilla/trading';

/** An engine's recent signals, oldest first, bounded; the bound is re-read at every start. */
export class SignalHistory {
  private readonly items: Signal[] = [];
  private limit: number;
  emitted = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  resize(limit: number): void {
    this.limit = limit;
    const excess = this.items.length - limit;
    if (excess > 0) this.items.splice(0, excess);
  }

  record(signal: Signal): void {
    this.items.push(signal);
    if (this.items.length > this.limit) this.items.shift();
    this.emitted++;
  }

  list(): readonly Signal[] {
    return this.items;
  }
}

/** Handled (non-fatal) errors: a running count, the last message, and recent times for spike detection. */
export class HandledErrors {
  private readonly times: number[] = [];
  count = 0;

  constructor(private readonly limit: number) {}

  record(atMs: number): void {
    this.count++;
    this.times.push(atMs);
    if (this.times.length > this.limit) this.times.shift();
  }

  timesMs(): readonly number[] {
    return this.times;
  }
}

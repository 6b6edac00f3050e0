import type { Side, Signal } from './signal';

/** What a strategy asks the execution side to do; only entries exist until execution lands. */
export interface EnterIntent {
  readonly type: 'enter';
  readonly symbol: string;
  readonly side: Side;
  readonly signal: Signal;
}

export type Intent = EnterIntent;

/** The execution side implements this; submit must not block the engine. */
export interface IntentSink {
  submit(intent: Intent): void;
}

/** Keeps the last `capacity` intents; stands in for execution until it exists. */
export class RecordingIntentSink implements IntentSink {
  private readonly items: Intent[] = [];
  private droppedCount = 0;

  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  submit(intent: Intent): void {
    this.items.push(intent);
    if (this.items.length > this.capacity) {
      this.items.shift();
      this.droppedCount++;
    }
  }

  /** Oldest first. */
  intents(): readonly Intent[] {
    return this.items;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.items.length = 0;
  }
}

import type { BookEvent, TickerEvent, TradeEvent } from '@flotilla/core';

/** Work handled inside the engine actor, one at a time. */
export type EngineCommand = { readonly name: string; readonly run: () => void };

export type MailboxItem =
  | { readonly kind: 'book'; readonly event: BookEvent }
  | { readonly kind: 'ticker'; readonly event: TickerEvent }
  | { readonly kind: 'trade'; readonly event: TradeEvent }
  | { readonly kind: 'timer'; readonly nowMs: number }
  | { readonly kind: 'command'; readonly command: EngineCommand };

interface Sequenced {
  seq: number;
  item: MailboxItem;
}

/**
 * Actor mailbox. Book and ticker are conflated (one slot each: a newer one replaces an unprocessed
 * older one); trades and timer ticks queue FIFO up to `capacity`, and when full the oldest is
 * dropped (counted). Commands (venue answers, private-stream events, operator commands) have their
 * own lane that is never dropped and not bounded by `capacity`: losing a fill or an order answer
 * would leave a position unaccounted for, and their number is bounded by the orders in flight and
 * the venue's event rate, not by the market feed. The lane's depth and high-water mark are counted
 * so a runaway shows in the status. Items come out in arrival order across all lanes.
 */
export class Mailbox {
  private readonly queue: Sequenced[] = [];
  private readonly commands: Sequenced[] = [];
  private commandHead = 0;
  private commandHighWaterCount = 0;
  private book: Sequenced | null = null;
  private ticker: Sequenced | null = null;
  private seq = 0;
  private droppedCount = 0;
  private conflatedCount = 0;

  constructor(readonly capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`mailbox capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Always accepts: a trade or timer tick may push out an older one, a command pushes out nothing. */
  post(item: MailboxItem): void {
    const entry: Sequenced = { seq: ++this.seq, item };
    switch (item.kind) {
      case 'book':
        if (this.book) this.conflatedCount++;
        this.book = entry;
        return;
      case 'ticker':
        if (this.ticker) this.conflatedCount++;
        this.ticker = entry;
        return;
      case 'command':
        this.commands.push(entry);
        this.commandHighWaterCount = Math.max(this.commandHighWaterCount, this.commandBacklog);
        return;
      case 'trade':
      case 'timer':
        this.enqueue(entry);
        return;
    }
  }

  /** The oldest pending item, or undefined when empty. */
  take(): MailboxItem | undefined {
    let best: Sequenced | null = this.queue[0] ?? null;
    const command = this.commands[this.commandHead];
    if (command && (!best || command.seq < best.seq)) best = command;
    if (this.book && (!best || this.book.seq < best.seq)) best = this.book;
    if (this.ticker && (!best || this.ticker.seq < best.seq)) best = this.ticker;
    if (!best) return undefined;
    if (best === this.book) this.book = null;
    else if (best === this.ticker) this.ticker = null;
    else if (best === command) this.shiftCommand();
    else this.queue.shift();
    return best.item;
  }

  get size(): number {
    return this.queue.length + this.commandBacklog + (this.book ? 1 : 0) + (this.ticker ? 1 : 0);
  }

  /** Commands waiting (their lane is unbounded). */
  get commandBacklog(): number {
    return this.commands.length - this.commandHead;
  }

  /** The deepest the command lane has been since this mailbox was made. */
  get commandHighWater(): number {
    return this.commandHighWaterCount;
  }

  /** Trades and timer ticks dropped on overflow (commands never are). */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Books and tickers replaced by a newer one before being handled. */
  get conflated(): number {
    return this.conflatedCount;
  }

  clear(): void {
    this.queue.length = 0;
    this.commands.length = 0;
    this.commandHead = 0;
    this.book = null;
    this.ticker = null;
  }

  private enqueue(entry: Sequenced): void {
    if (this.queue.length >= this.capacity) {
      this.queue.shift();
      this.droppedCount++;
    }
    this.queue.push(entry);
  }

  /** O(1) amortised: the consumed head is compacted away once it is half the array. */
  private shiftCommand(): void {
    this.commandHead++;
    if (this.commandHead === this.commands.length) {
      this.commands.length = 0;
      this.commandHead = 0;
    } else if (this.commandHead > 1024 && this.commandHead * 2 > this.commands.length) {
      this.commands.splice(0, this.commandHead);
      this.commandHead = 0;
    }
  }
}

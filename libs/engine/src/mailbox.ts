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
 * Bounded actor mailbox. Book and ticker are conflated (one slot each: a newer one replaces an
 * unprocessed older one); trades, timer ticks and commands queue FIFO up to `capacity`. When the
 * queue is full the oldest trade or timer tick is dropped (counted); commands are never dropped,
 * so a queue full of commands rejects the newcomer instead. Items come out in arrival order.
 */
export class Mailbox {
  private readonly queue: Sequenced[] = [];
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

  /** Returns false when the item was rejected (only a command into a queue full of commands). */
  post(item: MailboxItem): boolean {
    const entry: Sequenced = { seq: ++this.seq, item };
    switch (item.kind) {
      case 'book':
        if (this.book) this.conflatedCount++;
        this.book = entry;
        return true;
      case 'ticker':
        if (this.ticker) this.conflatedCount++;
        this.ticker = entry;
        return true;
      case 'trade':
      case 'timer':
      case 'command':
        return this.enqueue(entry);
    }
  }

  /** The oldest pending item, or undefined when empty. */
  take(): MailboxItem | undefined {
    let best: Sequenced | null = this.queue[0] ?? null;
    if (this.book && (!best || this.book.seq < best.seq)) best = this.book;
    if (this.ticker && (!best || this.ticker.seq < best.seq)) best = this.ticker;
    if (!best) return undefined;
    if (best === this.book) this.book = null;
    else if (best === this.ticker) this.ticker = null;
    else this.queue.shift();
    return best.item;
  }

  get size(): number {
    return this.queue.length + (this.book ? 1 : 0) + (this.ticker ? 1 : 0);
  }

  /** Trades and timer ticks dropped on overflow, plus rejected commands. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Books and tickers replaced by a newer one before being handled. */
  get conflated(): number {
    return this.conflatedCount;
  }

  clear(): void {
    this.queue.length = 0;
    this.book = null;
    this.ticker = null;
  }

  private enqueue(entry: Sequenced): boolean {
    if (this.queue.length >= this.capacity) {
      const victim = this.queue.findIndex((e) => e.item.kind !== 'command');
      this.droppedCount++;
      if (victim === -1) return false;
      this.queue.splice(victim, 1);
    }
    this.queue.push(entry);
    return true;
  }
}

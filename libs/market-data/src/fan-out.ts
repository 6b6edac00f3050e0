import {
  errorMessage,
  type BookEvent,
  type StructuredLogger,
  type TickerEvent,
  type TradeEvent,
} from '@flotilla/core';
import type { MarketDataListener } from '@flotilla/engine';

/**
 * The listeners of one symbol. A listener that throws is caught, counted and logged (at most once
 * per second per symbol, so a broken listener cannot flood the log); the others still get the event.
 */
export class ListenerSet {
  private listeners: MarketDataListener[] = [];
  errors = 0;
  private lastLoggedMs = -Infinity;

  constructor(
    private readonly symbol: string,
    private readonly logger: StructuredLogger,
    private readonly nowMs: () => number,
  ) {}

  get size(): number {
    return this.listeners.length;
  }

  add(listener: MarketDataListener): void {
    // Copy on write: a listener that unsubscribes during dispatch does not disturb the loop.
    this.listeners = [...this.listeners, listener];
  }

  /** Returns false when the listener was not (or no longer) present. */
  remove(listener: MarketDataListener): boolean {
    const idx = this.listeners.indexOf(listener);
    if (idx < 0) return false;
    this.listeners = this.listeners.filter((_, i) => i !== idx);
    return true;
  }

  book(event: BookEvent): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i].onBook(event);
      } catch (err) {
        this.failed('onBook', err);
      }
    }
  }

  trade(event: TradeEvent): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i].onTrade(event);
      } catch (err) {
        this.failed('onTrade', err);
      }
    }
  }

  ticker(event: TickerEvent): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i].onTicker(event);
      } catch (err) {
        this.failed('onTicker', err);
      }
    }
  }

  private failed(handler: string, err: unknown): void {
    this.errors++;
    const now = this.nowMs();
    if (now - this.lastLoggedMs < 1000) return;
    this.lastLoggedMs = now;
    this.logger.warn('market-data listener threw', {
      symbol: this.symbol,
      handler,
      error: errorMessage(err),
      listenerErrors: this.errors,
    });
  }
}

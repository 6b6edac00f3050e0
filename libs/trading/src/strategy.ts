import type { BookEvent, TickerEvent, TradeEvent } from '@flotilla/core';
import type { Intent } from './intent';

/**
 * A strategy reacts to one event at a time and returns intents; the engine calls it from its
 * actor loop, never concurrently. It must not perform I/O: time comes from the injected clock.
 * An exception thrown here crashes the engine (crash-only: the restart builds a fresh strategy).
 */
export interface Strategy {
  onBook(event: BookEvent): Intent[];
  onTrade(event: TradeEvent): Intent[];
  onTicker(event: TickerEvent): Intent[];
  /** Called on the engine's periodic timer (epoch ms). */
  onTimer(nowMs: number): Intent[];
}

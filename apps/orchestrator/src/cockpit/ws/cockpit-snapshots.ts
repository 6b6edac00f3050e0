import { DomainError, isoUtc, toWire, type BookLevel, type Clock } from '@flotilla/core';
import type { AuditReader } from '@flotilla/execution';
import type { MarketDataHub } from '@flotilla/market-data';
import { toSignalJson } from '@flotilla/trading';
import type { EngineManager, EngineStatus } from '../../supervisor';
import type { FixedTopic } from '../cockpit-bus';
import { auditEventJson } from '../cockpit-taps';
import { HISTORY_SIZE, type EventHistory } from './event-history';

const BOOK_DEPTH = 10;

/** The top BOOK_DEPTH levels of each side, [price, size] as decimal strings; null without a book. */
export type BookTop = { bids: [string, string][]; asks: [string, string][] } | null;

export interface EngineSnapshot {
  readonly status: EngineStatus;
  readonly signals: unknown[];
  readonly fills: unknown[];
  readonly book: BookTop;
}

export interface EngineTick {
  readonly mid: string | null;
  readonly unrealizedPnl: string;
  readonly realizedPnl: string;
  readonly book: BookTop;
  readonly serverTime: string;
}

/** The engine is not in the fleet (a client asked for engine:S of an unknown S). */
export class UnknownEngine extends Error {}

/** What a new subscriber sees first, and the per-second tick (mid, PnL, book), read from the engines, the books and the audit trail. */
export class CockpitSnapshots {
  constructor(
    private readonly manager: EngineManager,
    private readonly hub: MarketDataHub,
    private readonly audit: AuditReader,
    private readonly history: EventHistory,
    private readonly clock: Clock,
  ) {}

  /** Throws UnknownEngine when the fleet does not know the symbol. */
  engineStatus(symbol: string): EngineStatus {
    try {
      return this.manager.status(symbol);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'ENGINE_NOT_FOUND')
        throw new UnknownEngine(`no engine for ${symbol} in the fleet`);
      throw err;
    }
  }

  /** Status, recent signals and fills (oldest first, newest last), top of the book. */
  async engine(symbol: string): Promise<EngineSnapshot> {
    const status = this.engineStatus(symbol);
    const signals = this.manager
      .signals({ symbol, limit: HISTORY_SIZE })
      .reverse()
      .map(toSignalJson);
    const fills = (await this.audit.query({ symbol, action: 'fill', limit: HISTORY_SIZE }))
      .reverse()
      .map(auditEventJson);
    return { status, signals, fills, book: this.book(symbol) };
  }

  /** The recent events of a fixed topic, oldest first. */
  fixed(topic: Exclude<FixedTopic, 'fleet'>): { items: unknown[] } {
    return { items: this.history.items(topic) };
  }

  /** null when the engine is gone. */
  tick(symbol: string): EngineTick | null {
    let status: EngineStatus;
    try {
      status = this.manager.status(symbol);
    } catch {
      return null;
    }
    return {
      mid: this.mid(symbol),
      unrealizedPnl: status.unrealizedPnl,
      realizedPnl: status.realizedPnl,
      book: this.book(symbol),
      serverTime: isoUtc(this.clock.now()),
    };
  }

  private mid(symbol: string): string | null {
    const book = this.hub.book(symbol);
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    return bid && ask ? toWire(bid.price.add(ask.price).div(2)) : null;
  }

  private book(symbol: string): BookTop {
    const book = this.hub.book(symbol);
    if (!book) return null;
    const level = (l: BookLevel): [string, string] => [toWire(l.price), toWire(l.size)];
    return { bids: book.bids(BOOK_DEPTH).map(level), asks: book.asks(BOOK_DEPTH).map(level) };
  }
}

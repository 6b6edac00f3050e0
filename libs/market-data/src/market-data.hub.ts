import {
  normalizeSymbol,
  silentLogger,
  SystemClock,
  type Clock,
  type FeedHealth,
  type Instrument,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';
import type { MarketDataListener, MarketDataSubscription } from '@flotilla/engine';
import { BybitConnection, type ConnectionEvents, type ConnectionHealth } from './bybit-connection';
import { FeedRouter, type BookTap } from './feed-router';
import type { MarketDataHubApi } from './hub-api';
import { emptyCounters, type MarketDataStats } from './hub-stats';
import { IngestGate, type IngestOptions } from './ingest-gate';
import { IngestProbe, type IngestionReport, type IngestWindow } from './ingest-probe';
import { loadBybitInstruments } from './instruments';
import type { LocalOrderBook } from './local-order-book';
import type { SocketFactory } from './socket';
import { pingVenue } from './venue-ping';
import { SymbolFeed, type SymbolFeedDeps, type SymbolHealth } from './symbol-feed';
import { findBySymbol } from './symbol-lookup';

export interface MarketDataHubOptions {
  restUrl: string;
  wsPublicUrl: string;
  clock?: Clock;
  random?: () => number;
  topicsPerConnection?: number;
  subscribeBatchSize?: number;
  bookDepth?: number;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  staleAfterMs?: number;
  connectTimeoutMs?: number;
  backoff?: { initialMs?: number; maxMs?: number; resetAfterMs?: number };
  /** Spacing of one symbol's book resyncs; same shape and defaults as backoff (1 s → 30 s, 60 s reset). */
  resync?: { initialMs?: number; maxMs?: number; resetAfterMs?: number };
  logger?: StructuredLogger;
  /** Default: real `ws` sockets; tests pass a scripted socket. */
  createSocket?: SocketFactory;
  /** Time budget of the hub's work per event-loop turn and the bound of its backlog. */
  ingest?: IngestOptions;
  /** Every applied book update, in order, before conflation (an ingestion worker mirrors books with it). */
  bookTap?: BookTap;
  /** A symbol's synced book lost its sync (gap, crossed, reconnect, resync): a mirror must drop it. */
  bookLost?: (symbol: string) => void;
}

const TOPICS_PER_SYMBOL = 3;
const NO_FEED: FeedHealth = {
  connected: false,
  lastMessageAt: null,
  reconnects: 0,
  gaps: 0,
  malformed: 0,
};

/**
 * Multiplexes symbols over few Bybit v5 public connections, keeps one local book per symbol and
 * fans events out to listeners, all on the calling thread. Implements the engine's MarketDataPort.
 */
export class MainThreadMarketDataHub implements MarketDataHubApi {
  private readonly clock: Clock;
  private readonly logger: StructuredLogger;
  private readonly topicsPerConnection: number;
  private readonly bookDepth: number;
  private readonly staleAfterMs: number;
  private readonly counters = emptyCounters();
  private readonly router: FeedRouter;
  private readonly probe = new IngestProbe();
  private readonly gate: IngestGate;
  private readonly feeds = new Map<string, SymbolFeed>();
  private readonly conns: BybitConnection[] = [];
  private readonly connEvents: ConnectionEvents;
  private readonly feedDeps: SymbolFeedDeps;
  private instrumentsBySymbol = new Map<string, Instrument>();
  private staleTimer: TimerHandle | undefined;
  private closed = false;

  constructor(private readonly opts: MarketDataHubOptions) {
    this.clock = opts.clock ?? new SystemClock();
    this.logger = opts.logger ?? silentLogger;
    this.topicsPerConnection = Math.max(TOPICS_PER_SYMBOL, opts.topicsPerConnection ?? 300);
    this.bookDepth = opts.bookDepth ?? 50;
    this.staleAfterMs = opts.staleAfterMs ?? 10_000;
    this.router = new FeedRouter(this.clock, this.counters, this.logger, this.probe, opts.bookTap);
    this.gate = new IngestGate(this.clock, this.probe, this.router, opts.ingest);
    this.feedDeps = {
      clock: this.clock,
      logger: this.logger,
      bookDepth: this.bookDepth,
      resync: { ...opts.resync, random: opts.random },
      bookLost: opts.bookLost,
    };
    this.connEvents = {
      onData: (frame, conn, arrival) => this.router.onData(frame, conn, arrival),
      onMalformed: (conn, reason, topic) => this.router.malformedFrame(conn, reason, topic),
      onOpen: (conn, reconnect) => this.onConnOpen(conn, reconnect),
      onClose: () => undefined,
      onSubscribeFailure: (conn, topics, retMsg) => {
        this.logger.warn('market-data subscription rejected', { conn: conn.id, topics, retMsg });
      },
    };
  }

  async loadInstruments(): Promise<Instrument[]> {
    const list = await loadBybitInstruments({ restUrl: this.opts.restUrl }, this.logger);
    this.instrumentsBySymbol = new Map(list.map((i) => [i.symbol, i]));
    this.logger.info('instruments loaded', { count: list.length });
    return list;
  }

  instruments(): Instrument[] {
    return [...this.instrumentsBySymbol.values()];
  }

  instrument(symbol: string): Instrument | undefined {
    return findBySymbol(this.instrumentsBySymbol, symbol);
  }

  subscribe(symbol: string, listener: MarketDataListener): MarketDataSubscription {
    if (this.closed) throw new Error('market-data hub is closed');
    const id = normalizeSymbol(symbol);
    let feed = this.feeds.get(id);
    if (!feed) {
      const conn = this.connectionWithRoom();
      feed = new SymbolFeed(id, conn, this.feedDeps);
      this.feeds.set(id, feed);
      this.router.add(feed);
      conn.addTopics(feed.topics);
      this.ensureStaleTimer();
    }
    feed.listeners.add(listener);
    const owner = feed;
    let active = true;
    return {
      unsubscribe: () => {
        if (!active) return;
        active = false;
        owner.listeners.remove(listener);
        if (owner.listeners.size === 0 && this.feeds.get(id) === owner) this.dropFeed(owner);
      },
    };
  }

  feedHealth(symbol: string): FeedHealth {
    return findBySymbol(this.feeds, symbol)?.health() ?? NO_FEED;
  }

  /** feedHealth plus resync and stale-resubscribe counts; undefined for a symbol not subscribed. */
  symbolHealth(symbol: string): SymbolHealth | undefined {
    return findBySymbol(this.feeds, symbol)?.symbolHealth();
  }

  book(symbol: string): LocalOrderBook | undefined {
    return findBySymbol(this.feeds, symbol)?.book;
  }

  connections(): ConnectionHealth[] {
    return this.conns.map((c) => c.health());
  }

  stats(): MarketDataStats {
    let reconnects = 0;
    let subscribeFailures = 0;
    for (const c of this.conns) {
      reconnects += c.reconnects;
      subscribeFailures += c.subscribeFailures;
    }
    let listenerErrors = 0;
    for (const f of this.feeds.values()) listenerErrors += f.listeners.errors;
    return {
      ...this.counters,
      reconnects,
      subscribeFailures,
      listenerErrors,
      connections: this.conns.length,
      symbols: this.feeds.size,
    };
  }

  /** Stall diagnosis: read bursts, receive lag against the venue's ts, backlog and slices. */
  ingestion(): IngestionReport {
    return this.probe.snapshot();
  }

  /** The ingestion maxima since the previous call (a scrape window); starts the next window. */
  takeIngestionWindow(): IngestWindow {
    return this.probe.takeWindow();
  }

  /** Resolves when the venue's REST answers /v5/market/time within 2 s; rejects otherwise. */
  ping(): Promise<void> {
    return pingVenue(this.opts.restUrl);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.staleTimer?.cancel();
    this.staleTimer = undefined;
    this.gate.close();
    for (const feed of this.feeds.values()) feed.close();
    await Promise.all(this.conns.map((c) => c.close()));
  }

  private connectionWithRoom(): BybitConnection {
    for (const c of this.conns) {
      if (c.topicCount + TOPICS_PER_SYMBOL <= this.topicsPerConnection) return c;
    }
    const o = this.opts;
    const conn = new BybitConnection({
      id: this.conns.length + 1,
      url: o.wsPublicUrl,
      clock: this.clock,
      logger: this.logger,
      subscribeBatchSize: Math.min(10, Math.max(1, o.subscribeBatchSize ?? 10)),
      pingIntervalMs: o.pingIntervalMs ?? 20_000,
      pongTimeoutMs: o.pongTimeoutMs ?? 10_000,
      connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
      backoff: { ...o.backoff, random: o.random },
      events: this.connEvents,
      createSocket: o.createSocket,
      gate: this.gate,
    });
    this.conns.push(conn);
    return conn;
  }

  private dropFeed(feed: SymbolFeed): void {
    this.feeds.delete(feed.symbol);
    this.router.remove(feed);
    feed.close();
    feed.conn.removeTopics(feed.topics);
  }

  private onConnOpen(conn: BybitConnection, reconnect: boolean): void {
    const now = this.clock.monotonicMs();
    for (const feed of this.feeds.values()) {
      if (feed.conn !== conn) continue;
      feed.lastActivityMono = now;
      if (!reconnect) continue;
      feed.reconnects++;
      // The subscribe on open brings a fresh snapshot; until then the old book is not trusted.
      feed.book.invalidate();
    }
    if (reconnect)
      this.logger.info('market-data connection restored', {
        conn: conn.id,
        topics: conn.topicCount,
      });
  }

  private ensureStaleTimer(): void {
    if (this.staleTimer) return;
    const everyMs = Math.min(1000, Math.max(10, Math.floor(this.staleAfterMs / 4)));
    this.staleTimer = this.clock.setInterval(() => this.checkStale(), everyMs);
  }

  /** A symbol silent for staleAfterMs on a live connection, or a resync left unanswered, is resubscribed. */
  private checkStale(): void {
    const now = this.clock.monotonicMs();
    for (const feed of this.feeds.values()) {
      if (!feed.conn.connected) continue;
      if (now - feed.lastActivityMono >= this.staleAfterMs) {
        feed.staleResubscribes++;
        this.counters.staleResubscribes++;
        feed.lastActivityMono = now;
        feed.conn.resubscribe(feed.topics);
        this.logger.warn('market-data feed stale; resubscribing', {
          symbol: feed.symbol,
          staleAfterMs: this.staleAfterMs,
        });
      } else if (
        feed.resyncRequestedMono !== null &&
        now - feed.resyncRequestedMono >= this.staleAfterMs
      ) {
        this.router.resync(feed, 'snapshot overdue');
      }
    }
  }
}

/** `new MarketDataHub(opts)`: the one-thread hub; the type is what every hub offers. */
export const MarketDataHub = MainThreadMarketDataHub;
export type MarketDataHub = MarketDataHubApi;

import { availableParallelism } from 'node:os';
import {
  normalizeSymbol,
  silentLogger,
  type FeedHealth,
  type Instrument,
  type StructuredLogger,
} from '@flotilla/core';
import type { MarketDataListener, MarketDataSubscription } from '@flotilla/engine';
import type { ConnectionHealth } from '../bybit-connection';
import type { MarketDataHubApi } from '../hub-api';
import { emptyCounters, type MarketDataStats } from '../hub-stats';
import { IngestProbe, type IngestionReport, type IngestWindow } from '../ingest-probe';
import { DEFAULT_INGEST_BUDGET_MS } from '../ingest-gate';
import { loadBybitInstruments } from '../instruments';
import type { LocalOrderBook } from '../local-order-book';
import type { MarketDataHubOptions } from '../market-data.hub';
import { pingVenue } from '../venue-ping';
import type { SymbolHealth } from '../symbol-feed';
import { emptyWindow, foldWindow, mergeReports } from './merge-ingestion';
import { MirrorFeed } from './mirror-feed';
import { MirrorInbox } from './mirror-inbox';
import type { WireEvent, WorkerHealth } from './protocol';
import { ingestWorkerScript } from './worker-entry';
import { WorkerShard } from './worker-shard';
import { findBySymbol } from '../symbol-lookup';

export interface WorkerHubOptions extends Omit<
  MarketDataHubOptions,
  'clock' | 'random' | 'createSocket' | 'bookTap' | 'bookLost'
> {
  /** Ingestion workers (symbols sharded by name); default: the cores but one, 1 to 4. */
  workers?: number;
  /** Period of the workers' health snapshots (default 250 ms). */
  healthEveryMs?: number;
  /** The worker script; default ingestWorkerScript(). */
  workerScript?: string;
}

const NO_FEED: FeedHealth = {
  connected: false,
  lastMessageAt: null,
  reconnects: 0,
  gaps: 0,
  malformed: 0,
};

function shardOf(symbol: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193);
  return (h >>> 0) % shards;
}

/**
 * The hub with its venue sockets, JSON parsing and books in worker_threads (sharded by symbol).
 * The main thread keeps a mirror of each book (every applied update is forwarded), the merged ticker and the listeners,
 * so engines and views see the same API. Health and figures come from the workers' snapshots.
 * Uses the system clock (arrival stamps cross threads through performance.timeOrigin).
 */
export class WorkerMarketDataHub implements MarketDataHubApi {
  private readonly logger: StructuredLogger;
  private readonly shards: WorkerShard[] = [];
  private readonly feeds = new Map<string, MirrorFeed>();
  private readonly depth: number;
  private instrumentsBySymbol = new Map<string, Instrument>();
  private window = emptyWindow();
  private closed = false;
  private readonly inbox: MirrorInbox;

  constructor(private readonly opts: WorkerHubOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.depth = opts.bookDepth ?? 50;
    const budget = opts.ingest?.budgetMs ?? DEFAULT_INGEST_BUDGET_MS;
    this.inbox = new MirrorInbox({
      budgetMs: budget > 0 ? budget : Number.POSITIVE_INFINITY,
      apply: (e, levels) => this.apply(e, levels),
      open: () => !this.closed,
    });
    const count = opts.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    const script = opts.workerScript ?? ingestWorkerScript();
    const { logger: _l, workers: _w, workerScript: _s, ingest, ...hubOpts } = opts;
    // Only data crosses to a worker: the ingest options without their scheduler.
    const { yieldTurn: _y, ...ingestData } = ingest ?? {};
    for (let shard = 0; shard < count; shard++) {
      const init = {
        ...hubOpts,
        ingest: ingestData,
        shard,
        healthEveryMs: opts.healthEveryMs ?? 250,
      };
      this.shards.push(
        new WorkerShard(
          script,
          init,
          {
            events: (events, levels) => this.inbox.offer(events, levels),
            health: (health) => this.onHealth(shard, health),
            restarted: () => this.resubscribe(shard),
          },
          this.logger,
        ),
      );
    }
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
      feed = new MirrorFeed(id, shardOf(id, this.shards.length), this.depth, this.logger);
      this.feeds.set(id, feed);
      this.shards[feed.shard].post({ op: 'sub', s: id });
    }
    feed.listeners.add(listener);
    const owner = feed;
    let active = true;
    return {
      unsubscribe: () => {
        if (!active) return;
        active = false;
        owner.listeners.remove(listener);
        if (owner.listeners.size > 0 || this.feeds.get(id) !== owner) return;
        this.feeds.delete(id);
        if (!this.closed) this.shards[owner.shard].post({ op: 'unsub', s: id });
      },
    };
  }

  feedHealth(symbol: string): FeedHealth {
    const h = this.symbolHealth(symbol);
    if (h === undefined) return NO_FEED;
    const { connected, lastMessageAt, reconnects, gaps, malformed } = h;
    return { connected, lastMessageAt, reconnects, gaps, malformed };
  }

  symbolHealth(symbol: string): SymbolHealth | undefined {
    const feed = findBySymbol(this.feeds, symbol);
    if (!feed) return undefined;
    const snap = feed.health ?? this.shards[feed.shard].health?.symbols[feed.symbol];
    const base: SymbolHealth = snap ?? {
      ...NO_FEED,
      resyncs: 0,
      resyncsDeferred: 0,
      staleResubscribes: 0,
    };
    const seen = Math.max(base.lastMessageAt ?? 0, feed.lastMessageAt ?? 0);
    return { ...base, lastMessageAt: seen > 0 ? seen : null };
  }

  book(symbol: string): LocalOrderBook | undefined {
    return findBySymbol(this.feeds, symbol)?.book;
  }

  connections(): ConnectionHealth[] {
    return this.shards.flatMap((s, shard) =>
      (s.state?.connections ?? []).map((c) => ({ ...c, id: shard * 1000 + c.id })),
    );
  }

  stats(): MarketDataStats {
    const total: MarketDataStats = {
      ...emptyCounters(),
      reconnects: 0,
      subscribeFailures: 0,
      listenerErrors: 0,
      connections: 0,
      symbols: this.feeds.size,
    };
    for (const shard of this.shards) {
      const stats = shard.state?.stats;
      if (stats === undefined) continue;
      for (const key of Object.keys(total) as Array<keyof MarketDataStats>) {
        if (key !== 'symbols' && key !== 'listenerErrors') total[key] += stats[key];
      }
    }
    for (const f of this.feeds.values()) total.listenerErrors += f.listeners.errors;
    return total;
  }

  ingestion(): IngestionReport {
    return mergeReports(this.healths().map((h) => h.ingestion)) ?? new IngestProbe().snapshot();
  }

  takeIngestionWindow(): IngestWindow {
    const w = this.window;
    this.window = emptyWindow();
    return w;
  }

  ping(): Promise<void> {
    return pingVenue(this.opts.restUrl);
  }

  /** Workers and their restarts; `killWorker` stops one abruptly, as a crash would (fault drills). */
  workers(): Array<{ shard: number; restarts: number; symbols: number }> {
    return this.shards.map((s, shard) => ({
      shard,
      restarts: s.restarts,
      symbols: [...this.feeds.values()].filter((f) => f.shard === shard).length,
    }));
  }

  killWorker(shard: number): void {
    this.shards[shard]?.kill();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.shards.map((s) => s.close()));
  }

  private healths(): WorkerHealth[] {
    return this.shards.flatMap((s) => (s.health ? [s.health] : []));
  }

  /** A replacement worker: the shard's books are rebuilt from fresh snapshots. */
  private resubscribe(shard: number): void {
    for (const feed of this.feeds.values()) {
      if (feed.shard !== shard) continue;
      feed.book.invalidate();
      feed.health = undefined;
      this.shards[shard].post({ op: 'sub', s: feed.symbol });
    }
  }

  /** A full snapshot is newer than any symbol's last change: symbols read it until the next. */
  private onHealth(shard: number, health: WorkerHealth): void {
    foldWindow(this.window, health.window);
    for (const feed of this.feeds.values()) if (feed.shard === shard) feed.health = undefined;
  }

  /** One event of a worker's batch to its symbol's mirror; a mirror that cannot apply it asks for a snapshot. */
  private apply(e: WireEvent, levels: Float64Array | null): void {
    const feed = this.feeds.get(e[1]);
    if (feed !== undefined && !feed.apply(e, performance.timeOrigin, levels) && !this.closed)
      this.shards[feed.shard].post({ op: 'snap', s: feed.symbol });
  }
}

import { Backoff, Clock, TimerHandle } from '@flotilla/core';
import { RawData, WebSocket } from 'ws';
import { Market, SimTrade } from '../market';
import { rawToString } from '../public-stream';
import { MirrorBook } from './mirror-book';
import { parseUpstreamFrame } from './upstream-frames';

/** What an admin read shows of the mirror: connection, per-symbol staleness, counters. */
export interface MirrorStats {
  readonly upstream: string;
  readonly connected: boolean;
  readonly reconnects: number;
  readonly resyncs: number;
  readonly badFrames: number;
  readonly symbols: number;
  readonly synced: number;
  /** Milliseconds since the stalest symbol's last upstream update (null: one never updated). */
  readonly maxStalenessMs: number | null;
  readonly stale: readonly string[];
}

export interface MirrorFeedOptions {
  readonly wsUrl: string;
  readonly clock: Clock;
  readonly markets: readonly Market[];
  /** Called with each applied update, to publish it and let the exchange match on it. */
  readonly onUpdate: (market: Market, trades: SimTrade[]) => void;
  readonly depth?: number;
  /** A symbol with no upstream update for this long is reported stale. Default 30 s. */
  readonly staleAfterMs?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
}

const SUBSCRIBE_BATCH = 10;
const PING_MS = 20_000;

/**
 * Follows an upstream Bybit v5 public linear stream (orderbook.N and publicTrade for every
 * mirrored symbol). Reconnects with exponential backoff, resubscribes a book on a sequence gap
 * (the upstream answers with a snapshot) and never throws on a bad frame.
 */
export class MirrorFeed {
  private readonly books = new Map<string, MirrorBook>();
  private readonly depth: number;
  private ws: WebSocket | null = null;
  private timer: TimerHandle | null = null;
  private ping: TimerHandle | null = null;
  private readonly backoff: Backoff;
  private closed = false;
  private connected = false;
  private reconnects = 0;
  private resyncs = 0;
  private badFrames = 0;

  constructor(private readonly opts: MirrorFeedOptions) {
    this.depth = opts.depth ?? 50;
    this.backoff = new Backoff({
      initialMs: opts.backoffInitialMs ?? 500,
      maxMs: opts.backoffMaxMs ?? 30_000,
    });
    for (const m of opts.markets) this.books.set(m.symbol, new MirrorBook(m));
  }

  start(): void {
    this.connect();
  }

  stats(): MirrorStats {
    const now = this.opts.clock.now();
    const staleAfter = this.opts.staleAfterMs ?? 30_000;
    let max: number | null = 0;
    const stale: string[] = [];
    let synced = 0;
    for (const [symbol, book] of this.books) {
      if (book.synced) synced++;
      const age = book.lastUpdateMs === null ? null : now - book.lastUpdateMs;
      if (age === null || age > staleAfter) stale.push(symbol);
      max = age === null || max === null ? null : Math.max(max, age);
    }
    return {
      upstream: this.opts.wsUrl,
      connected: this.connected,
      reconnects: this.reconnects,
      resyncs: this.resyncs,
      badFrames: this.badFrames,
      symbols: this.books.size,
      synced,
      maxStalenessMs: this.books.size === 0 ? null : max,
      stale,
    };
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.ping?.cancel();
    this.ws?.terminate();
  }

  /** Handles one upstream text frame (exposed for specs on recorded frames). */
  onFrame(text: string): void {
    const frame = parseUpstreamFrame(text);
    if (frame === null) {
      this.badFrames++;
      return;
    }
    if (frame.kind === 'other') return;
    const book = this.books.get(frame.symbol);
    if (!book) return;
    const outcome = book.apply(frame, this.opts.clock.now());
    if (outcome.result === 'applied') this.opts.onUpdate(book.market, outcome.trades);
    else if (outcome.result === 'bad') this.badFrames++;
    else if (outcome.result === 'gap') this.resync(frame.symbol);
  }

  private connect(): void {
    if (this.closed) return;
    const ws = new WebSocket(this.opts.wsUrl);
    this.ws = ws;
    ws.on('open', () => {
      this.connected = true;
      this.backoff.reset();
      this.subscribe(ws, 'subscribe', this.topics([...this.books.keys()]));
      this.ping = this.opts.clock.setInterval(() => this.send(ws, { op: 'ping' }), PING_MS);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) this.onFrame(rawToString(data));
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.onClose(ws));
  }

  private onClose(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.connected = false;
    this.ping?.cancel();
    for (const book of this.books.values()) book.reset();
    if (this.closed) return;
    this.reconnects++;
    this.timer = this.opts.clock.setTimeout(() => this.connect(), this.backoff.nextDelayMs());
  }

  /** A gap: unsubscribe and subscribe the book again; the upstream answers with a snapshot. */
  private resync(symbol: string): void {
    this.resyncs++;
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const topic = `orderbook.${this.depth}.${symbol}`;
    this.send(ws, { op: 'unsubscribe', args: [topic] });
    this.send(ws, { op: 'subscribe', args: [topic] });
  }

  private topics(symbols: string[]): string[] {
    return symbols.flatMap((s) => [`orderbook.${this.depth}.${s}`, `publicTrade.${s}`]);
  }

  private subscribe(ws: WebSocket, op: 'subscribe', topics: string[]): void {
    for (let i = 0; i < topics.length; i += SUBSCRIBE_BATCH) {
      this.send(ws, { op, args: topics.slice(i, i + SUBSCRIBE_BATCH) });
    }
  }

  private send(ws: WebSocket, msg: Record<string, unknown>): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }
}

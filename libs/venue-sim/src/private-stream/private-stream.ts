import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { Clock, TimerHandle } from '@flotilla/core';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { ExchangeEvent, ExchangeListener } from '../exchange';
import { rawToString, rejectUpgrade } from '../public-stream';
import { DEFAULT_IDLE_SCAN_MS, maxActiveMsOf } from './alive-time';
import { handlePrivateFrame } from './frames';
import { messageFor, topicNamesFor } from './topics';

export const PRIVATE_PATH = '/v5/private';
/** A client this far behind is cut off (and counted) rather than buffered without bound. */
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/** What the stream needs of the exchange: the keys' secrets and their events. */
export interface PrivateEventSource {
  secretOf(key: string): string | undefined;
  subscribe(key: string, listener: ExchangeListener): () => void;
}

export interface PrivateStreamOptions {
  readonly clock: Clock;
  readonly source: PrivateEventSource;
  /** Per-socket send buffer bound; default DEFAULT_MAX_BUFFERED_BYTES. */
  readonly maxBufferedBytes?: number;
  /** How often idle sockets are looked for; default 30 s, as Bybit's sweeper. */
  readonly idleScanMs?: number;
  /** While true, upgrades are refused with 503 (the venue's `refuse` fault). */
  readonly refusing?: () => boolean;
}

export interface PrivateStreamStats {
  readonly connections: number;
  readonly authenticated: number;
  /** Topic subscriptions held, over all sockets. */
  readonly subscriptions: number;
  /** Sockets cut because their send buffer passed the bound. */
  readonly slowClientDrops: number;
  /** Sockets closed after their alive time passed without ping or data. */
  readonly idleDrops: number;
  /** Sockets closed by the `private-drop` fault. */
  readonly faultDrops: number;
}

interface Connection {
  readonly id: string;
  readonly ws: WebSocket;
  readonly maxActiveMs: number;
  readonly topics: Set<string>;
  key: string | null;
  lastActiveMs: number;
}

interface AccountFeed {
  readonly conns: Set<Connection>;
  readonly unsubscribe: () => void;
}

/**
 * Bybit v5's private stream `/v5/private`: auth by HMAC, the `order` / `execution` / `position` /
 * `wallet` topics (all-in-one or `.linear`) fed from the exchange's per-account events, ping/pong,
 * Bybit's idle cut-off (`max_active_time`) and a bounded send buffer per socket.
 */
export class PrivateStream {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
  });
  private readonly clock: Clock;
  private readonly source: PrivateEventSource;
  private readonly maxBufferedBytes: number;
  private readonly refusing: () => boolean;
  private readonly connections = new Set<Connection>();
  private readonly feeds = new Map<string, AccountFeed>();
  private readonly idleScan: TimerHandle;
  private slowClientDrops = 0;
  private idleDrops = 0;
  private faultDrops = 0;

  constructor(opts: PrivateStreamOptions) {
    this.clock = opts.clock;
    this.source = opts.source;
    this.maxBufferedBytes = opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.refusing = opts.refusing ?? (() => false);
    this.idleScan = this.clock.setInterval(
      () => this.closeIdle(),
      opts.idleScanMs ?? DEFAULT_IDLE_SCAN_MS,
    );
  }

  static isPrivatePath(requestUrl: string | undefined): boolean {
    return (requestUrl ?? '').split('?')[0] === PRIVATE_PATH;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const maxActiveMs = maxActiveMsOf(req.url ?? PRIVATE_PATH);
    if (maxActiveMs === null) return rejectUpgrade(socket, 400, 'Bad Request');
    if (this.refusing()) return rejectUpgrade(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, maxActiveMs));
  }

  /** Takes over an open socket (handleUpgrade's, or a test's). */
  accept(ws: WebSocket, maxActiveMs: number): void {
    const conn: Connection = {
      id: randomUUID(),
      ws,
      maxActiveMs,
      topics: new Set(),
      key: null,
      lastActiveMs: this.clock.now(),
    };
    this.connections.add(conn);
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(conn, data, isBinary));
    ws.on('close', () => this.forget(conn));
    ws.on('error', () => ws.terminate());
  }

  /** The `private-drop` fault: every private socket cut, as a network failure would. */
  dropAll(): number {
    const victims = [...this.connections].filter((c) => c.ws.readyState === WebSocket.OPEN);
    for (const conn of victims) conn.ws.terminate();
    this.faultDrops += victims.length;
    return victims.length;
  }

  stats(): PrivateStreamStats {
    let authenticated = 0;
    let subscriptions = 0;
    for (const conn of this.connections) {
      if (conn.key !== null) authenticated++;
      subscriptions += conn.topics.size;
    }
    return {
      connections: this.connections.size,
      authenticated,
      subscriptions,
      slowClientDrops: this.slowClientDrops,
      idleDrops: this.idleDrops,
      faultDrops: this.faultDrops,
    };
  }

  async close(): Promise<void> {
    this.idleScan.cancel();
    for (const conn of this.connections) conn.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    const nowMs = this.clock.now();
    const { reply, action } = handlePrivateFrame(isBinary ? '' : rawToString(data), {
      connId: conn.id,
      nowMs,
      key: conn.key,
      secretOf: (k) => this.source.secretOf(k),
      isSubscribed: (t) => conn.topics.has(t),
    });
    switch (action.kind) {
      case 'ping':
        conn.lastActiveMs = nowMs;
        break;
      case 'authenticated':
        conn.key = action.key;
        this.feedOf(action.key).conns.add(conn);
        break;
      case 'subscribe':
        for (const topic of action.topics) conn.topics.add(topic);
        break;
      case 'unsubscribe':
        for (const topic of action.topics) conn.topics.delete(topic);
        break;
      case 'none':
        break;
    }
    this.send(conn, JSON.stringify(reply));
  }

  private feedOf(key: string): AccountFeed {
    let feed = this.feeds.get(key);
    if (!feed) {
      const conns = new Set<Connection>();
      const unsubscribe = this.source.subscribe(key, (event) => this.publish(conns, event));
      feed = { conns, unsubscribe };
      this.feeds.set(key, feed);
    }
    return feed;
  }

  /** One exchange event to every socket of the account subscribed to one of its topic names. */
  private publish(conns: ReadonlySet<Connection>, event: ExchangeEvent): void {
    for (const topic of topicNamesFor(event.topic)) {
      let text: string | undefined;
      for (const conn of [...conns]) {
        if (!conn.topics.has(topic)) continue;
        if (text === undefined) {
          const message = messageFor(topic, event, randomUUID());
          if (message === null) break;
          text = JSON.stringify(message);
        }
        if (this.send(conn, text)) conn.lastActiveMs = this.clock.now();
      }
    }
  }

  private send(conn: Connection, text: string): boolean {
    if (conn.ws.readyState !== WebSocket.OPEN) return false;
    if (conn.ws.bufferedAmount > this.maxBufferedBytes) {
      this.slowClientDrops++;
      conn.ws.terminate();
      return false;
    }
    conn.ws.send(text);
    return true;
  }

  private closeIdle(): void {
    const nowMs = this.clock.now();
    for (const conn of [...this.connections]) {
      if (conn.ws.readyState !== WebSocket.OPEN) continue;
      if (nowMs - conn.lastActiveMs < conn.maxActiveMs) continue;
      this.idleDrops++;
      conn.ws.terminate();
    }
  }

  private forget(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.key === null) return;
    const feed = this.feeds.get(conn.key);
    if (!feed) return;
    feed.conns.delete(conn);
    if (feed.conns.size > 0) return;
    feed.unsubscribe();
    this.feeds.delete(conn.key);
  }
}

import WebSocket from 'ws';
import {
  Backoff,
  type BackoffOptions,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';
import { parseFrame, type BybitFrame } from './bybit-frames';
import { IngestGate, type Arrival, type IngestSink } from './ingest-gate';
import { IngestProbe } from './ingest-probe';
import { openWebSocket, type PublicSocket, type SocketFactory } from './socket';

export interface ConnectionHealth {
  readonly id: number;
  readonly connected: boolean;
  readonly topics: number;
  readonly lastMessageAt: number | null;
  readonly reconnects: number;
  readonly malformed: number;
  /** Book deltas on this connection whose update id was not previous + 1. */
  readonly gaps: number;
  readonly subscribeFailures: number;
  /** Connection attempts that never opened (refused, timed out). */
  readonly failedConnects: number;
}

export type DataFrame = Extract<BybitFrame, { kind: 'data' }>;

export interface ConnectionEvents {
  onData(frame: DataFrame, conn: BybitConnection, arrival: Arrival): void;
  /** A frame could not be parsed (not JSON, no topic/op...); topic when the frame still named one. */
  onMalformed(conn: BybitConnection, reason: string, topic: string | undefined): void;
  onOpen(conn: BybitConnection, reconnect: boolean): void;
  onClose(conn: BybitConnection): void;
  onSubscribeFailure(conn: BybitConnection, topics: readonly string[], retMsg: string): void;
}

export interface ConnectionOptions {
  id: number;
  url: string;
  clock: Clock;
  logger: StructuredLogger;
  subscribeBatchSize: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  connectTimeoutMs: number;
  backoff: BackoffOptions;
  events: ConnectionEvents;
  /** Default: a real `ws` WebSocket. */
  createSocket?: SocketFactory;
  /** Bounds the parsing per turn of the event loop; default: the connection's own gate. */
  gate?: IngestGate;
}

const NO_SLICES = { begin: (): void => undefined, end: (): void => undefined };

const MAX_PENDING_REQUESTS = 1000;

/**
 * One Bybit v5 public WebSocket carrying a set of topics. It owns its reconnect loop
 * (exponential backoff with jitter), heartbeats and (re)subscription; the hub owns the data.
 */
export class BybitConnection implements IngestSink {
  readonly id: number;
  private readonly gate: IngestGate;
  private readonly topicSet = new Set<string>();
  private readonly pending = new Map<string, readonly string[]>();
  private readonly backoff: Backoff;
  private socket: PublicSocket | undefined;
  private openedBefore = false;
  private closed = false;
  private reqSeq = 0;
  private pingTimer: TimerHandle | undefined;
  private pongTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private lastMessageMono = 0;
  lastMessageAt: number | null = null;
  reconnects = 0;
  malformed = 0;
  gaps = 0;
  subscribeFailures = 0;
  failedConnects = 0;

  constructor(private readonly opts: ConnectionOptions) {
    this.id = opts.id;
    this.backoff = new Backoff(opts.backoff);
    this.gate = opts.gate ?? new IngestGate(opts.clock, new IngestProbe(), NO_SLICES);
    this.gate.add(this);
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  get topicCount(): number {
    return this.topicSet.size;
  }

  health(): ConnectionHealth {
    return {
      id: this.id,
      connected: this.connected,
      topics: this.topicSet.size,
      lastMessageAt: this.lastMessageAt,
      reconnects: this.reconnects,
      malformed: this.malformed,
      gaps: this.gaps,
      subscribeFailures: this.subscribeFailures,
      failedConnects: this.failedConnects,
    };
  }

  start(): void {
    if (!this.socket && !this.reconnectTimer && !this.closed) this.connect();
  }

  addTopics(topics: readonly string[]): void {
    const fresh = topics.filter((t) => !this.topicSet.has(t));
    for (const t of fresh) this.topicSet.add(t);
    if (this.connected) this.request('subscribe', fresh);
    else this.start();
  }

  removeTopics(topics: readonly string[]): void {
    const present = topics.filter((t) => this.topicSet.delete(t));
    if (this.connected) this.request('unsubscribe', present);
  }

  /** Unsubscribe then subscribe again, which makes the venue send fresh snapshots. */
  resubscribe(topics: readonly string[]): void {
    if (!this.connected) return;
    const present = topics.filter((t) => this.topicSet.has(t));
    this.request('unsubscribe', present);
    this.request('subscribe', present);
  }

  /** Drops the socket as if the network failed; the reconnect loop takes over. */
  terminate(): void {
    this.socket?.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.gate.remove(this);
    this.reconnectTimer?.cancel();
    this.reconnectTimer = undefined;
    this.stopHeartbeat();
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close();
      // A peer that never answers the close handshake must not hold shutdown.
      this.opts.clock.setTimeout(() => socket.terminate(), 1000);
    });
  }

  private connect(): void {
    const { clock, logger } = this.opts;
    const socket = (this.opts.createSocket ?? openWebSocket)(this.opts.url, {
      perMessageDeflate: false,
      handshakeTimeout: this.opts.connectTimeoutMs,
    });
    this.socket = socket;
    let opened = false;
    socket.on('open', () => {
      opened = true;
      this.backoff.markConnected(clock.monotonicMs());
      const reconnect = this.openedBefore;
      this.openedBefore = true;
      if (reconnect) this.reconnects++;
      this.lastMessageMono = clock.monotonicMs();
      if (this.gate.isPaused) socket.pause?.();
      this.request('subscribe', [...this.topicSet]);
      this.startHeartbeat();
      this.opts.events.onOpen(this, reconnect);
    });
    socket.on('message', (data: WebSocket.RawData) => {
      // Any frame proves the link alive, even one that waits in the queue.
      this.lastMessageMono = clock.monotonicMs();
      this.lastMessageAt = clock.now();
      this.gate.offer(this, data);
    });
    socket.on('error', (err: Error) => {
      logger.debug('market-data socket error', { conn: this.id, error: err.message });
    });
    socket.on('close', (code: number) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (!opened) this.failedConnects++;
      this.stopHeartbeat();
      this.pending.clear();
      this.backoff.markDisconnected(clock.monotonicMs());
      this.opts.events.onClose(this);
      if (this.closed) return;
      const delayMs = this.backoff.nextDelayMs();
      logger.warn('market-data connection closed; reconnecting', {
        conn: this.id,
        code,
        delayMs,
        attempt: this.backoff.attempts,
      });
      this.reconnectTimer = clock.setTimeout(() => {
        this.reconnectTimer = undefined;
        if (!this.closed) this.connect();
      }, delayMs);
    });
  }

  /** Stops / restarts reading the socket (TCP backpressure) while the hub's queue is full. */
  pauseReading(): void {
    this.socket?.pause?.();
  }
  resumeReading(): void {
    this.socket?.resume?.();
  }

  /** Parses and dispatches one frame; the gate calls it now or in a later turn. */
  process(data: WebSocket.RawData, arrival: Arrival): void {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString()
      : Buffer.isBuffer(data)
        ? data.toString()
        : Buffer.from(data).toString();
    const frame = parseFrame(text);
    switch (frame.kind) {
      case 'data':
        this.opts.events.onData(frame, this, arrival);
        return;
      case 'pong':
        return;
      case 'ack':
        this.onAck(frame);
        return;
      case 'malformed':
        this.malformed++;
        this.opts.events.onMalformed(this, frame.reason, frame.topic);
        return;
    }
  }

  private onAck(ack: Extract<BybitFrame, { kind: 'ack' }>): void {
    const topics = ack.reqId === undefined ? undefined : this.pending.get(ack.reqId);
    if (ack.reqId !== undefined) this.pending.delete(ack.reqId);
    if (ack.success) return;
    this.subscribeFailures++;
    this.opts.events.onSubscribeFailure(this, topics ?? [], ack.retMsg);
    // The venue rejects a whole batch for one bad topic; retry the others one by one so a
    // single unknown symbol cannot starve the symbols that shared its batch.
    if (ack.op === 'subscribe' && topics && topics.length > 1) {
      for (const t of topics) if (this.topicSet.has(t)) this.request('subscribe', [t]);
    }
  }

  private request(op: 'subscribe' | 'unsubscribe', topics: readonly string[]): void {
    const batch = this.opts.subscribeBatchSize;
    for (let i = 0; i < topics.length; i += batch) {
      const args = topics.slice(i, i + batch);
      const reqId = `${this.id}-${++this.reqSeq}`;
      if (this.pending.size >= MAX_PENDING_REQUESTS) {
        const oldest = this.pending.keys().next().value;
        if (oldest !== undefined) this.pending.delete(oldest);
      }
      this.pending.set(reqId, args);
      this.send({ op, args, req_id: reqId });
    }
  }

  private send(msg: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }

  private startHeartbeat(): void {
    const { clock, pingIntervalMs, pongTimeoutMs, logger } = this.opts;
    this.stopHeartbeat();
    this.pingTimer = clock.setInterval(() => {
      const sentMono = clock.monotonicMs();
      this.send({ op: 'ping', req_id: `${this.id}-ping-${++this.reqSeq}` });
      this.pongTimer?.cancel();
      this.pongTimer = clock.setTimeout(() => {
        if (this.lastMessageMono >= sentMono) return;
        logger.warn('market-data heartbeat timed out; dropping connection', {
          conn: this.id,
          pongTimeoutMs,
        });
        this.socket?.terminate();
      }, pongTimeoutMs);
    }, pingIntervalMs);
  }

  private stopHeartbeat(): void {
    this.pingTimer?.cancel();
    this.pongTimer?.cancel();
    this.pingTimer = undefined;
    this.pongTimer = undefined;
  }
}

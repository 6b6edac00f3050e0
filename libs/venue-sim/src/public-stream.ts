import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { FaultBoard } from './faults';
import { garbageAfter, TOPICLESS_GARBAGE, topicGarbage } from './garbage';
import { Market, SimTrade } from './market';
import { handleClientFrame, parseTopic, Topic } from './protocol';
import { SimState } from './sim-state';
import { bookSnapshot, tickerDelta, wireLevels, wireStreamTrade, wireTicker } from './wire';

export const PUBLIC_LINEAR_PATH = '/v5/public/linear';
/** A client this far behind is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

interface Connection {
  readonly id: string;
  readonly ws: WebSocket;
  /** The TCP socket under ws: corked while a batch of updates is written (see corked()). */
  readonly socket: Duplex;
  readonly topics: Set<string>;
}

/** The public linear stream: connections, topic subscriptions, fan-out of market updates. */
export class PublicStream {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
  });
  private readonly connections = new Set<Connection>();
  private readonly subscribers = new Map<string, Set<Connection>>();
  private readonly topicsBySymbol = new Map<string, Set<string>>();
  private readonly lastTicker = new Map<string, Record<string, string>>();

  constructor(
    private readonly state: SimState,
    private readonly faults: FaultBoard,
  ) {}

  get connectionCount(): number {
    return this.connections.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0];
    if (path !== PUBLIC_LINEAR_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (this.faults.has('refuse')) return rejectUpgrade(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket));
  }

  /** Pushes one market update to whoever subscribes to the symbol's topics. */
  publish(market: Market, trades: readonly SimTrade[]): void {
    const topics = this.topicsBySymbol.get(market.symbol);
    if (!topics || this.faults.covers('stall', market.symbol)) return;
    const garbage = this.faults.covers('garbage', market.symbol);
    for (const topic of topics) {
      const frame = this.updateFrame(market, topic, trades);
      if (frame === null) continue;
      const text = JSON.stringify(frame);
      const junk = garbage ? garbageAfter(topic, text, market.ts, market.u) : null;
      for (const conn of this.subscribers.get(topic) ?? []) {
        this.send(conn, text);
        if (junk !== null) this.send(conn, junk);
      }
    }
  }

  /**
   * Runs fn (which publishes) with every connection's socket corked, so the frames it sends go out
   * in one write per socket instead of one system call per frame: a 1,000-symbol market spent
   * over a third of its CPU in those writes, and the reader one read per frame.
   */
  corked(fn: () => void): void {
    const socks = [...this.connections].map((c) => c.socket);
    for (const s of socks) s.cork();
    try {
      fn();
    } finally {
      for (const s of socks) s.uncork();
    }
  }

  /** Drop fault: cut the sockets abruptly, as a network failure would. */
  drop(symbol: string | null): number {
    const victims = this.connectionsFor(symbol);
    for (const conn of victims) conn.ws.terminate();
    return victims.length;
  }

  /** Topicless junk, then for each of the socket's topics (of the symbol) a wrong-shape and a cut frame. */
  garbageBurst(symbol: string | null): number {
    const targets = this.connectionsFor(symbol);
    const ts = this.state.clock.now();
    for (const conn of targets) {
      for (const text of TOPICLESS_GARBAGE) this.send(conn, text);
      for (const topic of conn.topics) {
        if (symbol !== null && parseTopic(topic)?.symbol !== symbol) continue;
        for (const text of topicGarbage(topic, ts)) this.send(conn, text);
      }
    }
    return targets.length;
  }

  /** After a stall the venue re-sends book snapshots, so subscribers resume from a clean state. */
  resumeAfterStall(symbol: string | null): void {
    for (const [topic, conns] of this.subscribers) {
      const parsed = parseTopic(topic);
      if (!parsed || parsed.kind !== 'orderbook') continue;
      if (symbol !== null && parsed.symbol !== symbol) continue;
      const market = this.state.markets.get(parsed.symbol);
      if (!market) continue;
      const text = JSON.stringify(this.snapshotFrame(market, topic, parsed));
      for (const conn of conns) this.send(conn, text);
    }
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, socket: Duplex): void {
    const conn: Connection = { id: randomUUID(), ws, socket, topics: new Set() };
    this.connections.add(conn);
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(conn, data, isBinary));
    ws.on('close', () => this.forget(conn));
    ws.on('error', () => ws.terminate());
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    if (this.faults.covers('stall', null)) return;
    const text = isBinary ? '' : rawToString(data);
    const result = handleClientFrame(text, {
      connId: conn.id,
      isKnownSymbol: (s) => this.state.markets.has(s),
      isSubscribed: (t) => conn.topics.has(t),
    });
    this.send(conn, JSON.stringify(result.reply));
    for (const topic of result.unsubscribe) this.removeTopic(conn, topic);
    for (const topic of result.subscribe) this.addTopic(conn, topic);
  }

  private addTopic(conn: Connection, topic: string): void {
    const parsed = parseTopic(topic);
    const market = parsed && this.state.markets.get(parsed.symbol);
    if (!parsed || !market) return;
    conn.topics.add(topic);
    let conns = this.subscribers.get(topic);
    if (!conns) {
      conns = new Set();
      this.subscribers.set(topic, conns);
      let topics = this.topicsBySymbol.get(parsed.symbol);
      if (!topics) this.topicsBySymbol.set(parsed.symbol, (topics = new Set()));
      topics.add(topic);
    }
    conns.add(conn);
    if (parsed.kind === 'publicTrade' || this.faults.covers('stall', parsed.symbol)) return;
    this.send(conn, JSON.stringify(this.snapshotFrame(market, topic, parsed)));
  }

  private removeTopic(conn: Connection, topic: string): void {
    conn.topics.delete(topic);
    const conns = this.subscribers.get(topic);
    if (!conns) return;
    conns.delete(conn);
    if (conns.size > 0) return;
    this.subscribers.delete(topic);
    const parsed = parseTopic(topic);
    if (!parsed) return;
    const topics = this.topicsBySymbol.get(parsed.symbol);
    topics?.delete(topic);
    if (topics?.size === 0) this.topicsBySymbol.delete(parsed.symbol);
    if (parsed.kind === 'tickers') this.lastTicker.delete(parsed.symbol);
  }

  private forget(conn: Connection): void {
    this.connections.delete(conn);
    for (const topic of [...conn.topics]) this.removeTopic(conn, topic);
  }

  private snapshotFrame(market: Market, topic: string, parsed: Topic): Record<string, unknown> {
    const ts = market.ts;
    if (parsed.kind === 'orderbook') {
      return { topic, type: 'snapshot', ts, data: bookSnapshot(market, parsed.depth), cts: ts - 1 };
    }
    const ticker = this.lastTicker.get(market.symbol) ?? wireTicker(market);
    this.lastTicker.set(market.symbol, ticker);
    return { topic, type: 'snapshot', ts, cs: market.seq, data: ticker };
  }

  private updateFrame(
    market: Market,
    topic: string,
    trades: readonly SimTrade[],
  ): Record<string, unknown> | null {
    const parsed = parseTopic(topic);
    if (!parsed) return null;
    const ts = market.ts;
    switch (parsed.kind) {
      case 'orderbook': {
        const delta = market.delta(parsed.depth);
        const data = {
          s: market.symbol,
          b: wireLevels(market, delta.bids),
          a: wireLevels(market, delta.asks),
          u: market.u,
          seq: market.seq,
        };
        return { topic, type: 'delta', ts, data, cts: ts - 1 };
      }
      case 'publicTrade':
        if (trades.length === 0) return null;
        return { topic, type: 'snapshot', ts, data: trades.map((t) => wireStreamTrade(market, t)) };
      case 'tickers': {
        const current = wireTicker(market);
        const previous = this.lastTicker.get(market.symbol) ?? {};
        this.lastTicker.set(market.symbol, current);
        return { topic, type: 'delta', ts, cs: market.seq, data: tickerDelta(previous, current) };
      }
    }
  }

  private connectionsFor(symbol: string | null): Connection[] {
    const all = [...this.connections];
    if (symbol === null) return all;
    return all.filter((c) => [...c.topics].some((t) => parseTopic(t)?.symbol === symbol));
  }

  private send(conn: Connection, text: string): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    if (conn.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      conn.ws.terminate();
      return;
    }
    conn.ws.send(text);
  }
}

export function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ error: reason });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

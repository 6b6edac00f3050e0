import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Clock, TimerHandle } from '@flotilla/core';
import type { AuditReader } from '@flotilla/execution';
import type { MarketDataHub } from '@flotilla/market-data';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ApiToken } from '../../auth/api-token';
import { API_TOKEN } from '../../auth/bearer-auth.guard';
import { AuthFailureLimiter } from '../../http/auth-failure-limiter';
import { clientIp } from '../../http/client-ip';
import {
  AUDIT_READER,
  CLOCK,
  COCKPIT_BUS,
  ENGINE_MANAGER,
  MARKET_DATA,
} from '../../runtime/tokens';
import type { EngineManager } from '../../supervisor';
import type { CockpitBus } from '../cockpit-bus';
import { CockpitSnapshots } from './cockpit-snapshots';
import { EventHistory } from './event-history';
import { FleetFeed } from './fleet-feed';
import { TopicRouter } from './topic-router';
import { pathOf, refuseUpgrade } from './upgrade-refusal';
import { WsAuth } from './ws-auth';
import { errorFrame, eventFrame, heartbeatFrame, pongFrame, welcomeFrame } from './ws-frames';
import { parseClientMessage } from './ws-messages';
import {
  CLOSE_GOING_AWAY,
  CLOSE_UNAUTHORIZED,
  COCKPIT_WS_OPTIONS,
  DEFAULT_WS_OPTIONS,
  type CockpitWsOptions,
} from './ws-options';
import { WsSession } from './ws-session';

export const WS_PATH = '/ws';
/** How long shutdown waits for clients to acknowledge 1001 before destroying their sockets. */
const SHUTDOWN_GRACE_MS = 1_000;

const textOf = (data: RawData): string =>
  (Buffer.isBuffer(data)
    ? data
    : Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.from(data)
  ).toString('utf8');

/**
 * `WS /ws` on the orchestrator's own HTTP server (docs/ws-protocol.md): authenticates the upgrade
 * or the first message, then serves subscriptions from one bus listener, the fleet differ and the
 * engine ticks through TopicRouter, each client behind its own bounded WsSession.
 */
@Injectable()
export class CockpitWsGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CockpitWsGateway.name);
  private readonly options: CockpitWsOptions;
  private readonly clock: Clock;
  private readonly wss: WebSocketServer;
  private readonly auth: WsAuth;
  private readonly history = new EventHistory();
  private readonly fleet: FleetFeed;
  private readonly router: TopicRouter;
  private readonly sessions = new Set<WsSession>();
  /** Sockets still owing their first (auth) message. */
  private unauthenticated = 0;
  private readonly timers: TimerHandle[] = [];
  private server: Server | null = null;
  private unsubscribeBus: (() => void) | null = null;
  private shuttingDown = false;
  private allClosed: (() => void) | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(COCKPIT_BUS) private readonly bus: CockpitBus,
    @Inject(ENGINE_MANAGER) manager: EngineManager,
    @Inject(MARKET_DATA) hub: MarketDataHub,
    @Inject(AUDIT_READER) audit: AuditReader,
    @Inject(API_TOKEN) token: ApiToken,
    @Inject(CLOCK) appClock: Clock,
    @Inject(COCKPIT_WS_OPTIONS) options: Partial<CockpitWsOptions>,
    @Optional() failures?: AuthFailureLimiter,
  ) {
    this.options = { ...DEFAULT_WS_OPTIONS, ...options };
    this.clock = this.options.clock ?? appClock;
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: this.options.maxMessageBytes,
    });
    this.auth = new WsAuth(token, failures);
    const snapshots = new CockpitSnapshots(manager, hub, audit, this.history, this.clock);
    this.fleet = new FleetFeed(
      // The shared snapshot (states current; ages up to 1 s): no fleet read of its own per poll.
      () => manager.snapshots.now().fleet,
      this.clock,
      this.options.diffIntervalMs,
      this.options.volatileDiffIntervalMs,
      (diff, frame) => this.router.fleetDiff(diff, frame),
    );
    this.router = new TopicRouter(snapshots, this.fleet, this.clock, (topic, err) =>
      this.logger.warn(
        `/ws snapshot of ${topic} failed: ${(err as Error)?.message ?? String(err)}`,
      ),
    );
  }

  /** Open sessions (authenticated or not); for tests and metrics. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Bytes held in sessions' queues beyond their sockets' buffers. */
  get queuedBytes(): number {
    let bytes = 0;
    for (const session of this.sessions) bytes += session.queuedBytes;
    return bytes;
  }

  /** Bytes held unsent in the sessions' sockets. */
  get bufferedBytes(): number {
    let bytes = 0;
    for (const session of this.sessions) bytes += session.bufferedAmount;
    return bytes;
  }

  onApplicationBootstrap(): void {
    this.unsubscribeBus = this.bus.subscribe((event) => {
      this.history.record(event);
      this.router.publish(event);
    });
    const { clock, options } = this;
    this.timers.push(
      clock.setInterval(() => this.heartbeat(), options.heartbeatMs),
      clock.setInterval(() => this.router.tick(), options.tickMs),
      clock.setInterval(() => this.check(), options.diffIntervalMs),
    );
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    this.server?.off('upgrade', this.onUpgrade);
    this.timers.splice(0).forEach((t) => t.cancel());
    this.unsubscribeBus?.();
    this.fleet.stop();
    if (this.sessions.size > 0) {
      const closed = new Promise<void>((resolve) => {
        this.allClosed = resolve;
      });
      for (const session of this.sessions) session.close(CLOSE_GOING_AWAY, 'server shutting down');
      const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
      await Promise.race([closed, grace]);
      for (const session of this.sessions) session.terminate();
    }
    this.wss.close();
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(req.url) !== WS_PATH) {
      refuseUpgrade(socket, 404, `no WebSocket endpoint at ${pathOf(req.url) ?? 'that path'}`);
      return;
    }
    if (this.shuttingDown) {
      refuseUpgrade(socket, 503, 'shutting down');
      return;
    }
    const verdict = this.auth.checkUpgrade(req);
    if (verdict.kind === 'refuse') {
      refuseUpgrade(socket, verdict.status, verdict.message, verdict.retryAfterS);
      return;
    }
    if (!verdict.authenticated && this.unauthenticated >= this.options.maxUnauthenticated) {
      refuseUpgrade(socket, 503, 'too many connections waiting to authenticate; retry shortly', 1);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, verdict.authenticated));
  };

  private accept(ws: WebSocket, req: IncomingMessage, authenticated: boolean): void {
    const session = new WsSession(
      ws,
      this.options,
      this.clock,
      (diff) => eventFrame('fleet', 'diff', diff, this.clock.now()),
      (bytes) =>
        this.logger.warn(
          `/ws client ${clientIp(req)} closed 4008 (slow consumer): ${bytes} bytes unsent`,
        ),
    );
    this.sessions.add(session);
    let authTimer: TimerHandle | null = null;
    ws.on('pong', () => session.pong());
    ws.on('error', (err) => this.logger.debug(`/ws socket error: ${err.message}`));
    ws.on('close', () => {
      authTimer?.cancel();
      if (!session.authenticated) this.unauthenticated--;
      session.onSocketClosed();
      this.router.remove(session);
      this.sessions.delete(session);
      if (this.sessions.size === 0) this.allClosed?.();
    });
    if (authenticated) this.welcome(session);
    else {
      this.unauthenticated++;
      authTimer = this.clock.setTimeout(() => {
        this.auth.recordTimeout(req);
        session.close(CLOSE_UNAUTHORIZED, 'auth timeout');
      }, this.options.authTimeoutMs);
    }
    ws.on('message', (data, isBinary) => {
      if (!session.isOpen) return;
      if (!session.authenticated) {
        authTimer?.cancel();
        if (isBinary || !this.auth.checkFirstMessage(req, textOf(data))) {
          session.close(CLOSE_UNAUTHORIZED, 'unauthorized');
          return;
        }
        this.unauthenticated--;
        this.welcome(session);
        return;
      }
      if (isBinary) session.send(errorFrame('BAD_REQUEST', 'send JSON text frames, not binary'));
      else this.handle(session, textOf(data));
    });
  }

  private welcome(session: WsSession): void {
    session.authenticated = true;
    session.send(welcomeFrame(this.options.heartbeatMs, this.clock.now()));
  }

  private handle(session: WsSession, text: string): void {
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      session.send(errorFrame('BAD_REQUEST', parsed.error));
      return;
    }
    const message = parsed.value;
    switch (message.op) {
      case 'subscribe':
        this.router.subscribe(session, message.topics);
        return;
      case 'unsubscribe':
        this.router.unsubscribe(session, message.topics);
        return;
      case 'ping':
        session.send(pongFrame(this.clock.now()));
        return;
    }
  }

  private heartbeat(): void {
    const data = heartbeatFrame(this.clock.now());
    for (const session of this.sessions) if (session.authenticated) session.heartbeat(data);
  }

  private check(): void {
    const now = this.clock.monotonicMs();
    for (const session of this.sessions) session.check(now);
  }
}

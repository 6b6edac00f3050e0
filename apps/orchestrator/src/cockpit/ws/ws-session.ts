import type { Clock, TimerHandle } from '@flotilla/core';
import type { CockpitTopic } from '../cockpit-bus';
import type { FleetDiff } from './fleet-differ';
import { OutboundQueue } from './outbound-queue';
import { CLOSE_SLOW_CONSUMER } from './ws-options';
import type { Frame } from './ws-frames';

/** What a session needs of its socket (ws's WebSocket has it; unit tests pass a fake). */
export interface SessionSocket {
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }): void;
  close(code: number, reason: string): void;
  terminate(): void;
  ping(): void;
}

export interface SessionLimits {
  readonly maxQueuedFrames: number;
  readonly hardLimitBytes: number;
  readonly slowConsumerGraceMs: number;
}

/** Events that arrive while a topic's snapshot is being built wait for it, at most this many. */
const MAX_HELD_PER_TOPIC = 50;
/** After a close that a full socket cannot carry, the socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;

/**
 * One client: its subscriptions and its bounded way out. Frames go straight to the socket while
 * its buffer is under the hard limit, else into the OutboundQueue; a socket that stays over the
 * limit for the grace period, or a queue that cannot make room, closes the client with 4008.
 */
export class WsSession {
  readonly topics = new Set<CockpitTopic>();
  /** Set once the header or the first message carried the token. */
  authenticated = false;
  private readonly held = new Map<CockpitTopic, Frame[]>();
  private readonly queue: OutboundQueue;
  private missedPings = 0;
  private overLimitSinceMs: number | null = null;
  private closing: TimerHandle | null = null;
  private ended = false;

  constructor(
    private readonly socket: SessionSocket,
    private readonly limits: SessionLimits,
    private readonly clock: Clock,
    fleetFrame: (diff: FleetDiff) => Frame,
    private readonly onSlowConsumer: (bufferedBytes: number) => void = () => undefined,
  ) {
    this.queue = new OutboundQueue(limits.maxQueuedFrames, limits.hardLimitBytes, fleetFrame);
  }

  get isOpen(): boolean {
    return !this.ended && this.closing === null;
  }

  /** Bytes this session holds beyond the socket's own buffer (for tests and the leak check). */
  get queuedBytes(): number {
    return this.queue.byteLength;
  }

  /** Bytes the socket itself holds, unsent. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** Replies and snapshots: never dropped (a client that lets them pile up is closed instead). */
  send(data: Frame): void {
    this.deliver(data, false);
  }

  /** An event on a subscribed topic: held while its snapshot is built, droppable once queued. */
  sendEvent(topic: CockpitTopic, data: Frame): void {
    const held = this.held.get(topic);
    if (held) {
      if (held.length >= MAX_HELD_PER_TOPIC) held.shift();
      held.push(data);
      return;
    }
    this.deliver(data, true);
  }

  /** The differ's frame, shared by every client that can take it now; merged per symbol otherwise. */
  sendFleetDiff(shared: Frame, diff: FleetDiff): void {
    if (!this.isOpen) return;
    if (this.queue.isEmpty && this.socket.bufferedAmount < this.limits.hardLimitBytes) {
      this.write(shared);
      return;
    }
    this.queue.mergeFleetDiff(diff);
    this.flush();
  }

  /** The topic's events wait until endSnapshot. */
  beginSnapshot(topic: CockpitTopic): void {
    this.held.set(topic, []);
  }

  /** The snapshot (null: the topic was unsubscribed meanwhile, or failed), then the events that waited. */
  endSnapshot(topic: CockpitTopic, snapshot: Frame | null): void {
    const held = this.held.get(topic) ?? [];
    this.held.delete(topic);
    if (snapshot === null || !this.topics.has(topic)) return;
    this.send(snapshot);
    for (const data of held) this.deliver(data, true);
  }

  dropTopic(topic: CockpitTopic): void {
    this.topics.delete(topic);
    this.held.delete(topic);
  }

  /** Writes what the socket can take now. */
  flush(): void {
    while (this.isOpen && this.socket.bufferedAmount < this.limits.hardLimitBytes) {
      const next = this.queue.take();
      if (next === undefined) return;
      this.write(next);
    }
  }

  /** Periodic: drain, and close a client whose socket stayed over the hard limit for the grace period. */
  check(nowMs: number): void {
    if (!this.isOpen) return;
    this.flush();
    if (this.socket.bufferedAmount <= this.limits.hardLimitBytes) {
      this.overLimitSinceMs = null;
      return;
    }
    this.overLimitSinceMs ??= nowMs;
    if (nowMs - this.overLimitSinceMs >= this.limits.slowConsumerGraceMs) this.slowConsumer();
  }

  /** A WS ping and the heartbeat frame; a peer that left two pings unanswered is terminated. */
  heartbeat(data: Frame): void {
    if (!this.isOpen) return;
    if (this.missedPings >= 2) {
      this.terminate();
      return;
    }
    this.missedPings++;
    this.socket.ping();
    this.deliver(data, true);
  }

  pong(): void {
    this.missedPings = 0;
  }

  /** Sends the close frame; the socket is destroyed if it has not closed within CLOSE_GRACE_MS. */
  close(code: number, reason: string): void {
    if (!this.isOpen) return;
    this.release();
    this.socket.close(code, reason);
    this.closing = this.clock.setTimeout(() => this.terminate(), CLOSE_GRACE_MS);
  }

  terminate(): void {
    if (this.ended) return;
    this.release();
    this.ended = true;
    this.socket.terminate();
  }

  /** The socket is gone: stop everything. */
  onSocketClosed(): void {
    this.release();
    this.ended = true;
  }

  private release(): void {
    this.closing?.cancel();
    this.closing = null;
    this.queue.clear();
    this.held.clear();
  }

  private deliver(data: Frame, droppable: boolean): void {
    if (!this.isOpen) return;
    if (this.queue.isEmpty && this.socket.bufferedAmount < this.limits.hardLimitBytes) {
      this.write(data);
      return;
    }
    if (!this.queue.push(data, droppable)) {
      this.slowConsumer();
      return;
    }
    this.flush();
  }

  private write(data: Frame): void {
    try {
      this.socket.send(data, { binary: false });
    } catch {
      this.terminate();
    }
  }

  private slowConsumer(): void {
    this.onSlowConsumer(this.socket.bufferedAmount + this.queue.byteLength);
    this.close(CLOSE_SLOW_CONSUMER, 'slow consumer');
  }
}

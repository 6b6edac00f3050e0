import type { Clock } from '@flotilla/core';
import type { CockpitEvent, CockpitTopic } from '../cockpit-bus';
import { UnknownEngine, type CockpitSnapshots } from './cockpit-snapshots';
import type { FleetFeed } from './fleet-feed';
import type { FleetDiff } from './fleet-differ';
import { engineSymbolOf } from './ws-messages';
import { errorFrame, eventFrame, snapshotFrame, subscribedFrame, type Frame } from './ws-frames';
import type { WsSession } from './ws-session';

/**
 * Who is subscribed to what, and the fan-out: each bus event, fleet diff and engine tick is
 * serialised once and handed to every subscriber of its topic. Topics nobody follows cost nothing
 * beyond a map lookup; the fleet differ runs only while `fleet` has a subscriber.
 */
export class TopicRouter {
  private readonly subscribers = new Map<CockpitTopic, Set<WsSession>>();

  constructor(
    private readonly snapshots: CockpitSnapshots,
    private readonly fleet: FleetFeed,
    private readonly clock: Clock,
    private readonly onSnapshotError: (topic: CockpitTopic, err: unknown) => void,
  ) {}

  /** Unknown engines refuse the whole request (NOT_FOUND); else the full set, then one snapshot per new topic. */
  subscribe(session: WsSession, topics: readonly CockpitTopic[]): void {
    for (const topic of topics) {
      const symbol = engineSymbolOf(topic);
      if (symbol === null) continue;
      try {
        this.snapshots.engineStatus(symbol);
      } catch (err) {
        if (!(err instanceof UnknownEngine)) throw err;
        session.send(errorFrame('NOT_FOUND', err.message));
        return;
      }
    }
    const added = topics.filter((topic) => !session.topics.has(topic));
    for (const topic of added) {
      session.topics.add(topic);
      let set = this.subscribers.get(topic);
      if (!set) {
        set = new Set();
        this.subscribers.set(topic, set);
      }
      set.add(session);
    }
    session.send(subscribedFrame([...session.topics]));
    for (const topic of added) this.sendSnapshot(session, topic);
  }

  unsubscribe(session: WsSession, topics: readonly CockpitTopic[]): void {
    for (const topic of topics) this.leave(session, topic);
    session.send(subscribedFrame([...session.topics]));
  }

  /** The session is gone. */
  remove(session: WsSession): void {
    for (const topic of [...session.topics]) this.leave(session, topic);
  }

  /** A bus event to the subscribers of its topic (fleet is the differ's, not the bus's). */
  publish(event: CockpitEvent): void {
    if (event.topic === 'fleet') return;
    const set = this.subscribers.get(event.topic);
    if (!set || set.size === 0) return;
    const data = eventFrame(event.topic, event.kind, event.data, event.atMs);
    for (const session of set) session.sendEvent(event.topic, data);
  }

  fleetDiff(diff: FleetDiff, shared: Frame): void {
    for (const session of this.subscribers.get('fleet') ?? []) session.sendFleetDiff(shared, diff);
  }

  /** Each subscribed engine's tick, built once per engine. */
  tick(): void {
    for (const [topic, set] of this.subscribers) {
      const symbol = engineSymbolOf(topic);
      if (symbol === null || set.size === 0) continue;
      const tick = this.snapshots.tick(symbol);
      if (tick === null) continue;
      const data = eventFrame(topic, 'tick', tick, this.clock.now());
      for (const session of set) session.sendEvent(topic, data);
    }
  }

  subscriberCount(topic: CockpitTopic): number {
    return this.subscribers.get(topic)?.size ?? 0;
  }

  private leave(session: WsSession, topic: CockpitTopic): void {
    session.dropTopic(topic);
    const set = this.subscribers.get(topic);
    if (!set) return;
    set.delete(session);
    if (set.size > 0) return;
    this.subscribers.delete(topic);
    if (topic === 'fleet') this.fleet.stop();
  }

  private sendSnapshot(session: WsSession, topic: CockpitTopic): void {
    const now = this.clock.now();
    if (topic === 'fleet') {
      session.send(this.fleet.snapshotFrame());
      return;
    }
    const symbol = engineSymbolOf(topic);
    if (symbol === null) {
      const fixed = topic as Exclude<typeof topic, 'fleet' | `engine:${string}`>;
      session.send(snapshotFrame(topic, this.snapshots.fixed(fixed), now));
      return;
    }
    session.beginSnapshot(topic);
    this.snapshots.engine(symbol).then(
      (data) => session.endSnapshot(topic, snapshotFrame(topic, data, this.clock.now())),
      (err: unknown) => {
        session.endSnapshot(topic, null);
        this.onSnapshotError(topic, err);
        session.send(errorFrame('NOT_FOUND', `no snapshot for ${topic}`));
      },
    );
  }
}

import type { CockpitBus, CockpitEvent, FixedTopic } from '../cockpit-bus';
import { isFixedTopic } from './ws-messages';

/** Events kept per fixed topic for the snapshot a new subscriber gets. */
export const HISTORY_SIZE = 50;

type HistoryTopic = Exclude<FixedTopic, 'fleet'>;

/** The last HISTORY_SIZE events of each fixed topic (signals, orders, fills, positions, alerts), oldest first. */
export class EventHistory {
  private readonly rings = new Map<HistoryTopic, unknown[]>();

  record(event: CockpitEvent): void {
    if (!isFixedTopic(event.topic) || event.topic === 'fleet') return;
    let ring = this.rings.get(event.topic);
    if (!ring) {
      ring = [];
      this.rings.set(event.topic, ring);
    }
    ring.push(event.data);
    if (ring.length > HISTORY_SIZE) ring.shift();
  }

  items(topic: HistoryTopic): unknown[] {
    return [...(this.rings.get(topic) ?? [])];
  }

  /** Records every event the bus carries from now on; returns the unsubscribe. */
  follow(bus: CockpitBus): () => void {
    return bus.subscribe((event) => this.record(event));
  }
}

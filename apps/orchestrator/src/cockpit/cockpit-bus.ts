/**
 * The cockpit's in-process event bus: what the service tells the live page, tools on `/ws` and the
 * alert webhook. Producers publish plain JSON-ready objects (decimals as strings, times ISO-8601);
 * the `/ws` gateway fans them out to subscribed clients. Publishing never throws and never blocks:
 * a listener that throws is logged by its owner, not by the producer.
 */

/** The topics a `/ws` client may subscribe to (SPEC 6); `engine:{SYMBOL}` is one per symbol. */
export const COCKPIT_TOPICS = [
  'fleet',
  'signals',
  'orders',
  'fills',
  'positions',
  'alerts',
] as const;
export type FixedTopic = (typeof COCKPIT_TOPICS)[number];
export type CockpitTopic = FixedTopic | `engine:${string}`;

export const engineTopic = (symbol: string): CockpitTopic => `engine:${symbol}`;

/** One event: which topic, what happened, the payload (JSON-ready). */
export interface CockpitEvent {
  readonly topic: CockpitTopic;
  /**
   * fleet: 'engine.changed' (data: {symbol, changes: Partial<EngineStatus>}), 'engine.added', 'engine.removed';
   * engine:S: 'status' (data: EngineStatus, full), 'signal', 'order', 'fill', 'position', 'mid' (data: {symbol, mid, at});
   * signals: 'signal'; orders: 'order' (an audit entry of an order.* action); fills: 'fill';
   * positions: 'position' (the audit entry of position.* / stop.* / guard.*);
   * alerts: 'alert' (data: Alert).
   */
  readonly kind: string;
  readonly data: unknown;
  /** Epoch ms when it happened. */
  readonly atMs: number;
}

export type CockpitListener = (event: CockpitEvent) => void;

/** Alert causes (issue 12): each is deduped per `key` (cause + symbol or dependency) by AlertService. */
export type AlertCause =
  | 'engine.failed'
  | 'position.unprotected'
  | 'kill-switch'
  | 'risk.limit'
  | 'registry.down'
  | 'venue.down'
  | 'dependency.recovered';

export interface Alert {
  readonly cause: AlertCause;
  readonly severity: 'critical' | 'warning' | 'info';
  readonly symbol: string | null;
  readonly message: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

export class CockpitBus {
  private readonly listeners = new Set<CockpitListener>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  publish(event: CockpitEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: CockpitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

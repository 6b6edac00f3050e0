import type { EngineStatus } from '../../supervisor';

/** One engine's changed fields (a new engine: all of them), keyed by its symbol. */
export type EngineChanges = { readonly symbol: string } & Partial<Omit<EngineStatus, 'symbol'>>;

export interface FleetDiff {
  readonly engines: EngineChanges[];
  readonly removed: string[];
}

/** Clients derive these from startedAt / lastHeartbeat and serverTime; diffing them would change every engine every time. */
const NOT_DIFFED: ReadonlySet<string> = new Set(['uptimeSeconds', 'heartbeatAgeMs']);

/**
 * Fields that move with every market message or heartbeat of a live engine. At 1,000 running
 * engines they would put nearly every engine in every 250 ms diff (~100 KB per client, four times
 * a second), so they are compared only on the differ's slower "volatile" passes. `feed` is split:
 * `connected`/`reconnects` are news at once, `lastMessageAt` waits for a volatile pass.
 */
const VOLATILE: ReadonlySet<string> = new Set([
  'lastHeartbeat',
  'eventsProcessed',
  'feed.lastMessageAt',
]);
/** The EngineStatus field a compared key belongs to. */
const fieldOf = (key: string): keyof EngineStatus =>
  (key === 'feed.lastMessageAt' ? 'feed' : key) as keyof EngineStatus;

type Fingerprint = Map<string, unknown>;

/** Objects (position, feed, reconcile) compare by their JSON; everything else by value. */
function fingerprint(status: EngineStatus): Fingerprint {
  const out: Fingerprint = new Map();
  for (const [key, value] of Object.entries(status)) {
    if (NOT_DIFFED.has(key)) continue;
    if (key === 'feed') {
      const { lastMessageAt, ...rest } = status.feed;
      out.set('feed', JSON.stringify(rest));
      out.set('feed.lastMessageAt', lastMessageAt);
      continue;
    }
    out.set(key, typeof value === 'object' && value !== null ? JSON.stringify(value) : value);
  }
  return out;
}

/**
 * Turns successive fleet statuses into diffs: per engine only the fields that changed, new
 * engines whole, vanished ones under `removed`. Holds one fingerprint per engine, nothing else.
 */
export class FleetDiffer {
  private previous = new Map<string, Fingerprint>();

  /** Forget everything and take this fleet as the baseline (what a snapshot just showed). */
  reset(engines: readonly EngineStatus[]): void {
    this.previous = new Map(engines.map((e) => [e.symbol, fingerprint(e)]));
  }

  /**
   * The changes since the last call (or reset); null when nothing changed. Without withVolatile,
   * the VOLATILE fields keep their old baseline, so a later volatile pass still reports them.
   */
  next(engines: readonly EngineStatus[], withVolatile = true): FleetDiff | null {
    const current = new Map<string, Fingerprint>();
    const changed: EngineChanges[] = [];
    for (const status of engines) {
      const now = fingerprint(status);
      current.set(status.symbol, now);
      const before = this.previous.get(status.symbol);
      if (before === undefined) {
        changed.push(withoutAges(status));
        continue;
      }
      let changes: Record<string, unknown> | null = null;
      for (const [key, value] of now) {
        const was = before.get(key);
        if (was === value) continue;
        if (!withVolatile && VOLATILE.has(key)) {
          now.set(key, was);
          continue;
        }
        const field = fieldOf(key);
        changes ??= { symbol: status.symbol };
        changes[field] = status[field];
      }
      if (changes !== null) changed.push(changes as EngineChanges);
    }
    const removed = [...this.previous.keys()].filter((symbol) => !current.has(symbol));
    this.previous = current;
    return changed.length === 0 && removed.length === 0 ? null : { engines: changed, removed };
  }
}

function withoutAges(status: EngineStatus): EngineChanges {
  const { uptimeSeconds: _u, heartbeatAgeMs: _h, ...rest } = status;
  return rest;
}

/**
 * Diffs merged per symbol, for a client that could not take them as they came: the latest value
 * of each field wins, a removal cancels earlier changes, a re-added engine cancels its removal.
 */
export class ConflatedDiff {
  private readonly engines = new Map<string, Record<string, unknown>>();
  private readonly removed = new Set<string>();

  get isEmpty(): boolean {
    return this.engines.size === 0 && this.removed.size === 0;
  }

  merge(diff: FleetDiff): void {
    for (const symbol of diff.removed) {
      this.engines.delete(symbol);
      this.removed.add(symbol);
    }
    for (const changes of diff.engines) {
      this.removed.delete(changes.symbol);
      const merged = this.engines.get(changes.symbol);
      if (merged) Object.assign(merged, changes);
      else this.engines.set(changes.symbol, { ...changes });
    }
  }

  /** The merged diff, leaving this empty. */
  take(): FleetDiff {
    const diff = {
      engines: [...this.engines.values()] as EngineChanges[],
      removed: [...this.removed],
    };
    this.engines.clear();
    this.removed.clear();
    return diff;
  }
}

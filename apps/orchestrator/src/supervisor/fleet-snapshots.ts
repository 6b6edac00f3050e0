import type { Clock } from '@flotilla/core';
import { summarizeFleet, type EngineStatus, type FleetStatus } from './engine-status';
import { operatorTag } from './operator-view';

/** Where a fleet snapshot reads its engines (EngineManager). */
export interface FleetSource {
  /** The engines' symbols in the order the fleet lists them (by symbol). */
  fleetSymbols(): string[];
  /** One engine's status at nowMs; undefined once the engine is gone. */
  statusAt(symbol: string, nowMs: number): EngineStatus | undefined;
}

/**
 * Every engine's status, read in one build, with what an HTTP body and its ETag are made of
 * (encoded in the build's slices, so a request only joins them).
 */
export interface FleetSnapshot {
  readonly fleet: FleetStatus;
  /** Each of fleet.engines as JSON in UTF-8, in the same order. */
  readonly json: readonly Buffer[];
  /** Each of fleet.engines' operatorTag, in the same order. */
  readonly tags: readonly string[];
  /** Monotonic ms the build began: what the snapshot's age is measured from. */
  readonly startedAtMono: number;
  /** Invalidation generation the build began in (see FleetSnapshots.invalidate). */
  readonly generation: number;
}

export interface FleetSnapshotOptions {
  /**
   * recent() serves a snapshot begun at most this long ago without starting a build (default
   * 500 ms)... States are never this old: transitions patch the snapshot at once (patch()).
   */
  maxAgeMs?: number;
  /**
   * ...and one up to this old while a fresher one builds (default 1 s): a reader many times a
   * second never waits for a build; one that reads less often than that waits for one.
   */
  staleMs?: number;
  /** Work allowed in one turn of the event loop before the build yields (default 4 ms; 0: no bound). */
  budgetMs?: number;
  /** Runs a function after pending I/O and timers had their turn; default setImmediate. */
  yieldTurn?: (fn: () => void) => void;
}

interface Build {
  readonly generation: number;
  readonly promise: Promise<FleetSnapshot>;
  /** Transitions seen while the build reads: applied over what it read, at its end. */
  readonly patches: Map<string, EngineStatus>;
}

/** Index of symbol in engines (sorted by symbol), or where it would be inserted. */
function indexOf(engines: readonly EngineStatus[], symbol: string): number {
  let lo = 0;
  let hi = engines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (engines[mid].symbol < symbol) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A snapshot's arrays while they are made. */
interface Parts {
  readonly engines: EngineStatus[];
  readonly json: Buffer[];
  readonly tags: string[];
}

const emptyParts = (): Parts => ({ engines: [], json: [], tags: [] });

function push(parts: Parts, status: EngineStatus): void {
  parts.engines.push(status);
  parts.json.push(Buffer.from(JSON.stringify(status), 'utf8'));
  parts.tags.push(operatorTag(status));
}

/** Puts status in place of its symbol's entry (or inserts it in order). */
function put(parts: Parts, status: EngineStatus): void {
  const { engines } = parts;
  const i = indexOf(engines, status.symbol);
  const n = i < engines.length && engines[i].symbol === status.symbol ? 1 : 0;
  engines.splice(i, n, status);
  parts.json.splice(i, n, Buffer.from(JSON.stringify(status), 'utf8'));
  parts.tags.splice(i, n, operatorTag(status));
}

/**
 * The fleet's statuses for everyone who reads all of them (GET /engines/status, /metrics, the
 * cockpit's fleet feed): one build serves them all, and a build runs in budgeted slices with a
 * turn of the event loop between them, so reading 1,000 statuses (~20-30 ms of work) never holds
 * up an operator's request, a timer or an order event for longer than the budget. The engines'
 * statuses in one snapshot are therefore read a few turns apart, each one consistent in itself.
 */
export class FleetSnapshots {
  private readonly budgetMs: number;
  private readonly maxAgeMs: number;
  private readonly staleMs: number;
  private readonly yieldTurn: (fn: () => void) => void;
  private latestSnapshot: FleetSnapshot | null = null;
  private pending: Build | null = null;
  private generation = 0;
  private buildCount = 0;

  constructor(
    private readonly source: FleetSource,
    private readonly clock: Clock,
    opts: FleetSnapshotOptions = {},
  ) {
    const budget = opts.budgetMs ?? 4;
    this.budgetMs = budget > 0 ? budget : Number.POSITIVE_INFINITY;
    this.yieldTurn = opts.yieldTurn ?? ((fn) => void setImmediate(fn));
    this.maxAgeMs = opts.maxAgeMs ?? 500;
    this.staleMs = Math.max(this.maxAgeMs, opts.staleMs ?? 1000);
  }

  /** Builds begun so far (for tests and figures). */
  get builds(): number {
    return this.buildCount;
  }

  /** How old a snapshot recent() still serves (ms): ages and counters are at most this old. */
  get staleAfterMs(): number {
    return this.staleMs;
  }

  /** Ms since the snapshot's build began. */
  ageOf(snapshot: FleetSnapshot): number {
    return this.clock.monotonicMs() - snapshot.startedAtMono;
  }

  /** The newest complete snapshot, however old (null before the first build ends). */
  get latest(): FleetSnapshot | null {
    return this.latestSnapshot;
  }

  /** Something changed that readers must see (an operator's command): older snapshots are not served. */
  invalidate(): void {
    this.generation++;
  }

  /**
   * An engine changed state (EngineManager calls this on every transition, with the status it
   * built for it): the latest snapshot shows it at once, as does a build in progress when it
   * ends, so a reader never sees a state older than the engine's own status route shows. What
   * moves without a transition (ages, counters, PnL) follows with the next build.
   */
  patch(status: EngineStatus): void {
    this.pending?.patches.set(status.symbol, status);
    const s = this.latestSnapshot;
    if (s === null) return;
    const parts: Parts = {
      engines: s.fleet.engines.slice(),
      json: s.json.slice(),
      tags: s.tags.slice(),
    };
    put(parts, status);
    this.latestSnapshot = { ...s, ...this.finish(parts) };
  }

  /**
   * Serve-while-rebuilding: the newest snapshot while it is at most staleMs old, with a rebuild
   * begun in the background once it is older than maxAgeMs; when there is none that young (or
   * after invalidate()), it waits for a build.
   */
  recent(): Promise<FleetSnapshot> {
    const latest = this.usable(this.staleMs);
    if (latest === null) return this.build();
    this.refreshIfOlderThan(this.maxAgeMs);
    return Promise.resolve(latest);
  }

  /**
   * For a reader that cannot wait (a synchronous one): as recent(), but with no snapshot young
   * enough the build runs whole in this turn.
   */
  now(): FleetSnapshot {
    const latest = this.usable(this.staleMs);
    if (latest === null) return this.buildWhole();
    this.refreshIfOlderThan(this.maxAgeMs);
    return latest;
  }

  private usable(maxAgeMs: number): FleetSnapshot | null {
    const s = this.latestSnapshot;
    if (s === null || s.generation !== this.generation) return null;
    return this.clock.monotonicMs() - s.startedAtMono <= maxAgeMs ? s : null;
  }

  private refreshIfOlderThan(maxAgeMs: number): void {
    if (this.usable(maxAgeMs) === null) this.build().catch(() => undefined);
  }

  /** The build in progress if it began in this generation, else a new one. */
  private build(): Promise<FleetSnapshot> {
    if (this.pending !== null && this.pending.generation === this.generation)
      return this.pending.promise;
    const generation = this.generation;
    let build: Build | null = null;
    let done = false;
    // Cleared as the build ends (not a microtask later), so a reader in the same turn never gets
    // an ended build's snapshot as if it were in progress.
    const ended = (): void => {
      done = true;
      if (this.pending === build) this.pending = null;
    };
    const patches = new Map<string, EngineStatus>();
    const promise = new Promise<FleetSnapshot>((resolve, reject) => {
      this.sliced(
        generation,
        patches,
        (snapshot) => {
          ended();
          resolve(snapshot);
        },
        (err) => {
          ended();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
    build = { generation, promise, patches };
    if (!done) this.pending = build;
    return promise;
  }

  private sliced(
    generation: number,
    patches: ReadonlyMap<string, EngineStatus>,
    resolve: (s: FleetSnapshot) => void,
    reject: (e: unknown) => void,
  ): void {
    this.buildCount++;
    const startedAtMono = this.clock.monotonicMs();
    const symbols = this.source.fleetSymbols();
    const parts = emptyParts();
    let next = 0;
    const slice = (): void => {
      try {
        next = this.read(symbols, next, parts, this.budgetMs);
        if (next < symbols.length) return this.yieldTurn(slice);
        for (const status of patches.values()) put(parts, status);
        resolve(this.completed(parts, startedAtMono, generation));
      } catch (err) {
        reject(err);
      }
    };
    slice();
  }

  private buildWhole(): FleetSnapshot {
    this.buildCount++;
    const startedAtMono = this.clock.monotonicMs();
    const parts = emptyParts();
    this.read(this.source.fleetSymbols(), 0, parts, Number.POSITIVE_INFINITY);
    return this.completed(parts, startedAtMono, this.generation);
  }

  /** Reads statuses from symbols[from] on until the budget is spent; the index to go on from. */
  private read(symbols: readonly string[], from: number, parts: Parts, budgetMs: number): number {
    const start = this.clock.monotonicMs();
    const nowMs = this.clock.now();
    let next = from;
    while (next < symbols.length) {
      const status = this.source.statusAt(symbols[next++], nowMs);
      if (status !== undefined) push(parts, status);
      if (this.clock.monotonicMs() - start >= budgetMs) break;
    }
    return next;
  }

  private finish(parts: Parts): Pick<FleetSnapshot, 'fleet' | 'json' | 'tags'> {
    return { fleet: summarizeFleet(parts.engines), json: parts.json, tags: parts.tags };
  }

  private completed(parts: Parts, startedAtMono: number, generation: number): FleetSnapshot {
    const snapshot: FleetSnapshot = {
      ...this.finish(parts),
      startedAtMono,
      generation,
    };
    const prev = this.latestSnapshot;
    // Two builds can overlap (an invalidation during one): the later-begun one stays.
    if (
      prev === null ||
      prev.generation < generation ||
      (prev.generation === generation && prev.startedAtMono <= startedAtMono)
    )
      this.latestSnapshot = snapshot;
    return snapshot;
  }
}

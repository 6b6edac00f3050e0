import type WebSocket from 'ws';
import type { Clock } from '@flotilla/core';
import type { IngestProbe, ReadBurst } from './ingest-probe';

/** When and in which read burst a frame arrived. */
export interface Arrival {
  readonly mono: number;
  readonly wall: number;
  readonly burst: ReadBurst;
}

/** A venue connection as the gate sees it: it parses and dispatches, and can stop reading. */
export interface IngestSink {
  readonly id: number;
  process(data: WebSocket.RawData, arrival: Arrival): void;
  pauseReading(): void;
  resumeReading(): void;
}

/** Brackets a slice of backlog so the router can merge the events of one symbol (conflation). */
export interface SliceHooks {
  begin(): void;
  end(): void;
}

/**
 * Hub work allowed in one turn before frames queue for a slice. At 4 ms (the first value) a
 * normal burst of the venue's phases (100 symbols' frames, 3-5 ms with their engines) already
 * spilled into the queue, and those frames waited behind the rest of the loop: tick-to-signal p99
 * 18-23 ms at 1,000 engines where parsing every frame at once gave 3.9 ms. 25 ms lets a normal
 * burst through and still cuts a backlog of thousands of frames into slices (docs/benchmarks.md).
 */
export const DEFAULT_INGEST_BUDGET_MS = 25;

export interface IngestOptions {
  /** Hub work allowed in one turn of the event loop before the rest waits a turn (default 25 ms; 0: no bound). */
  budgetMs?: number;
  /** The most a slice may take while it catches up an old backlog (default 12 ms, or the budget when that is more). */
  maxSliceMs?: number;
  /**
   * Frames waiting at this count pause the venue sockets until half are done (default 2,000,
   * about half a MB): a longer backlog waits in the kernel's socket buffers, not in the heap.
   */
  maxQueuedFrames?: number;
  /** Runs a function after pending I/O and timers had their turn; default setImmediate. */
  yieldTurn?: (fn: () => void) => void;
}

/** A read burst while some of its frames still wait: it is reported once all are parsed. */
interface Track {
  readonly record: ReadBurst;
  waiting: number;
  closed: boolean;
}

interface Item {
  readonly sink: IngestSink;
  readonly data: WebSocket.RawData;
  readonly arrival: Arrival;
  readonly track: Track;
}

function byteLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/**
 * Bounds the hub's work per turn of the event loop. Frames are parsed as they arrive while the
 * turn's budget lasts; the rest queue and are parsed in later turns, one budgeted slice per turn,
 * so HTTP, timers and order events interleave with a market backlog. A slice merges each
 * symbol's events (the router conflates), and a queue at its bound pauses the sockets (TCP
 * backpressure to the venue) rather than growing.
 */
export class IngestGate {
  private readonly budgetMs: number;
  private readonly maxSliceMs: number;
  private readonly maxQueued: number;
  private readonly yieldTurn: (fn: () => void) => void;
  private readonly sinks = new Set<IngestSink>();
  private queue: Item[] = [];
  private head = 0;
  private track: Track | null = null;
  private turnStartMono = 0;
  private inlineEndMono = 0;
  private lastTurnEndMono: number | null = null;
  private turnScheduled = false;
  private paused = false;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly probe: IngestProbe,
    private readonly slices: SliceHooks,
    opts: IngestOptions = {},
  ) {
    const budget = opts.budgetMs ?? DEFAULT_INGEST_BUDGET_MS;
    this.budgetMs = budget > 0 ? budget : Number.POSITIVE_INFINITY;
    this.maxSliceMs = Math.max(this.budgetMs, opts.maxSliceMs ?? 12);
    this.maxQueued = Math.max(2, opts.maxQueuedFrames ?? 2_000);
    this.yieldTurn = opts.yieldTurn ?? ((fn) => void setImmediate(fn));
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  add(sink: IngestSink): void {
    this.sinks.add(sink);
    if (this.paused) sink.pauseReading();
  }

  remove(sink: IngestSink): void {
    this.sinks.delete(sink);
  }

  /** A frame read from `sink`'s socket: parsed now if the turn has budget left, else queued. */
  offer(sink: IngestSink, data: WebSocket.RawData): void {
    if (this.closed) return;
    const mono = this.clock.monotonicMs();
    const wall = this.clock.now();
    const track = this.track ?? this.openBurst(mono, wall);
    this.probe.arrived(track.record, byteLength(data));
    const arrival: Arrival = { mono, wall, burst: track.record };
    if (this.pending === 0 && mono - this.turnStartMono < this.budgetMs) {
      sink.process(data, arrival);
      this.inlineEndMono = this.clock.monotonicMs();
      return;
    }
    track.waiting++;
    track.record.queued++;
    this.queue.push({ sink, data, arrival, track });
    this.probe.queueLength(this.pending);
    if (this.pending >= this.maxQueued && !this.paused) {
      this.paused = true;
      this.probe.paused();
      for (const s of this.sinks) s.pauseReading();
    }
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.head = 0;
  }

  private openBurst(mono: number, wall: number): Track {
    const record: ReadBurst = {
      at: wall,
      startMono: mono,
      loopGapMs: this.lastTurnEndMono === null ? 0 : Math.max(0, mono - this.lastTurnEndMono),
      frames: 0,
      bytes: 0,
      queued: 0,
      maxLagMs: 0,
      maxVenueGapMs: 0,
      maxQueueWaitMs: 0,
    };
    this.track = { record, waiting: 0, closed: false };
    this.turnStartMono = mono;
    this.inlineEndMono = mono;
    this.scheduleTurn();
    return this.track;
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    this.yieldTurn(() => this.onTurn());
  }

  /** The hub's turn: ends the read burst, then parses one slice of any backlog. */
  private onTurn(): void {
    this.turnScheduled = false;
    if (this.closed) return;
    const track = this.track;
    this.track = null;
    if (track !== null) {
      this.probe.turnEnded(this.inlineEndMono - this.turnStartMono);
      track.closed = true;
      if (track.waiting === 0) this.probe.burstEnded(track.record);
    }
    if (this.pending > 0) this.drainSlice();
    this.lastTurnEndMono = this.clock.monotonicMs();
    if (this.pending > 0) this.scheduleTurn();
  }

  /**
   * One slice of the backlog: the budget, growing with the oldest frame's wait (an eighth of it)
   * up to maxSliceMs so a backlog is caught up; at least one frame, so it always progresses.
   */
  private drainSlice(): void {
    const start = this.clock.monotonicMs();
    const oldestWaitMs = start - this.queue[this.head].arrival.mono;
    const budget = Math.min(this.maxSliceMs, this.budgetMs + oldestWaitMs / 8);
    this.probe.sliceStarted();
    this.slices.begin();
    try {
      do {
        const item = this.queue[this.head++];
        this.probe.dequeued(item.arrival.burst, this.clock.monotonicMs() - item.arrival.mono);
        item.sink.process(item.data, item.arrival);
        if (--item.track.waiting === 0 && item.track.closed)
          this.probe.burstEnded(item.track.record);
      } while (this.pending > 0 && this.clock.monotonicMs() - start < budget);
    } finally {
      this.slices.end();
    }
    this.probe.turnEnded(this.clock.monotonicMs() - start);
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.probe.queueLength(this.pending);
    if (this.paused && this.pending <= this.maxQueued / 2) {
      this.paused = false;
      for (const s of this.sinks) s.resumeReading();
    }
  }
}

/**
 * Stall diagnosis for the market feed. Every frame is stamped on arrival (wall and monotonic
 * time); comparing the venue's `ts` with the arrival tells a venue that sent late (frames arrive
 * fresh after a silence: a gap in the venue's `ts`) from a service that read late (frames arrive
 * old: a large receive lag). A read burst is what arrived between two turns of the hub.
 */

/** Upper bounds (ms) of the lag and wait histograms; the last bucket is open. */
export const LAG_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;
/** Upper bounds (frames) of the read-burst histogram; the last bucket is open. */
export const BURST_BOUNDS = [1, 10, 100, 1000, 10_000] as const;
const WORST_KEPT = 10;

/** The frames that arrived in one turn of the event loop (before the hub's next turn). */
export interface ReadBurst {
  /** Wall-clock time of the first frame. */
  readonly at: number;
  readonly startMono: number;
  /** How long the loop was away before this burst: time since the hub's previous turn ended. */
  readonly loopGapMs: number;
  frames: number;
  bytes: number;
  /** Its frames that waited for a later turn (the backlog it left). */
  queued: number;
  /** Largest arrival − venue ts among its data frames: high means the service read late. */
  maxLagMs: number;
  /** Largest gap of the venue's ts before one of its frames, on its connection: high means the venue sent late. */
  maxVenueGapMs: number;
  /** Longest a frame of the burst waited in the hub's queue before it was parsed. */
  maxQueueWaitMs: number;
}

export interface Histogram {
  readonly bounds: readonly number[];
  /** counts[i] = samples <= bounds[i] (and > bounds[i-1]); the last entry counts the rest. */
  readonly counts: number[];
  max: number;
}

export interface IngestionReport {
  frames: number;
  bytes: number;
  bursts: number;
  /** Frames parsed in a later turn than they arrived in (a backlog). */
  queuedFrames: number;
  /** Turns that parsed queued frames under the time budget. */
  slices: number;
  /** The most hub work seen in one turn, ms (parsing, books and fan-out; the engines run after). */
  longestTurnMs: number;
  /** Events merged into a later one of the same symbol while a backlog drained. */
  conflatedEvents: number;
  /** Times the venue sockets were paused because the queue reached its bound. */
  pauses: number;
  queueLength: number;
  maxQueueLength: number;
  lagMs: Histogram;
  queueWaitMs: Histogram;
  venueGapMs: Histogram;
  burstFrames: Histogram;
  /** The largest bursts (by frames), largest first. */
  worstBursts: ReadBurst[];
}

/** Maxima since the previous take: what a 5 s scrape window saw. */
export interface IngestWindow {
  frames: number;
  bursts: number;
  queuedFrames: number;
  conflatedEvents: number;
  maxQueueLength: number;
  longestTurnMs: number;
  maxLagMs: number;
  maxVenueGapMs: number;
  maxQueueWaitMs: number;
  /** The window's largest burst and what stood behind it. */
  maxBurstFrames: number;
  maxBurstBytes: number;
  maxBurstLoopGapMs: number;
  maxBurstLagMs: number;
  maxBurstVenueGapMs: number;
}

export function emptyWindow(): IngestWindow {
  return {
    frames: 0,
    bursts: 0,
    queuedFrames: 0,
    conflatedEvents: 0,
    maxQueueLength: 0,
    longestTurnMs: 0,
    maxLagMs: 0,
    maxVenueGapMs: 0,
    maxQueueWaitMs: 0,
    maxBurstFrames: 0,
    maxBurstBytes: 0,
    maxBurstLoopGapMs: 0,
    maxBurstLagMs: 0,
    maxBurstVenueGapMs: 0,
  };
}

function histogram(bounds: readonly number[]): Histogram {
  return { bounds, counts: new Array<number>(bounds.length + 1).fill(0), max: 0 };
}

function observe(h: Histogram, v: number): void {
  let i = 0;
  while (i < h.bounds.length && v > h.bounds[i]) i++;
  h.counts[i]++;
  if (v > h.max) h.max = v;
}

/** Collects the figures; the gate and the router feed it. All buffers are bounded. */
export class IngestProbe {
  private readonly report: IngestionReport = {
    frames: 0,
    bytes: 0,
    bursts: 0,
    queuedFrames: 0,
    slices: 0,
    longestTurnMs: 0,
    conflatedEvents: 0,
    pauses: 0,
    queueLength: 0,
    maxQueueLength: 0,
    lagMs: histogram(LAG_BOUNDS_MS),
    queueWaitMs: histogram(LAG_BOUNDS_MS),
    venueGapMs: histogram(LAG_BOUNDS_MS),
    burstFrames: histogram(BURST_BOUNDS),
    worstBursts: [],
  };
  private readonly lastVenueTs = new Map<number, number>();
  private window = emptyWindow();

  /** The window's figures; starts the next window. */
  takeWindow(): IngestWindow {
    const w = this.window;
    this.window = emptyWindow();
    return w;
  }

  arrived(burst: ReadBurst, bytes: number): void {
    this.report.frames++;
    this.report.bytes += bytes;
    this.window.frames++;
    burst.frames++;
    burst.bytes += bytes;
  }

  /** A data frame of connection `connId` with venue time `ts`, received at wall time `receivedAt`. */
  dataFrame(burst: ReadBurst, connId: number, ts: number, receivedAt: number): void {
    const lag = Math.max(0, receivedAt - ts);
    observe(this.report.lagMs, lag);
    if (lag > burst.maxLagMs) burst.maxLagMs = lag;
    if (lag > this.window.maxLagMs) this.window.maxLagMs = lag;
    const last = this.lastVenueTs.get(connId);
    if (last === undefined || ts > last) {
      this.lastVenueTs.set(connId, ts);
      if (last !== undefined) {
        observe(this.report.venueGapMs, ts - last);
        if (ts - last > burst.maxVenueGapMs) burst.maxVenueGapMs = ts - last;
        if (ts - last > this.window.maxVenueGapMs) this.window.maxVenueGapMs = ts - last;
      }
    }
  }

  dequeued(burst: ReadBurst, waitMs: number): void {
    this.report.queuedFrames++;
    this.window.queuedFrames++;
    if (waitMs > this.window.maxQueueWaitMs) this.window.maxQueueWaitMs = waitMs;
    observe(this.report.queueWaitMs, waitMs);
    if (waitMs > burst.maxQueueWaitMs) burst.maxQueueWaitMs = waitMs;
  }

  burstEnded(burst: ReadBurst): void {
    if (burst.frames === 0) return;
    const r = this.report;
    r.bursts++;
    observe(r.burstFrames, burst.frames);
    const w = this.window;
    w.bursts++;
    if (burst.frames > w.maxBurstFrames) {
      w.maxBurstFrames = burst.frames;
      w.maxBurstBytes = burst.bytes;
      w.maxBurstLoopGapMs = burst.loopGapMs;
      w.maxBurstLagMs = burst.maxLagMs;
      w.maxBurstVenueGapMs = burst.maxVenueGapMs;
    }
    const worst = r.worstBursts;
    if (worst.length === WORST_KEPT && burst.frames <= worst[worst.length - 1].frames) return;
    worst.push(burst);
    worst.sort((a, b) => b.frames - a.frames);
    if (worst.length > WORST_KEPT) worst.pop();
  }

  sliceStarted(): void {
    this.report.slices++;
  }

  turnEnded(workMs: number): void {
    if (workMs > this.report.longestTurnMs) this.report.longestTurnMs = workMs;
    if (workMs > this.window.longestTurnMs) this.window.longestTurnMs = workMs;
  }

  queueLength(n: number): void {
    this.report.queueLength = n;
    if (n > this.report.maxQueueLength) this.report.maxQueueLength = n;
    if (n > this.window.maxQueueLength) this.window.maxQueueLength = n;
  }

  paused(): void {
    this.report.pauses++;
  }

  conflated(n: number): void {
    this.report.conflatedEvents += n;
    this.window.conflatedEvents += n;
  }

  forgetConnection(connId: number): void {
    this.lastVenueTs.delete(connId);
  }

  snapshot(): IngestionReport {
    const r = this.report;
    const copy = (h: Histogram): Histogram => ({ ...h, counts: [...h.counts] });
    return {
      ...r,
      lagMs: copy(r.lagMs),
      queueWaitMs: copy(r.queueWaitMs),
      venueGapMs: copy(r.venueGapMs),
      burstFrames: copy(r.burstFrames),
      worstBursts: r.worstBursts.map((b) => ({ ...b })),
    };
  }
}

import type { Histogram, IngestionReport, IngestWindow } from '../ingest-probe';
import { emptyWindow } from '../ingest-probe';

function mergeHistogram(a: Histogram, b: Histogram): Histogram {
  return {
    bounds: a.bounds,
    counts: a.counts.map((c, i) => c + (b.counts[i] ?? 0)),
    max: Math.max(a.max, b.max),
  };
}

/** The shards' reports as one: counts summed, maxima kept, the largest bursts first. */
export function mergeReports(reports: IngestionReport[]): IngestionReport | undefined {
  if (reports.length === 0) return undefined;
  return reports.reduce((a, b) => ({
    frames: a.frames + b.frames,
    bytes: a.bytes + b.bytes,
    bursts: a.bursts + b.bursts,
    queuedFrames: a.queuedFrames + b.queuedFrames,
    slices: a.slices + b.slices,
    longestTurnMs: Math.max(a.longestTurnMs, b.longestTurnMs),
    conflatedEvents: a.conflatedEvents + b.conflatedEvents,
    pauses: a.pauses + b.pauses,
    queueLength: a.queueLength + b.queueLength,
    maxQueueLength: Math.max(a.maxQueueLength, b.maxQueueLength),
    lagMs: mergeHistogram(a.lagMs, b.lagMs),
    queueWaitMs: mergeHistogram(a.queueWaitMs, b.queueWaitMs),
    venueGapMs: mergeHistogram(a.venueGapMs, b.venueGapMs),
    burstFrames: mergeHistogram(a.burstFrames, b.burstFrames),
    worstBursts: [...a.worstBursts, ...b.worstBursts]
      .sort((x, y) => y.frames - x.frames)
      .slice(0, 10),
  }));
}

/** Folds a shard's window into the running one: counts add up, maxima stay maxima. */
export function foldWindow(into: IngestWindow, w: IngestWindow): void {
  into.frames += w.frames;
  into.bursts += w.bursts;
  into.queuedFrames += w.queuedFrames;
  into.conflatedEvents += w.conflatedEvents;
  into.maxQueueLength = Math.max(into.maxQueueLength, w.maxQueueLength);
  into.longestTurnMs = Math.max(into.longestTurnMs, w.longestTurnMs);
  into.maxLagMs = Math.max(into.maxLagMs, w.maxLagMs);
  into.maxVenueGapMs = Math.max(into.maxVenueGapMs, w.maxVenueGapMs);
  into.maxQueueWaitMs = Math.max(into.maxQueueWaitMs, w.maxQueueWaitMs);
  if (w.maxBurstFrames > into.maxBurstFrames) {
    into.maxBurstFrames = w.maxBurstFrames;
    into.maxBurstBytes = w.maxBurstBytes;
    into.maxBurstLoopGapMs = w.maxBurstLoopGapMs;
    into.maxBurstLagMs = w.maxBurstLagMs;
    into.maxBurstVenueGapMs = w.maxBurstVenueGapMs;
  }
}

export { emptyWindow };

/**
 * How late the loop ran a timer, from what monitorEventLoopDelay records: the interval between
 * its timer's firings, the timer's own period included (an idle loop records about the
 * resolution; nodejs/node#34661). The liveness probe and the fleet bench read their histograms
 * through it; until the seventh pass of issue 13 the probe reported the interval, 20 ms more.
 */
export function lateByMs(recordedNs: number, resolutionMs: number): number {
  return Math.max(0, recordedNs / 1e6 - resolutionMs);
}

/** Nearest-rank percentile (p in (0, 100]) of ascending samples; null when there are none. */
export function percentileOfSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function percentile(samples: readonly number[], p: number): number | null {
  return percentileOfSorted(
    [...samples].sort((a, b) => a - b),
    p,
  );
}

export interface Distribution {
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly samples: number;
}

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/**
 * p50, p99 and max of the samples, rounded to 2 decimals (measurements, not money). Sorted once,
 * never spread into Math.max: 1,000 engines' rings are far more samples than a call stack holds.
 */
export function distribution(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: round2(percentileOfSorted(sorted, 50)),
    p99: round2(percentileOfSorted(sorted, 99)),
    max: round2(sorted.length === 0 ? null : sorted[sorted.length - 1]),
    samples: sorted.length,
  };
}

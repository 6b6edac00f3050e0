/** Nearest-rank percentile of a sample, rounded to 0.01. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank] * 100) / 100;
}

export interface HistogramBucket {
  le: number;
  count: number;
}

/** Buckets of one Prometheus histogram (all label sets summed) from the text format. */
export function histogramBuckets(metricsText: string, name: string): HistogramBucket[] {
  const byLe = new Map<number, number>();
  const re = new RegExp(`^${name}_bucket\\{([^}]*)\\} (\\S+)`, 'gm');
  for (const m of metricsText.matchAll(re)) {
    const le = /le="([^"]+)"/.exec(m[1])?.[1];
    if (!le) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    byLe.set(bound, (byLe.get(bound) ?? 0) + Number(m[2]));
  }
  return [...byLe.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/** Quantile estimate from cumulative buckets by linear interpolation inside the bucket. */
export function histogramQuantile(buckets: HistogramBucket[], q: number): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const target = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= target) {
      if (!Number.isFinite(b.le)) return prevLe;
      const inBucket = b.count - prevCount;
      const frac = inBucket === 0 ? 0 : (target - prevCount) / inBucket;
      return prevLe + (b.le - prevLe) * frac;
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/** Sum of a counter over all label sets. */
export function counterTotal(metricsText: string, name: string): number {
  let total = 0;
  const re = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'gm');
  for (const m of metricsText.matchAll(re)) total += Number(m[1]);
  return total;
}

/** The series of one gauge keyed by the value of one label (e.g. figure="maxLagMs" → 12). */
export function gaugeByLabel(
  metricsText: string,
  name: string,
  label: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  const re = new RegExp(`^${name}\\{[^}]*${label}="([^"]+)"[^}]*\\} (\\S+)`, 'gm');
  for (const m of metricsText.matchAll(re)) out[m[1]] = Number(m[2]);
  return out;
}

/** The lines of a metrics text that carry `labels` (e.g. `route="/engines/status"`). */
export function onlyLabels(metrics: string, labels: string): string {
  return metrics
    .split('\n')
    .filter((l) => l.includes(labels))
    .join('\n');
}

/** after − before, bucket by bucket (both cumulative, same bounds). */
export function bucketDelta(
  after: HistogramBucket[],
  before: HistogramBucket[],
): HistogramBucket[] {
  return after.map((b) => ({
    le: b.le,
    count: b.count - (before.find((x) => x.le === b.le)?.count ?? 0),
  }));
}

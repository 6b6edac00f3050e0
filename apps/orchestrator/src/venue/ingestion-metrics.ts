import { Gauge, type Registry } from 'prom-client';
import type { IngestWindow } from '@flotilla/market-data';

export const INGEST_WINDOW_METRIC = 'flotilla_market_ingest_window';

/**
 * The market-data hub's stall diagnosis as one gauge, labelled by figure, holding the maxima and
 * counts since the previous scrape (like the event-loop lag gauges, a scrape starts a new window):
 * the largest read burst and what stood behind it (loop gap, receive lag against the venue's ts,
 * the venue's own ts gap), the longest turn of hub work, and the backlog drained in slices.
 */
export function registerIngestionMetrics(registry: Registry, take: () => IngestWindow): void {
  new Gauge({
    name: INGEST_WINDOW_METRIC,
    help: 'Market-data ingestion since the previous scrape (ms, frames, bytes, counts by figure)',
    labelNames: ['figure'],
    registers: [registry],
    collect() {
      const w = take();
      for (const [figure, value] of Object.entries(w)) this.set({ figure }, value as number);
    },
  });
}

/** Running totals since the hub started; monotonic counters for Prometheus. */
export interface MarketDataStats {
  messages: number;
  bookUpdates: number;
  trades: number;
  tickers: number;
  gaps: number;
  crossed: number;
  resyncs: number;
  /** Resyncs that waited for the per-symbol spacing (a venue sending bad books over and over). */
  resyncsDeferred: number;
  staleResubscribes: number;
  malformed: number;
  reconnects: number;
  subscribeFailures: number;
  listenerErrors: number;
  /** Data frames for a topic no one is subscribed to (late after an unsubscribe). */
  unrouted: number;
  connections: number;
  symbols: number;
}

export type HubCounters = Omit<
  MarketDataStats,
  'reconnects' | 'subscribeFailures' | 'listenerErrors' | 'connections' | 'symbols'
>;

export function emptyCounters(): HubCounters {
  return {
    messages: 0,
    bookUpdates: 0,
    trades: 0,
    tickers: 0,
    gaps: 0,
    crossed: 0,
    resyncs: 0,
    resyncsDeferred: 0,
    staleResubscribes: 0,
    malformed: 0,
    unrouted: 0,
  };
}

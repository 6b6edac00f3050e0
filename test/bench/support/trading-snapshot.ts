import { counterTotal, histogramBuckets, onlyLabels, type HistogramBucket } from './stats';

/** Counters read at both ends of the window; the figures are their differences. */
export interface TradingSnapshot {
  atMs: number;
  metrics: string;
  signalToAck: HistogramBucket[];
  tickToSignal: HistogramBucket[];
  /** The port's own order/create round trip (flotilla_venue_call_seconds, result ok). */
  venueCreate: HistogramBucket[];
  events: number;
  /** /trading/execution-stats, summed over the engines. */
  signals: number;
  entriesSubmitted: number;
  entriesFilled: number;
  entriesRejected: number;
  riskRefusals: number;
  /** Its ring-based percentiles (recent entries of every engine), for a cross-check. */
  ringAckMs: unknown;
  /** Round trips closed, summed over the engines' status. */
  tradeCount: number;
  paused: number;
  /** Engines running whose reconciliation is done. */
  reconciled: number;
  openPositions: number;
  /** The venue's own order list for the account, by our client-id leg prefix. */
  venueOrders: Record<string, number>;
  venueOrdersTotal: number;
}

export const SIGNAL_TO_ACK = 'flotilla_signal_to_ack_seconds';
export const TICK_TO_SIGNAL = 'flotilla_tick_to_signal_seconds';
const EVENTS = 'flotilla_engine_events_processed_total';
const VENUE_CREATE = 'endpoint="order/create",result="ok"';

/** The lines of the text format that carry these labels (one label set of a histogram). */
interface ExecStatsBody {
  signals: number;
  entriesSubmitted: number;
  entriesFilled: number;
  entriesRejected: number;
  riskRefusals: number;
  signalToAckMs: unknown;
}

interface FleetBody {
  engines: Array<{
    status: string;
    tradeCount: number;
    position: unknown;
    reconcile: { state: string } | null;
  }>;
}

/** fle- entry, fls- stop, flt- take profit, flc- close; anything else "other". */
function legOf(orderLinkId: string): string {
  const m = /^fl([estc])-/.exec(orderLinkId);
  return m ? { e: 'entry', s: 'stop', t: 'takeProfit', c: 'close' }[m[1]]! : 'other';
}

export async function tradingSnapshot(
  orchUrl: string,
  token: string,
  simUrl: string,
  accountKey: string,
): Promise<TradingSnapshot> {
  const auth = { authorization: `Bearer ${token}` };
  const json = async <T>(url: string, headers: Record<string, string> = auth): Promise<T> => {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const [metrics, stats, fleet, orders] = await Promise.all([
    fetch(`${orchUrl}/metrics`).then((r) => r.text()),
    json<ExecStatsBody>(`${orchUrl}/trading/execution-stats`),
    json<FleetBody>(`${orchUrl}/engines/status`),
    json<{ orders: Array<{ orderLinkId: string }> }>(
      `${simUrl}/__admin/accounts/${encodeURIComponent(accountKey)}/orders`,
      {},
    ),
  ]);
  const venueOrders: Record<string, number> = {};
  for (const o of orders.orders) {
    const leg = legOf(o.orderLinkId);
    venueOrders[leg] = (venueOrders[leg] ?? 0) + 1;
  }
  return {
    atMs: performance.now(),
    metrics,
    signalToAck: histogramBuckets(metrics, SIGNAL_TO_ACK),
    tickToSignal: histogramBuckets(metrics, TICK_TO_SIGNAL),
    venueCreate: histogramBuckets(onlyLabels(metrics, VENUE_CREATE), 'flotilla_venue_call_seconds'),
    events: counterTotal(metrics, EVENTS),
    signals: stats.signals,
    entriesSubmitted: stats.entriesSubmitted,
    entriesFilled: stats.entriesFilled,
    entriesRejected: stats.entriesRejected,
    riskRefusals: stats.riskRefusals,
    ringAckMs: stats.signalToAckMs,
    tradeCount: fleet.engines.reduce((n, e) => n + e.tradeCount, 0),
    paused: fleet.engines.filter((e) => e.status === 'paused').length,
    reconciled: fleet.engines.filter((e) => e.reconcile?.state === 'done').length,
    openPositions: fleet.engines.filter((e) => e.position !== null).length,
    venueOrders,
    venueOrdersTotal: orders.orders.length,
  };
}

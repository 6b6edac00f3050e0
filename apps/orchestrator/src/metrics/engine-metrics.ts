import { Gauge, type Registry } from 'prom-client';
import type { EngineStatus } from '../supervisor';

/** Prometheus wants float64; a decimal string that is not a number reads as 0, never NaN. */
const gaugeValue = (decimal: string): number => {
  const n = Number(decimal);
  return Number.isFinite(n) ? n : 0;
};

/**
 * Per-engine series for alerting on *which* engine, rebuilt on every scrape from one read of the
 * fleet status, so an engine removed from the fleet leaves no stale series behind:
 * - flotilla_engine_state{symbol,state}: 1, and only the current state's series (one per engine,
 *   not one per state: 1,000 engines make 1,000 series, not 9,000). `== 1` alerts work as usual.
 * - flotilla_position_qty{symbol,side}: side long|short, or flat with 0.
 * - flotilla_unrealized_pnl{symbol}, flotilla_realized_pnl{symbol}: USDT.
 */
export function registerEngineMetrics(
  registry: Registry,
  engines: () => readonly EngineStatus[],
): void {
  const registers = [registry];
  new Gauge({
    name: 'flotilla_engine_state',
    help: 'Lifecycle state per engine: 1 on the series of its current state (the only one present)',
    labelNames: ['symbol', 'state'],
    registers,
    collect() {
      this.reset();
      for (const e of engines()) this.set({ symbol: e.symbol, state: e.status }, 1);
    },
  });
  new Gauge({
    name: 'flotilla_position_qty',
    help: 'Open position size per engine in base units (side flat: 0)',
    labelNames: ['symbol', 'side'],
    registers,
    collect() {
      this.reset();
      for (const e of engines()) {
        const side = e.position?.side ?? 'flat';
        this.set({ symbol: e.symbol, side }, e.position ? gaugeValue(e.position.qty) : 0);
      }
    },
  });
  new Gauge({
    name: 'flotilla_unrealized_pnl',
    help: 'Unrealised PnL per engine (USDT)',
    labelNames: ['symbol'],
    registers,
    collect() {
      this.reset();
      for (const e of engines()) this.set({ symbol: e.symbol }, gaugeValue(e.unrealizedPnl));
    },
  });
  new Gauge({
    name: 'flotilla_realized_pnl',
    help: 'Realised PnL per engine (USDT), as its status reports it',
    labelNames: ['symbol'],
    registers,
    collect() {
      this.reset();
      for (const e of engines()) this.set({ symbol: e.symbol }, gaugeValue(e.realizedPnl));
    },
  });
}

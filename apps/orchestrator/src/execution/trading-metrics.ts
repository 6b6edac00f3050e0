import { Gauge, type Registry } from 'prom-client';
import type { ExecutorView, RiskGate, RiskRefusalReason } from '@flotilla/execution';

export interface TradingMetricsSources {
  executors(): Iterable<ExecutorView>;
  risk(): RiskGate;
}

const REFUSALS: readonly RiskRefusalReason[] = [
  'kill-switch',
  'daily-loss',
  'max-open-positions',
  'max-exposure',
  'min-notional',
  'max-position',
  'position-open',
];

/**
 * Trading series, computed when Prometheus scrapes (never on the hot path): open positions,
 * exposure, realised PnL, live orders by state, stop coverage and risk refusals.
 */
export function registerTradingMetrics(registry: Registry, sources: TradingMetricsSources): void {
  const registers = [registry];
  const summary = () => {
    let open = 0;
    let covered = 0;
    let realized = 0;
    let unrealized = 0;
    const orders = new Map<string, number>();
    for (const view of sources.executors()) {
      const status = view.status();
      realized += status.realizedPnl.toNumber();
      unrealized += status.unrealizedPnl.toNumber();
      if (status.position && status.position.side !== 'flat') {
        open++;
        if (status.position.stopConfirmed) covered++;
      }
      for (const order of view.orders()) {
        if (isLive(order.state)) orders.set(order.state, (orders.get(order.state) ?? 0) + 1);
      }
    }
    return { open, covered, realized, unrealized, orders };
  };
  new Gauge({
    name: 'flotilla_positions_open',
    help: 'Engines with an open position',
    registers,
    collect() {
      this.set(summary().open);
    },
  });
  new Gauge({
    name: 'flotilla_stop_coverage_ratio',
    help: 'Share of open positions whose venue-side stop is confirmed (1 when none is open)',
    registers,
    collect() {
      const { open, covered } = summary();
      this.set(open === 0 ? 1 : covered / open);
    },
  });
  new Gauge({
    name: 'flotilla_pnl_usdt',
    help: 'Fleet PnL in USDT (a float view of the exact decimal figures in /trading/positions)',
    labelNames: ['kind'],
    registers,
    collect() {
      const { realized, unrealized } = summary();
      this.set({ kind: 'realized' }, realized);
      this.set({ kind: 'unrealized' }, unrealized);
    },
  });
  new Gauge({
    name: 'flotilla_orders_live',
    help: 'Orders the engines track that are not finished, by state',
    labelNames: ['state'],
    registers,
    collect() {
      this.reset();
      for (const [state, n] of summary().orders) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'flotilla_exposure_usdt',
    help: 'Open plus reserved notional across the fleet (RiskManager)',
    labelNames: ['kind'],
    registers,
    collect() {
      const status = sources.risk().status();
      this.set({ kind: 'open' }, status.exposure.toNumber());
      this.set({ kind: 'reserved' }, status.reservedExposure.toNumber());
    },
  });
  new Gauge({
    name: 'flotilla_risk_refusals',
    help: 'Entries the RiskManager refused since start, by reason (cumulative)',
    labelNames: ['reason'],
    registers,
    collect() {
      const { refusals } = sources.risk().status();
      for (const reason of REFUSALS) this.set({ reason }, refusals[reason] ?? 0);
    },
  });
  new Gauge({
    name: 'flotilla_kill_switch_engaged',
    help: '1 while the kill switch blocks new entries fleet-wide',
    registers,
    collect() {
      this.set(sources.risk().status().killSwitch.engaged ? 1 : 0);
    },
  });
}

function isLive(state: string): boolean {
  return (
    state === 'new' ||
    state === 'submitted' ||
    state === 'accepted' ||
    state === 'partially-filled' ||
    state === 'unknown'
  );
}

import { Registry } from 'prom-client';
import { Decimal } from '@flotilla/core';
import type { ExecutionStatusView } from '@flotilla/engine';
import type { ExecutorView, RiskGate, RiskStatus, TrackedOrder } from '@flotilla/execution';
import { registerTradingMetrics } from './trading-metrics';

const d = (v: string | number) => new Decimal(v);

function view(
  symbol: string,
  side: 'long' | 'short' | 'flat',
  stopConfirmed: boolean,
  realized: string,
  orderStates: TrackedOrder['state'][] = [],
): ExecutorView {
  const status: ExecutionStatusView = {
    position:
      side === 'flat'
        ? null
        : {
            state: stopConfirmed ? 'open' : 'unprotected',
            side,
            qty: d(1),
            entryPrice: d(100),
            stopPrice: stopConfirmed ? d(99) : null,
            stopConfirmed,
            takeProfitPrice: null,
            openedAtMs: 0,
          },
    unrealizedPnl: d('0.5'),
    realizedPnl: d(realized),
    tradeCount: 1,
    reconcile: { state: 'done', atMs: 0, differences: 0, error: null },
  };
  const orders = orderStates.map((state) => ({ state }) as TrackedOrder);
  return {
    symbol,
    status: () => status,
    orders: () => orders,
    stats: () => ({
      signals: 0,
      entriesSubmitted: 0,
      entriesFilled: 0,
      entriesRejected: 0,
      riskRefusals: 0,
      signalToAckMs: [],
      slippageBps: [],
    }),
  };
}

const risk = {
  status: (): RiskStatus =>
    ({
      exposure: d('250.5'),
      reservedExposure: d(100),
      killSwitch: { engaged: true, atMs: 1, by: 'operator' },
      refusals: { 'max-open-positions': 3 },
    }) as unknown as RiskStatus,
} as unknown as RiskGate;

describe('trading metrics', () => {
  it('reports positions, stop coverage, PnL, live orders, exposure, refusals, kill switch', async () => {
    const registry = new Registry();
    const views = [
      view('BTCUSDT', 'long', true, '10.25', ['accepted', 'filled']),
      view('ETHUSDT', 'short', false, '-2', ['unknown']),
      view('SOLUSDT', 'flat', false, '1', ['cancelled']),
    ];
    registerTradingMetrics(registry, { executors: () => views, risk: () => risk });
    const text = await registry.metrics();
    expect(text).toContain('flotilla_positions_open 2');
    expect(text).toContain('flotilla_stop_coverage_ratio 0.5');
    expect(text).toContain('flotilla_pnl_usdt{kind="realized"} 9.25');
    expect(text).toContain('flotilla_orders_live{state="accepted"} 1');
    expect(text).toContain('flotilla_orders_live{state="unknown"} 1');
    expect(text).not.toContain('state="filled"');
    expect(text).toContain('flotilla_exposure_usdt{kind="open"} 250.5');
    expect(text).toContain('flotilla_risk_refusals{reason="max-open-positions"} 3');
    expect(text).toContain('flotilla_risk_refusals{reason="kill-switch"} 0');
    expect(text).toContain('flotilla_kill_switch_engaged 1');
  });

  it('coverage is 1 with no open position', async () => {
    const registry = new Registry();
    registerTradingMetrics(registry, {
      executors: () => [view('SOLUSDT', 'flat', false, '0')],
      risk: () => risk,
    });
    expect(await registry.metrics()).toContain('flotilla_stop_coverage_ratio 1');
  });
});

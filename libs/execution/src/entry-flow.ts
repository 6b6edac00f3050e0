import type { Decimal } from '@flotilla/core';
import type { Intent } from '@flotilla/trading';
import type { RiskRefusalReason } from './contracts';
import type { ExecCore } from './exec-core';
import type { ExitFlow } from './exit-flow';
import type { OrderPlacer } from './order-placer';
import { stopPriceFor } from './stop-guard';

/** The take profit of a position of this side, takeProfitPct away from the price. */
export function takeProfitFor(side: 'long' | 'short', price: Decimal, pct: Decimal): Decimal {
  const distance = price.mul(pct).div(100);
  return side === 'long' ? price.add(distance) : price.sub(distance);
}

/**
 * A signal becomes a risk-checked market entry with its stop loss and take profit attached, or
 * (the opposite side while holding, when configured) a reduce-only close. No entry before
 * reconciliation is done, while a position is held, while the engine is paused, or when risk says no.
 */
export class EntryFlow {
  constructor(
    private readonly core: ExecCore,
    private readonly placer: OrderPlacer,
    private readonly exits: ExitFlow,
  ) {}

  onIntent(intent: Intent): void {
    const core = this.core;
    if (intent.symbol !== core.symbol) return;
    core.stats.signals++;
    const signal = intent.signal;
    const side = intent.side === 'buy' ? 'long' : 'short';
    const p = core.position;
    if (core.reconcile.state !== 'done') {
      core.deps.logger.debug('signal before reconciliation is done', { symbol: core.symbol });
      return;
    }
    if (p.state !== 'flat') {
      const held = core.ledger.side;
      const opposite = held !== 'flat' && held !== side;
      if (opposite && core.deps.settings.exitOnOppositeSignal) {
        this.exits.close('opposite-signal', signal.id, { causeSignalId: signal.id });
      }
      return;
    }
    if (!core.deps.host.entriesAllowed()) return this.refusePaused(signal.id);
    const blocked = core.deps.risk.entriesBlocked();
    if (blocked) return this.refuse(blocked, 'entries blocked', signal.id);
    const notional = core.deps.settings.entryNotional;
    const decision = core.deps.risk.reserve(core.symbol, notional);
    if (!decision.ok) return this.refuse(decision.reason, decision.detail, signal.id);

    const settings = core.deps.settings;
    const stopLoss = stopPriceFor(side, signal.mid, settings.stopLossPct);
    const takeProfit = takeProfitFor(side, signal.mid, settings.takeProfitPct);
    const entryClientId = core.clientOrderId(signal.id, 'entry');
    Object.assign(p, {
      signalId: signal.id,
      traceId: signal.id,
      side,
      reservation: decision.reservation,
      committed: false,
      entryClientId,
      stopPrice: stopLoss,
      takeProfitPrice: takeProfit,
      realizedAtOpen: core.ledger.realized,
      signalMid: signal.mid,
      signalMonoMs: core.deps.clock.monotonicMs(),
    });
    core.movePosition('submitEntry');
    core.stats.entriesSubmitted++;
    const order = this.placer.place(
      {
        symbol: core.symbol,
        signalId: signal.id,
        leg: 'entry',
        side: intent.side,
        type: 'market',
        qty: notional.div(signal.mid),
        stopLoss,
        takeProfit,
      },
      signal.id,
      {
        onPlaced: (o) => {
          const started = core.position.signalMonoMs;
          if (core.position.entryClientId === o.clientOrderId && started !== null) {
            const ms = core.deps.clock.monotonicMs() - started;
            core.stats.recordAck(ms);
            core.deps.onEntryAck?.(ms);
          }
        },
        onFailed: (o, reason) => this.exits.entryFailed(o.clientOrderId, reason),
      },
    );
    if (!order) this.exits.entryFailed(entryClientId, 'a second entry for one signal');
  }

  /** Paused (operator or stop failure): the engine, not risk, refuses; audited, not a risk refusal. */
  private refusePaused(signalId: string): void {
    const core = this.core;
    const detail = 'the engine is paused';
    core.audit('risk.refused', signalId, {
      reason: 'engine-paused',
      detail,
      notional: core.deps.settings.entryNotional.toFixed(),
    });
    core.deps.logger.info('entry refused: engine paused', { symbol: core.symbol, signalId });
  }

  private refuse(reason: RiskRefusalReason, detail: string, signalId: string): void {
    const core = this.core;
    core.stats.riskRefusals++;
    core.audit(
      'risk.refused',
      signalId,
      { reason, detail, notional: core.deps.settings.entryNotional.toFixed() },
      { actor: 'risk' },
    );
    core.deps.logger.warn('entry refused by risk', {
      symbol: core.symbol,
      reason,
      detail,
      signalId,
    });
  }
}

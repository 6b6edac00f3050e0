import { errorMessage } from '@flotilla/core';
import type { ExecCore } from './exec-core';
import { flatPosition } from './exec-core';
import type { OrderPlacer } from './order-placer';

export type CloseKind = 'opposite-signal' | 'flatten' | 'emergency' | 'reconcile';

/**
 * Ways out of a position: a reduce-only market close, the end of a failed entry, the bookkeeping
 * when the position is flat (whoever closed it: our close, the venue's stop or take profit), and
 * the operator's flatten. The stop is never cancelled while the position stands.
 */
export class ExitFlow {
  constructor(
    private readonly core: ExecCore,
    private readonly placer: OrderPlacer,
    /** The position lost its protection (a close failed): the stop guard takes over. */
    private readonly onUnprotected: () => void,
  ) {}

  /** A reduce-only market close of the whole position; the leg's signal id makes its client id. */
  close(
    kind: CloseKind,
    closeSignalId: string,
    detail: Record<string, string | null> = {},
  ): boolean {
    const core = this.core;
    const p = core.position;
    const qty = core.ledger.qty.abs();
    if ((p.state !== 'open' && p.state !== 'unprotected') || qty.isZero()) return false;
    const traceId = p.traceId ?? closeSignalId;
    const order = this.placer.place(
      {
        symbol: core.symbol,
        signalId: closeSignalId,
        leg: 'close',
        side: core.ledger.qty.gt(0) ? 'sell' : 'buy',
        type: 'market',
        qty,
        reduceOnly: true,
      },
      traceId,
      {
        onPlaced: () => undefined,
        onFailed: (_o, reason) => {
          if (core.position.state !== 'closing') return;
          core.deps.logger.error('position close failed', { symbol: core.symbol, kind, reason });
          core.movePosition('closeFailed');
          core.position.unprotectedSinceMs = core.now();
          this.onUnprotected();
        },
      },
    );
    if (!order) return false;
    p.closeAttempts++;
    core.movePosition('close');
    core.deps.logger.info('closing position', {
      symbol: core.symbol,
      kind,
      qty: qty.toFixed(),
      ...detail,
    });
    return true;
  }

  /** The entry was rejected, cancelled or expired with nothing filled: free the reservation. */
  entryFailed(clientOrderId: string, reason: string): void {
    const core = this.core;
    const p = core.position;
    if (p.state !== 'opening' || p.entryClientId !== clientOrderId) return;
    if (!core.ledger.qty.isZero()) return; // something filled: the fill path owns the position
    if (p.reservation && !p.committed) core.deps.risk.release(p.reservation);
    core.stats.entriesRejected++;
    core.movePosition('entryFailed');
    core.deps.logger.info('entry failed', { symbol: core.symbol, clientOrderId, reason });
    core.position = flatPosition(core.ledger.realized);
  }

  /** The ledger says flat: record the round trip and clear what protected it. */
  onFlat(): void {
    const core = this.core;
    const p = core.position;
    const pnl = core.ledger.realized.sub(p.realizedAtOpen);
    core.movePosition('closed');
    core.audit('position.closed', p.traceId, {
      realizedPnl: pnl.toFixed(),
      totalRealizedPnl: core.ledger.realized.toFixed(),
      tradeCount: core.ledger.tradeCount,
    });
    core.deps.risk.closed(core.symbol);
    core.position = flatPosition(core.ledger.realized);
    this.cancelLeftovers();
  }

  /** Cancel entries, close reduce-only at market; the stop stays until the position is flat. */
  flatten(reason: string, actor: string, requestId: string | null): void {
    const core = this.core;
    const p = core.position;
    core.audit(
      'operator.flatten',
      requestId ?? p.traceId,
      { reason, state: p.state },
      { actor, requestId },
    );
    for (const o of core.orders.liveOrders()) {
      if (o.leg === 'entry') this.cancel(o.clientOrderId);
    }
    if (p.state === 'opening') p.flattenRequested = true;
    else this.close('flatten', `flatten-${requestId ?? String(core.now())}`, { reason });
  }

  /** Our stop, take-profit and entry orders still live once flat are cancelled on the venue. */
  private cancelLeftovers(): void {
    for (const o of this.core.orders.liveOrders()) {
      if (o.leg !== 'close') this.cancel(o.clientOrderId);
    }
  }

  private cancel(clientOrderId: string): void {
    const core = this.core;
    core.call(
      'venue.cancel',
      () => core.deps.venue.cancel(core.symbol, clientOrderId),
      () => {
        core.moveOrder(clientOrderId, 'cancel', 'cancelled by the engine');
        const o = core.orders.find(clientOrderId);
        if (o?.leg === 'entry') this.entryFailed(clientOrderId, 'cancelled');
      },
      (err) =>
        core.deps.logger.warn('cancel failed', {
          symbol: core.symbol,
          clientOrderId,
          error: errorMessage(err),
        }),
    );
  }
}

import { Backoff, Decimal, errorMessage } from '@flotilla/core';
import type { VenueFill, VenueOrder, VenuePosition } from '@flotilla/engine';
import type { ExecCore } from './exec-core';
import { flatPosition } from './exec-core';
import type { ExitFlow } from './exit-flow';
import { legOfClientId } from './order-tracker';
import { PnlLedger } from './pnl-ledger';
import type { PositionKeeper } from './position-keeper';
import { findOurStop, stopPriceFor, type StopGuard } from './stop-guard';

/**
 * Reconciliation on every start (SPEC 9): rebuild realised PnL from the audit trail, add the fills
 * the venue made while we were down, then take the venue's open orders and position as the truth:
 * adopt what carries our prefix, cancel what nobody here can account for, make sure a position has
 * its stop. Each difference is audited. A failure is retried with backoff on the timer; no entry
 * is made before it is done.
 */
export class Reconciler {
  private attempt = 0;
  private nextRetryAtMs: number | null = null;
  private readonly backoff: Backoff;
  private readonly auditedFills = new Set<string>();

  constructor(
    private readonly core: ExecCore,
    private readonly keeper: PositionKeeper,
    private readonly guard: StopGuard,
    private readonly exits: ExitFlow,
    private readonly onDone: () => void,
  ) {
    const initialMs = core.deps.reconcileRetryMs ?? 1000;
    this.backoff = new Backoff({ initialMs, maxMs: Math.max(initialMs, 30_000), jitter: 'none' });
  }

  start(): void {
    const core = this.core;
    this.attempt++;
    this.nextRetryAtMs = null;
    Object.assign(core.reconcile, {
      state: 'running',
      atMs: core.now(),
      differences: 0,
      error: null,
    });
    core.audit('reconcile.started', null, { attempt: this.attempt }, { actor: 'reconcile' });
    core.call(
      'audit.fills',
      () => core.deps.auditReader.fills(core.symbol),
      (entries) => {
        core.ledger = PnlLedger.fromAudit(entries);
        this.readExecutions();
      },
      (err) => this.fail('reading the audit trail', err),
    );
  }

  onTimer(nowMs: number): void {
    if (
      this.core.reconcile.state === 'failed' &&
      this.nextRetryAtMs !== null &&
      nowMs >= this.nextRetryAtMs
    ) {
      this.start();
    }
  }

  private readExecutions(): void {
    const core = this.core;
    core.call(
      'venue.executions',
      // From the trail's last flat moment, not its last fill: a fill the stream lost (an entry)
      // may be older than one it delivered (the stop's close). Known fill ids are skipped.
      () => core.deps.venue.executions(core.symbol, core.ledger.lastFlatAtMs ?? undefined),
      (fills) => {
        const recovered = this.recover(fills);
        this.readVenue(recovered);
      },
      (err) => this.fail('reading the venue executions', err),
    );
  }

  /** Fills the venue made that the trail lacks: audited as recovered (once per executor). */
  private recover(fills: readonly VenueFill[]): number {
    let count = 0;
    for (const f of fills) {
      if (f.symbol !== this.core.symbol || this.core.ledger.has(f.fillId)) continue;
      if (this.auditedFills.has(f.fillId)) {
        this.core.ledger.apply(f);
      } else if (this.keeper.recordFill(f, true)) {
        this.auditedFills.add(f.fillId);
        count++;
      }
    }
    return count;
  }

  private readVenue(recoveredFills: number): void {
    const core = this.core;
    core.call(
      'venue.reconcileRead',
      () =>
        Promise.all([
          core.deps.venue.openOrders(core.symbol),
          core.deps.venue.positions(core.symbol),
        ]),
      ([orders, positions]) => this.decide(orders, positions, recoveredFills),
      (err) => this.fail('reading open orders and positions', err),
    );
  }

  private decide(
    orders: readonly VenueOrder[],
    positions: readonly VenuePosition[],
    recoveredFills: number,
  ): void {
    const core = this.core;
    const pos = positions.find(
      (v) => v.symbol === core.symbol && v.size.gt(0) && v.side !== 'flat',
    );
    let adopted = 0;
    let cancelled = 0;
    for (const o of orders) {
      if (o.symbol !== core.symbol || o.status !== 'open') continue;
      const leg = legOfClientId(o.clientOrderId);
      if (leg === null || !pos) {
        this.cancel(
          o,
          leg === null
            ? 'not ours'
            : leg === 'entry'
              ? 'entry without a position'
              : 'no position behind it',
        );
        cancelled++;
        continue;
      }
      core.orders.adopt(o, leg, core.now());
      core.audit(
        'reconcile.adopted',
        null,
        { kind: 'order', clientOrderId: o.clientOrderId, orderId: o.orderId, leg },
        { actor: 'reconcile' },
      );
      adopted++;
    }
    this.alignLedger(pos);
    core.position = flatPosition(core.ledger.realized);
    if (pos) this.adoptPosition(pos, orders);
    core.reconcile.state = 'done';
    core.reconcile.atMs = core.now();
    core.audit(
      'reconcile.done',
      null,
      {
        differences: core.reconcile.differences,
        adoptedOrders: adopted,
        cancelledOrders: cancelled,
        recoveredFills,
        position: pos?.side ?? 'flat',
      },
      { actor: 'reconcile' },
    );
    this.backoff.reset();
    core.deps.logger.info('reconciled', {
      symbol: core.symbol,
      differences: core.reconcile.differences,
      recoveredFills,
    });
    this.onDone();
  }

  private alignLedger(pos: VenuePosition | undefined): void {
    const core = this.core;
    const venueQty = pos ? (pos.side === 'long' ? pos.size : pos.size.neg()) : new Decimal(0);
    if (core.ledger.qty.eq(venueQty)) return;
    this.difference({
      reason: 'position differs from the fills on record',
      ledgerQty: core.ledger.qty.toFixed(),
      venueQty: venueQty.toFixed(),
    });
    core.ledger.resetPosition(pos?.side ?? 'flat', pos?.size ?? venueQty, pos?.entryPrice ?? null);
  }

  private adoptPosition(pos: VenuePosition, orders: readonly VenueOrder[]): void {
    const core = this.core;
    const side = pos.side === 'short' ? 'short' : 'long';
    const entry = pos.entryPrice ?? core.ledger.avgEntry ?? core.mark;
    core.deps.risk.adopt(core.symbol, pos.size.mul(entry ?? 0));
    const p = core.position;
    p.signalId = `reconcile-${core.reconcile.atMs ?? core.now()}`;
    p.traceId = p.signalId;
    p.side = side;
    p.committed = true;
    p.openedAtMs = core.now();
    p.unprotectedSinceMs = core.now();
    p.takeProfitPrice = pos.takeProfit;
    core.movePosition('adopt');
    core.audit(
      'reconcile.adopted',
      p.traceId,
      {
        kind: 'position',
        side,
        size: pos.size.toFixed(),
        entryPrice: entry?.toFixed() ?? null,
        stopLoss: pos.stopLoss?.toFixed() ?? null,
      },
      { actor: 'reconcile' },
    );
    const stopOrder = findOurStop(core.symbol, orders);
    if (pos.stopLoss) return this.guard.confirm('position', pos.stopLoss);
    if (stopOrder) return this.guard.confirm('order', stopOrder.triggerPrice);
    if (!entry) return this.guard.begin();
    p.stopPrice = stopPriceFor(side, entry, core.deps.settings.stopLossPct);
    const mark = core.mark ?? markOf(pos);
    const past = mark !== null && (side === 'long' ? mark.lte(p.stopPrice) : mark.gte(p.stopPrice));
    this.difference({
      reason: 'position without a stop',
      stopPrice: p.stopPrice.toFixed(),
      mark: mark?.toFixed() ?? null,
      action: past ? 'close' : 'place-stop',
    });
    if (past) {
      core.audit('position.emergency-close', p.traceId, {
        reason: 'the mark is past the stop at reconciliation',
        mark: mark?.toFixed() ?? null,
      });
      this.exits.close('reconcile', `${p.signalId}-close`);
    } else {
      this.guard.begin();
    }
  }

  private cancel(o: VenueOrder, reason: string): void {
    const core = this.core;
    this.difference({ reason: `open order cancelled: ${reason}`, clientOrderId: o.clientOrderId });
    core.audit(
      'reconcile.cancelled',
      null,
      { clientOrderId: o.clientOrderId, orderId: o.orderId, reason },
      { actor: 'reconcile' },
    );
    core.call(
      'venue.cancel',
      () => core.deps.venue.cancel(core.symbol, o.clientOrderId),
      () => undefined,
      (err) =>
        core.deps.logger.warn('reconciliation cancel failed', {
          symbol: core.symbol,
          clientOrderId: o.clientOrderId,
          error: errorMessage(err),
        }),
    );
  }

  private difference(details: Record<string, string | null>): void {
    this.core.reconcile.differences++;
    if (details.reason?.startsWith('open order cancelled')) return; // audited as reconcile.cancelled
    this.core.audit('reconcile.difference', this.core.position.traceId, details, {
      actor: 'reconcile',
    });
  }

  private fail(step: string, err: unknown): void {
    const core = this.core;
    const delayMs = this.backoff.nextDelayMs();
    const error = `${step}: ${errorMessage(err)}`;
    Object.assign(core.reconcile, { state: 'failed', error });
    this.nextRetryAtMs = core.now() + delayMs;
    core.audit(
      'reconcile.failed',
      null,
      { error, retryInMs: delayMs, attempt: this.attempt },
      { actor: 'reconcile' },
    );
    core.deps.logger.warn('reconciliation failed', {
      symbol: core.symbol,
      error,
      retryInMs: delayMs,
    });
  }
}

/** The venue's mark price, from its unrealised PnL: entry ± upnl / size. */
function markOf(pos: VenuePosition): Decimal | null {
  if (!pos.entryPrice || pos.size.isZero()) return null;
  const perUnit = pos.unrealisedPnl.div(pos.size);
  return pos.side === 'short' ? pos.entryPrice.sub(perUnit) : pos.entryPrice.add(perUnit);
}

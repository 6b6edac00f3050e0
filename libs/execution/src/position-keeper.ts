import { errorMessage } from '@flotilla/core';
import type { VenueFill, VenueOrder, VenuePosition } from '@flotilla/engine';
import type { ExecCore } from './exec-core';
import type { ExitFlow } from './exit-flow';
import { FillReadBack } from './fill-readback';
import { triggerOfVenueOrder } from './order-placer';
import { stopPriceFor, type StopGuard } from './stop-guard';

/**
 * Applies what the venue reports (fills, order and position updates from the private stream, or
 * read back over REST) to the ledger, the orders and the position.
 */
export class PositionKeeper {
  private catchingUp = false;
  private readonly readBack: FillReadBack;

  constructor(
    private readonly core: ExecCore,
    private readonly guard: StopGuard,
    private readonly exits: ExitFlow,
  ) {
    this.readBack = new FillReadBack(core, (reason) => this.readBackFills(reason));
  }

  /** Ledger, audit and risk for one fill, once per fillId; false when it was already applied. */
  recordFill(fill: VenueFill, recovered: boolean): boolean {
    const core = this.core;
    const effect = core.ledger.apply(fill);
    if (!effect) return false;
    const order = core.orders.find(fill.clientOrderId);
    if (order) {
      const filled = order.filledQty.add(fill.qty);
      order.avgPrice = (order.avgPrice ?? fill.price)
        .mul(order.filledQty)
        .add(fill.price.mul(fill.qty))
        .div(filled);
      order.filledQty = filled;
      core.moveOrder(fill.clientOrderId, filled.gte(order.qty) ? 'fill' : 'partialFill');
    }
    core.audit('fill', order?.traceId ?? core.position.traceId, {
      fillId: fill.fillId,
      orderId: fill.orderId,
      clientOrderId: fill.clientOrderId,
      side: fill.side,
      price: fill.price.toFixed(),
      qty: fill.qty.toFixed(),
      fee: fill.fee.toFixed(),
      realizedPnl: effect.realized.toFixed(),
      maker: fill.maker,
      at: fill.at,
      recovered,
    });
    core.deps.risk.recordRealized(core.symbol, effect.net, fill.at);
    if (order?.leg === 'entry') this.recordSlippage(fill);
    return true;
  }

  onFill(fill: VenueFill): void {
    const core = this.core;
    if (fill.symbol !== core.symbol || !this.recordFill(fill, false)) return;
    this.afterFills();
  }

  /** Moves the position to what the ledger now holds. */
  afterFills(): void {
    const core = this.core;
    const p = core.position;
    const held = !core.ledger.qty.isZero();
    if (p.state === 'opening' && held) this.opened();
    else if (p.state === 'flat' && held) this.adoptUnexpected();
    else if (!held && (p.state === 'unprotected' || p.state === 'open' || p.state === 'closing')) {
      this.exits.onFlat();
    }
  }

  onOrder(o: VenueOrder): void {
    const core = this.core;
    if (o.symbol !== core.symbol) return;
    const tracked = core.orders.find(o.clientOrderId);
    if (!tracked) return;
    tracked.orderId = o.orderId;
    if (o.qty.gt(0)) tracked.qty = o.qty;
    const moved = core.moveOrder(o.clientOrderId, triggerOfVenueOrder(o));
    if (!moved) return;
    const p = core.position;
    const ended =
      moved.state === 'cancelled' || moved.state === 'expired' || moved.state === 'rejected';
    if (moved.leg === 'entry' && ended) this.exits.entryFailed(moved.clientOrderId, moved.state);
    if (moved.leg === 'entry' && moved.state === 'filled' && core.ledger.qty.isZero()) {
      this.readBack.expectFillSoon();
    }
    if (moved.leg === 'close' && moved.state === 'filled' && p.state === 'closing') {
      this.readBack.expectFillSoon();
    }
    if (moved.leg === 'stop' && moved.state === 'accepted' && o.triggerPrice) {
      this.guard.confirm('order', o.triggerPrice);
    }
    if (moved.leg === 'stop' && ended && p.state === 'open' && p.stopSource === 'order') {
      this.guard.check();
    }
  }

  onPosition(v: VenuePosition): void {
    const core = this.core;
    if (v.symbol !== core.symbol) return;
    core.streamPosition = v;
    const p = core.position;
    const venueHolds = v.size.gt(0) && v.side !== 'flat';
    if (venueHolds && p.state === 'opening' && core.ledger.qty.isZero()) {
      // The venue holds what our entry bought: its fill normally follows within milliseconds; if
      // the stream lost it, the next timer reads it back instead of waiting out the full delay.
      this.readBack.expectFillSoon();
    } else if (venueHolds && v.stopLoss && p.state === 'unprotected')
      this.guard.confirm('position', v.stopLoss);
    else if (venueHolds && !v.stopLoss && p.state === 'open' && p.stopSource === 'position') {
      this.guard.check();
    } else if (!venueHolds && !core.ledger.qty.isZero() && p.state !== 'opening') {
      this.catchUp();
    }
  }

  /** Reads back the fills of a market order of ours that were acknowledged and never arrived. */
  onTimer(): void {
    this.readBack.onTimer();
  }

  /** Fills the stream may have lost (an order acknowledged, its fill never seen), read back. */
  readBackFills(reason: string): void {
    const core = this.core;
    this.readVenueFills(reason, (found) => {
      if (found === 0) return;
      core.deps.logger.warn('fills read back from the venue', {
        symbol: core.symbol,
        reason,
        found,
      });
      this.afterFills();
    });
  }

  /**
   * The venue says flat but the ledger does not: read the fills back; if the ledger still
   * disagrees afterwards, the venue is right and the difference is audited.
   */
  catchUp(): void {
    const core = this.core;
    this.readVenueFills('venue flat', () => {
      if (!core.ledger.qty.isZero()) {
        core.audit('reconcile.difference', core.position.traceId, {
          reason: 'venue flat, fills do not explain it',
          ledgerQty: core.ledger.qty.toFixed(),
        });
        core.ledger.resetPosition('flat', core.ledger.qty.abs(), null);
      }
      this.afterFills();
    });
  }

  /**
   * One read of the venue's fills at a time, from the ledger's last flat moment, not its last fill:
   * a missed fill may be older than fills applied since (an entry's lost, its stop's close seen).
   * Known fill ids are skipped; `then` gets how many were new.
   */
  private readVenueFills(reason: string, then: (found: number) => void): void {
    if (this.catchingUp) return;
    this.catchingUp = true;
    const core = this.core;
    core.call(
      'venue.executions',
      () => core.deps.venue.executions(core.symbol, core.ledger.lastFlatAtMs ?? undefined),
      (fills) => {
        this.catchingUp = false;
        let found = 0;
        for (const f of fills) if (f.symbol === core.symbol && this.recordFill(f, true)) found++;
        then(found);
      },
      (err) => {
        this.catchingUp = false;
        core.deps.logger.warn('reading executions failed', {
          symbol: core.symbol,
          reason,
          error: errorMessage(err),
        });
      },
    );
  }

  private opened(): void {
    const core = this.core;
    const p = core.position;
    p.openedAtMs = core.now();
    core.movePosition('filled');
    p.unprotectedSinceMs = core.now();
    const entry = core.ledger.avgEntry;
    const notional = core.ledger.qty.abs().mul(entry ?? 0);
    if (p.reservation && !p.committed) core.deps.risk.commit(p.reservation, notional);
    p.committed = true;
    core.stats.entriesFilled++;
    core.audit('position.opened', p.traceId, {
      side: core.ledger.side,
      qty: core.ledger.qty.abs().toFixed(),
      entryPrice: entry?.toFixed() ?? null,
      stopPrice: p.stopPrice?.toFixed() ?? null,
      takeProfitPrice: p.takeProfitPrice?.toFixed() ?? null,
    });
    this.guard.begin(true);
    if (p.flattenRequested) this.exits.close('flatten', `${p.signalId ?? 'position'}-flatten`);
  }

  /** A fill opened a position nobody here asked for: count it and protect it like any other. */
  private adoptUnexpected(): void {
    const core = this.core;
    const p = core.position;
    const side = core.ledger.side === 'short' ? 'short' : 'long';
    const entry = core.ledger.avgEntry;
    core.deps.risk.adopt(core.symbol, core.ledger.qty.abs().mul(entry ?? 0));
    core.movePosition('adopt');
    p.signalId = `adopted-${core.now()}`;
    p.traceId = p.signalId;
    p.committed = true;
    p.openedAtMs = core.now();
    p.unprotectedSinceMs = core.now();
    if (entry) p.stopPrice = stopPriceFor(side, entry, core.deps.settings.stopLossPct);
    core.audit('reconcile.difference', p.traceId, {
      reason: 'fill without an entry of ours',
      qty: core.ledger.qty.toFixed(),
    });
    this.guard.begin();
  }

  private recordSlippage(fill: VenueFill): void {
    const mid = this.core.position.signalMid;
    if (!mid || mid.isZero()) return;
    const adverse = fill.side === 'buy' ? fill.price.sub(mid) : mid.sub(fill.price);
    this.core.stats.recordSlippage(adverse.div(mid).mul(10_000).toNumber());
  }
}

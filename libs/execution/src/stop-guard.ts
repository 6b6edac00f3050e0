import { Decimal, errorMessage, type TimerHandle } from '@flotilla/core';
import type { VenueOrder, VenuePosition } from '@flotilla/engine';
import type { ExecCore } from './exec-core';
import type { ExitFlow } from './exit-flow';
import type { OrderPlacer } from './order-placer';
import { legOfClientId } from './order-tracker';

/** The stop a position of this side should have, stopLossPct away from the price. */
export function stopPriceFor(
  side: 'long' | 'short',
  price: Decimal,
  stopLossPct: Decimal,
): Decimal {
  const distance = price.mul(stopLossPct).div(100);
  return side === 'long' ? price.sub(distance) : price.add(distance);
}

/** A reduce-only conditional stop of ours among the venue's open orders. */
export function findOurStop(symbol: string, orders: readonly VenueOrder[]): VenueOrder | undefined {
  return orders.find(
    (o) =>
      o.symbol === symbol &&
      o.status === 'open' &&
      o.reduceOnly &&
      o.triggerPrice !== null &&
      legOfClientId(o.clientOrderId) === 'stop',
  );
}

/**
 * Keeps a venue-side stop under every position. Unprotected (filled, stop not confirmed): read the
 * venue's position (stopLoss) and open orders (our reduce-only conditional stop); place the stop if
 * neither stands, then read again. If the venue refuses the stop, or no stop is confirmed
 * stopConfirmTimeoutMs after the position became unprotected, it is closed at market and the engine
 * pauses. An open position's stop is re-read by the ProtectionGuard (the fleet's guard job).
 */
export class StopGuard {
  private readInFlight = false;
  private placeInFlight = false;
  private placeAttempts = 0;
  private lastError: string | null = null;
  /** Fires at the stop-confirm deadline, so the close does not wait for the next timer tick. */
  private deadline: TimerHandle | null = null;

  constructor(
    private readonly core: ExecCore,
    private readonly placer: OrderPlacer,
    private readonly exits: ExitFlow,
  ) {}

  /**
   * The position just became unprotected: look for its stop now. Only a fresh fill may take the
   * private stream's report for the stop (it came with the fill); after a read that found no stop,
   * that report is older than the read and proves nothing.
   */
  begin(afterFill = false): void {
    const p = this.core.position;
    p.stopConfirmed = false;
    p.stopSource = null;
    p.unprotectedSinceMs ??= this.core.now();
    this.armDeadline(p.unprotectedSinceMs);
    // The stream's position report often arrives before the fill it follows: if it already shows
    // this position (same side and size) with its stop, that is the venue's word; no REST read
    // has to wait in the request queue for it.
    const seen = this.core.streamPosition;
    const ledger = this.core.ledger;
    if (
      afterFill &&
      seen?.stopLoss &&
      seen.side === ledger.side &&
      seen.size.eq(ledger.qty.abs()) &&
      !ledger.qty.isZero()
    ) {
      this.confirm('position', seen.stopLoss);
      return;
    }
    this.check();
  }

  /** The run ended: no deadline fires for it. */
  dispose(): void {
    this.deadline?.cancel();
    this.deadline = null;
  }

  private armDeadline(sinceMs: number): void {
    if (this.deadline) return;
    const core = this.core;
    const dueInMs = Math.max(0, sinceMs + core.deps.settings.stopConfirmTimeoutMs - core.now());
    this.deadline = core.deps.clock.setTimeout(() => {
      this.deadline = null;
      core.deps.host.post('stop.deadline', () => {
        if (!core.stopped) this.onTimer(core.now());
      });
    }, dueInMs);
  }

  onTimer(nowMs: number): void {
    const p = this.core.position;
    if (p.state === 'unprotected' && p.unprotectedSinceMs !== null) {
      if (nowMs - p.unprotectedSinceMs >= this.core.deps.settings.stopConfirmTimeoutMs) {
        this.emergencyClose(nowMs - p.unprotectedSinceMs);
      } else {
        this.check();
      }
    }
  }

  /** A stop stands on the venue (read back, or reported by the private stream). */
  confirm(source: 'position' | 'order', stopPrice: Decimal | null): void {
    const core = this.core;
    const p = core.position;
    p.lastStopCheckMs = core.now();
    if (p.state !== 'unprotected') return;
    p.stopConfirmed = true;
    p.stopSource = source;
    if (stopPrice) p.stopPrice = stopPrice;
    core.movePosition('stopConfirmed');
    core.audit('stop.confirmed', p.traceId, {
      source,
      stopPrice: p.stopPrice?.toFixed() ?? null,
      unprotectedMs: p.unprotectedSinceMs === null ? null : core.now() - p.unprotectedSinceMs,
    });
    p.unprotectedSinceMs = null;
    this.lastError = null;
  }

  /** Reads the venue's position and open orders and acts on what protects the position. */
  check(): void {
    if (this.readInFlight) return;
    this.readInFlight = true;
    const core = this.core;
    core.call(
      'venue.stopCheck',
      () =>
        Promise.all([
          core.deps.venue.positions(core.symbol),
          core.deps.venue.openOrders(core.symbol),
        ]),
      ([positions, orders]) => {
        this.readInFlight = false;
        this.onRead(positions, orders);
      },
      (err) => {
        this.readInFlight = false;
        this.lastError = errorMessage(err);
        core.deps.logger.warn('stop check failed', { symbol: core.symbol, error: this.lastError });
      },
    );
  }

  private onRead(positions: readonly VenuePosition[], orders: readonly VenueOrder[]): void {
    const core = this.core;
    const p = core.position;
    this.settleEntry(orders);
    if (p.state !== 'unprotected' && p.state !== 'open') return;
    const venuePosition = positions.find((v) => v.symbol === core.symbol && v.size.gt(0));
    const stopOrder = findOurStop(core.symbol, orders);
    if (venuePosition?.stopLoss) return this.confirm('position', venuePosition.stopLoss);
    if (stopOrder) return this.confirm('order', stopOrder.triggerPrice);
    core.streamPosition = null; // this read is newer than any report the stream gave before it
    core.audit('stop.missing', p.traceId, { state: p.state, lastError: this.lastError });
    if (p.state === 'open') {
      core.movePosition('stopLost');
      p.stopConfirmed = false;
      p.unprotectedSinceMs = core.now();
    }
    this.placeStop();
  }

  /** A market entry no longer among the open orders with fills behind it has filled. */
  private settleEntry(orders: readonly VenueOrder[]): void {
    const id = this.core.position.entryClientId;
    const entry = id ? this.core.orders.find(id) : undefined;
    if (!entry || entry.filledQty.isZero()) return;
    if (orders.some((o) => o.clientOrderId === entry.clientOrderId)) return;
    this.core.moveOrder(entry.clientOrderId, 'fill');
  }

  private placeStop(): void {
    const core = this.core;
    const p = core.position;
    const qty = core.ledger.qty.abs();
    if (this.placeInFlight || qty.isZero()) return;
    const side = core.ledger.qty.gt(0) ? 'long' : 'short';
    const entry = core.ledger.avgEntry ?? core.mark;
    if (!p.stopPrice && entry)
      p.stopPrice = stopPriceFor(side, entry, core.deps.settings.stopLossPct);
    if (!p.stopPrice) {
      this.lastError = 'no price to set the stop from';
      return;
    }
    const base = p.signalId ?? `stop-${core.now()}`;
    const signalId = this.placeAttempts === 0 ? base : `${base}-r${this.placeAttempts}`;
    this.placeAttempts++;
    const triggerPrice = p.stopPrice;
    const order = this.placer.place(
      {
        symbol: core.symbol,
        signalId,
        leg: 'stop',
        side: side === 'long' ? 'sell' : 'buy',
        type: 'market',
        qty,
        triggerPrice,
        reduceOnly: true,
      },
      p.traceId ?? signalId,
      {
        onPlaced: (o) => {
          this.placeInFlight = false;
          core.audit('stop.placed', o.traceId, {
            clientOrderId: o.clientOrderId,
            triggerPrice: triggerPrice.toFixed(),
            qty: qty.toFixed(),
          });
          this.check();
        },
        onFailed: (_o, reason, refused) => {
          this.placeInFlight = false;
          this.lastError = reason;
          core.deps.logger.error('stop placement failed', { symbol: core.symbol, reason });
          // The venue said no: waiting out the deadline would leave the position bare for nothing,
          // and the close must land within stopConfirmTimeoutMs of the fill, not start there.
          const now = core.position;
          if (refused && now.state === 'unprotected' && now.unprotectedSinceMs !== null) {
            this.emergencyClose(core.now() - now.unprotectedSinceMs);
          }
        },
      },
    );
    this.placeInFlight = order !== null;
  }

  private emergencyClose(unprotectedMs: number): void {
    const core = this.core;
    const p = core.position;
    const reason = `no venue-side stop ${unprotectedMs} ms after the fill: ${this.lastError ?? 'stop not confirmed'}`;
    core.audit('position.emergency-close', p.traceId, {
      reason,
      error: this.lastError,
      unprotectedMs,
      qty: core.ledger.qty.toFixed(),
    });
    core.audit('engine.paused', p.traceId, { reason });
    core.deps.logger.error('position closed at market: no stop', { symbol: core.symbol, reason });
    core.deps.host.pause(reason);
    this.exits.close('emergency', `${p.signalId ?? 'position'}-emergency-${p.closeAttempts}`, {
      reason,
    });
  }
}

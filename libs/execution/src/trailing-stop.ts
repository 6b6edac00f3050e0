import { Decimal, errorMessage } from '@flotilla/core';
import { POSITION_CARE_DEFAULTS, type PositionCareSettings } from './care-settings';
import type { ExecCore } from './exec-core';
import type { OrderPlacer } from './order-placer';
import type { MutableOrder } from './order-tracker';

/** After a move that failed (the old stop still stands), the next try waits this long. */
export const TRAIL_RETRY_MS = 5_000;

export interface TrailingView {
  readonly active: boolean;
  readonly bestPrice: Decimal | null;
  readonly lastMoveAtMs: number | null;
}

/** Where the trailed stop of a position of this side stands, distancePct behind the best price. */
export function trailedStopPrice(
  side: 'long' | 'short',
  best: Decimal,
  distancePct: Decimal,
): Decimal {
  const distance = best.mul(distancePct).div(100);
  return side === 'long' ? best.sub(distance) : best.add(distance);
}

/**
 * The trailing stop (SPEC 9). Active once the mark (book mid) is trailingActivationPct in profit;
 * from then the stop trails trailingDistancePct behind the best mark since activation. A move is
 * made only toward the position's profit, by at least trailingMinMovePct of the entry, at most once
 * per trailingMinIntervalMs unless it is at least trailingBypassPct. The venue port has no "set the
 * position's stop": a move is a new reduce-only conditional stop of ours (signal `<trace>-t<n>`);
 * only once the venue answers `placed` are the older stop orders of ours cancelled, so a fault in
 * between leaves the old stop standing. The entry's position-level stop stays as a backstop.
 */
export class TrailingStop {
  private positionKey: string | null = null;
  private active = false;
  private best: Decimal | null = null;
  private lastMoveAtMs: number | null = null;
  private moves = 0;
  private inFlight = false;
  private retryAtMs = 0;

  constructor(
    private readonly core: ExecCore,
    private readonly placer: OrderPlacer,
  ) {}

  private get care(): PositionCareSettings {
    return this.core.deps.settings.care ?? POSITION_CARE_DEFAULTS;
  }

  view(): TrailingView | null {
    this.follow();
    if (this.positionKey === null) return null;
    return { active: this.active, bestPrice: this.best, lastMoveAtMs: this.lastMoveAtMs };
  }

  /** The book moved: activate, follow the best price, move the stop when a move is due. */
  onMark(): void {
    this.follow();
    const core = this.core;
    const entry = core.ledger.avgEntry;
    const mark = core.mark;
    if (core.position.state !== 'open' || !entry || entry.isZero() || !mark) return;
    const side = core.ledger.qty.gt(0) ? 'long' : 'short';
    const care = this.care;
    if (!this.active) {
      const gain = side === 'long' ? mark.sub(entry) : entry.sub(mark);
      if (gain.div(entry).mul(100).lt(care.trailingActivationPct)) return;
      this.active = true;
      core.deps.logger.info('trailing stop active', {
        symbol: core.symbol,
        entryPrice: entry.toFixed(),
        mark: mark.toFixed(),
      });
    }
    const best = this.best;
    this.best =
      best === null ? mark : side === 'long' ? Decimal.max(best, mark) : Decimal.min(best, mark);
    this.maybeMove(side, entry, mark, this.best);
  }

  private maybeMove(side: 'long' | 'short', entry: Decimal, mark: Decimal, best: Decimal): void {
    const core = this.core;
    const now = core.now();
    if (this.inFlight || now < this.retryAtMs) return;
    const care = this.care;
    const target = trailedStopPrice(side, best, care.trailingDistancePct);
    const current = core.position.stopPrice;
    const long = side === 'long';
    // Never against the position, and never where it would fire at once.
    if (current && (long ? target.lte(current) : target.gte(current))) return;
    if (long ? target.gte(mark) : target.lte(mark)) return;
    const movePct = current ? target.sub(current).abs().div(entry).mul(100) : null;
    if (movePct?.lt(care.trailingMinMovePct)) return;
    const bypass = movePct === null || movePct.gte(care.trailingBypassPct);
    const last = this.lastMoveAtMs;
    if (!bypass && last !== null && now - last < care.trailingMinIntervalMs) return;
    this.place(side, target, current);
  }

  private place(side: 'long' | 'short', target: Decimal, from: Decimal | null): void {
    const core = this.core;
    const p = core.position;
    const traceId = p.traceId ?? p.signalId ?? `position-${p.openedAtMs ?? core.now()}`;
    const key = this.positionKey;
    const signalId = `${traceId}-t${++this.moves}`;
    this.inFlight = true;
    const order = this.placer.place(
      {
        symbol: core.symbol,
        signalId,
        leg: 'stop',
        side: side === 'long' ? 'sell' : 'buy',
        type: 'market',
        qty: core.ledger.qty.abs(),
        triggerPrice: target,
        reduceOnly: true,
      },
      traceId,
      {
        onPlaced: (o) => {
          this.inFlight = false;
          this.placed(o, key, from, target);
        },
        onFailed: (_o, reason) => {
          this.inFlight = false;
          this.retryAtMs = core.now() + TRAIL_RETRY_MS;
          core.deps.logger.warn('trailing stop move failed; the old stop stands', {
            symbol: core.symbol,
            reason,
          });
        },
      },
    );
    if (!order) this.inFlight = false;
  }

  /** The new stop stands on the venue: only now are the older stop orders cancelled. */
  private placed(o: MutableOrder, key: string | null, from: Decimal | null, to: Decimal): void {
    const core = this.core;
    const p = core.position;
    this.follow();
    if (key !== this.positionKey || (p.state !== 'open' && p.state !== 'unprotected')) {
      this.cancel(o.clientOrderId, 'its position is gone');
      return;
    }
    p.stopPrice = to;
    p.stopSource = 'order';
    this.lastMoveAtMs = core.now();
    core.audit('stop.moved', o.traceId, {
      clientOrderId: o.clientOrderId,
      from: from?.toFixed() ?? null,
      to: to.toFixed(),
      bestPrice: this.best?.toFixed() ?? null,
    });
    for (const old of core.orders.liveOrders()) {
      if (old.leg === 'stop' && old.clientOrderId !== o.clientOrderId && old.triggerPrice) {
        this.cancel(old.clientOrderId, 'replaced by the trailed stop');
      }
    }
  }

  private cancel(clientOrderId: string, reason: string): void {
    const core = this.core;
    core.call(
      'venue.cancel',
      () => core.deps.venue.cancel(core.symbol, clientOrderId),
      () => core.moveOrder(clientOrderId, 'cancel', reason),
      (err) =>
        core.deps.logger.warn('old stop not cancelled (it stays, further away)', {
          symbol: core.symbol,
          clientOrderId,
          error: errorMessage(err),
        }),
    );
  }

  /** A new position (or none) starts the trail afresh. */
  private follow(): void {
    const p = this.core.position;
    const held = p.state !== 'flat' && p.state !== 'opening';
    const key = held ? `${p.traceId ?? ''}@${p.openedAtMs ?? ''}` : null;
    if (key === this.positionKey) return;
    this.positionKey = key;
    this.active = false;
    this.best = null;
    this.lastMoveAtMs = null;
    this.moves = 0;
    this.inFlight = false;
    this.retryAtMs = 0;
  }
}

import { Decimal, errorMessage } from '@flotilla/core';
import { POSITION_CARE_DEFAULTS, type PositionCareSettings } from './care-settings';
import type { ExecCore } from './exec-core';
import { isOrderFinal } from './order-machine';
import type { OrderPlacer } from './order-placer';

const HOUR_MS = 3_600_000;
/** After a place or amend of the exit that failed, the next try waits this long. */
export const AGED_RETRY_MS = 60_000;

export type AgeStage = 'young' | 'break-even' | 'closing-in';

export interface AgedPlan {
  readonly stage: AgeStage;
  /** The exit order's price at this age; null while young. */
  readonly price: Decimal | null;
  /** How far past break-even the price has moved, percent of the entry. */
  readonly lossPct: Decimal;
}

/**
 * The aged-position schedule (SPEC 9), a pure function of the position's age. Young until
 * agedAfterMs; then one exit at break-even (the entry price) that stands agedBreakEvenMs; then
 * "closing in": at the end of the break-even time and every hour after, the price moves one step
 * of agedStepPctPerHour toward the market; a step agedAccelAfterMs or more after the moves began
 * is agedAccelFactor times as large; the loss never passes agedMaxLossPct.
 */
export function agedExitPlan(
  care: PositionCareSettings,
  side: 'long' | 'short',
  entry: Decimal,
  ageMs: number,
): AgedPlan {
  const zero = new Decimal(0);
  if (ageMs < care.agedAfterMs) return { stage: 'young', price: null, lossPct: zero };
  const movingMs = ageMs - care.agedAfterMs - care.agedBreakEvenMs;
  if (movingMs < 0) return { stage: 'break-even', price: entry, lossPct: zero };
  const steps = Math.floor(movingMs / HOUR_MS) + 1;
  const plainSteps = Math.min(steps, Math.ceil(care.agedAccelAfterMs / HOUR_MS));
  const step = care.agedStepPctPerHour;
  const lossPct = Decimal.min(
    care.agedMaxLossPct,
    step.mul(plainSteps).add(step.mul(care.agedAccelFactor).mul(steps - plainSteps)),
  );
  const distance = entry.mul(lossPct).div(100);
  const price = side === 'long' ? entry.sub(distance) : entry.add(distance);
  return { stage: 'closing-in', price, lossPct };
}

/**
 * Gives an aged position its way out, driven by the timer on the injected clock: ONE reduce-only
 * limit exit per position (leg 'take-profit': a resting exit at a price, cancelled with the other
 * leftovers when the position is flat), placed at break-even and then amended in place as the
 * schedule moves its price, never placed twice while it stands.
 */
export class AgedExit {
  private positionKey: string | null = null;
  private exitId: string | null = null;
  private attempts = 0;
  private inFlight = false;
  private retryAtMs = 0;

  constructor(
    private readonly core: ExecCore,
    private readonly placer: OrderPlacer,
  ) {}

  private get care(): PositionCareSettings {
    return this.core.deps.settings.care ?? POSITION_CARE_DEFAULTS;
  }

  /** The plan for the position held now; null without one. */
  plan(nowMs: number): AgedPlan | null {
    const core = this.core;
    const p = core.position;
    const entry = core.ledger.avgEntry;
    if (p.state === 'flat' || p.state === 'opening' || p.openedAtMs === null || !entry) return null;
    const side = core.ledger.qty.gt(0) ? 'long' : 'short';
    return agedExitPlan(this.care, side, entry, nowMs - p.openedAtMs);
  }

  /** The exit order standing for the position, if any. */
  exitOrder(): { clientOrderId: string; price: Decimal } | null {
    this.follow();
    const o = this.exitId ? this.core.orders.find(this.exitId) : undefined;
    if (!o || isOrderFinal(o.state) || !o.price) return null;
    return { clientOrderId: o.clientOrderId, price: o.price };
  }

  onTimer(nowMs: number): void {
    this.follow();
    const core = this.core;
    if (core.position.state !== 'open' || this.inFlight || nowMs < this.retryAtMs) return;
    const plan = this.plan(nowMs);
    if (!plan?.price) return;
    const order = this.exitId ? core.orders.find(this.exitId) : undefined;
    if (!order || isOrderFinal(order.state)) return this.place(plan);
    const live = order.state === 'accepted' || order.state === 'partially-filled';
    if (live && order.price && !order.price.eq(plan.price)) this.amend(order.price, plan);
  }

  private place(plan: AgedPlan): void {
    const core = this.core;
    const p = core.position;
    const price = plan.price;
    if (!price) return;
    const traceId = p.traceId ?? p.signalId ?? `position-${p.openedAtMs ?? core.now()}`;
    const signalId = this.attempts === 0 ? `${traceId}-aged` : `${traceId}-aged-r${this.attempts}`;
    this.attempts++;
    this.inFlight = true;
    const order = this.placer.place(
      {
        symbol: core.symbol,
        signalId,
        leg: 'take-profit',
        side: core.ledger.qty.gt(0) ? 'sell' : 'buy',
        type: 'limit',
        qty: core.ledger.qty.abs(),
        price,
        timeInForce: 'GTC',
        reduceOnly: true,
      },
      traceId,
      {
        onPlaced: (o) => {
          this.inFlight = false;
          core.audit('aged.exit-placed', o.traceId, {
            clientOrderId: o.clientOrderId,
            price: price.toFixed(),
            qty: o.qty.toFixed(),
            stage: plan.stage,
            lossPct: plan.lossPct.toFixed(),
          });
        },
        onFailed: (_o, reason) => {
          this.inFlight = false;
          this.retryAtMs = core.now() + AGED_RETRY_MS;
          core.deps.logger.warn('aged exit not placed', { symbol: core.symbol, reason });
        },
      },
    );
    if (order) this.exitId = order.clientOrderId;
    else this.inFlight = false;
  }

  private amend(from: Decimal, plan: AgedPlan): void {
    const core = this.core;
    const id = this.exitId;
    const to = plan.price;
    if (!id || !to) return;
    this.inFlight = true;
    core.call(
      'venue.amend',
      () =>
        core.deps.venue.amend({
          symbol: core.symbol,
          clientOrderId: id,
          side: core.ledger.qty.gt(0) ? 'sell' : 'buy',
          price: to,
          protective: true,
        }),
      () => {
        this.inFlight = false;
        const o = core.orders.find(id);
        if (o) o.price = to;
        core.audit('aged.exit-moved', o?.traceId ?? core.position.traceId, {
          clientOrderId: id,
          from: from.toFixed(),
          to: to.toFixed(),
          stage: plan.stage,
          lossPct: plan.lossPct.toFixed(),
        });
      },
      (err) => {
        this.inFlight = false;
        this.retryAtMs = core.now() + AGED_RETRY_MS;
        core.deps.logger.warn('aged exit not moved', {
          symbol: core.symbol,
          clientOrderId: id,
          error: errorMessage(err),
        });
      },
    );
  }

  /** A new position (or none) starts afresh; an exit of ours adopted at reconciliation is reused. */
  private follow(): void {
    const p = this.core.position;
    const held = p.state !== 'flat' && p.state !== 'opening';
    const key = held ? `${p.traceId ?? ''}@${p.openedAtMs ?? ''}` : null;
    if (key === this.positionKey) return;
    this.positionKey = key;
    this.attempts = 0;
    this.inFlight = false;
    this.retryAtMs = 0;
    const adopted = held
      ? this.core.orders
          .liveOrders()
          .find((o) => o.leg === 'take-profit' && o.type === 'limit' && o.reduceOnly)
      : undefined;
    this.exitId = adopted?.clientOrderId ?? null;
  }
}

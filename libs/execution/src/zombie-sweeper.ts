import { errorMessage } from '@flotilla/core';
import { VenueError, type VenueOrder, type VenuePosition } from '@flotilla/engine';
import type { ExecCore } from './exec-core';
import { isOrderFinal } from './order-machine';
import { legOfClientId } from './order-tracker';

/** The sweep interval: this short after a finding, doubling while sweeps are clean, up to the max. */
export const ZOMBIE_MIN_INTERVAL_MS = 60_000;
export const ZOMBIE_MAX_INTERVAL_MS = 300_000;
/** Cancels of one zombie before it is given up (audited, alerted), one per sweep. */
export const ZOMBIE_CANCEL_TRIES = 3;
/** Bybit's "order not exists or too late to cancel": the order is gone, which is what we wanted. */
const ORDER_NOT_FOUND = 110001;

type Verdict = { kind: 'keep' } | { kind: 'adopt' } | { kind: 'cancel'; reason: string };

/**
 * Zombie orders (SPEC 9): venue orders on the symbol that no position or intent stands behind.
 * Foreign orders, entries nobody tracks, and reduce-only orders of ours without a venue position
 * are cancelled; an untracked stop of ours under the open position is adopted; any other order of
 * ours the engine does not track is cancelled, so none is left. A failed cancel is tried again at
 * the next sweep, ZOMBIE_CANCEL_TRIES in all, then given up with an alert. The fleet job ticks
 * every minute; this engine sweeps when its own adaptive interval (60 s → 300 s) is due.
 */
export class ZombieSweeper {
  private intervalMs = ZOMBIE_MIN_INTERVAL_MS;
  private dueAtMs: number | null = null;
  private inFlight = false;
  private readonly failedTries = new Map<string, number>();
  private readonly gaveUp = new Set<string>();
  private readonly cancelling = new Set<string>();

  constructor(private readonly core: ExecCore) {}

  /** The wait before the next sweep (after the last one). */
  get currentIntervalMs(): number {
    return this.intervalMs;
  }

  /** When the next sweep is due (null before the first tick). */
  get nextSweepAtMs(): number | null {
    return this.dueAtMs;
  }

  /** The fleet job's tick; sweeps when due and the position is not between states. */
  tick(nowMs: number): void {
    const core = this.core;
    this.dueAtMs ??= (core.reconcile.atMs ?? nowMs) + this.intervalMs;
    if (this.inFlight || nowMs < this.dueAtMs) return;
    const state = core.position.state;
    if (state !== 'flat' && state !== 'open') {
      this.dueAtMs = nowMs + ZOMBIE_MIN_INTERVAL_MS; // orders in motion: look again soon
      return;
    }
    this.inFlight = true;
    core.call(
      'venue.zombieRead',
      () =>
        Promise.all([
          core.deps.venue.openOrders(core.symbol),
          core.deps.venue.positions(core.symbol),
        ]),
      ([orders, positions]) => {
        this.inFlight = false;
        this.reschedule(this.sweep(orders, positions) > 0);
      },
      (err) => {
        this.inFlight = false;
        this.dueAtMs = core.now() + ZOMBIE_MIN_INTERVAL_MS;
        core.deps.logger.warn('zombie sweep read failed', {
          symbol: core.symbol,
          error: errorMessage(err),
        });
      },
    );
  }

  private reschedule(found: boolean): void {
    this.intervalMs = found
      ? ZOMBIE_MIN_INTERVAL_MS
      : Math.min(this.intervalMs * 2, ZOMBIE_MAX_INTERVAL_MS);
    this.dueAtMs = this.core.now() + this.intervalMs;
  }

  /** Acts on each open order; returns the findings (orders adopted or being cancelled). */
  private sweep(orders: readonly VenueOrder[], positions: readonly VenuePosition[]): number {
    const core = this.core;
    const pos = positions.find(
      (v) => v.symbol === core.symbol && v.size.gt(0) && v.side !== 'flat',
    );
    let findings = 0;
    for (const o of orders) {
      const id = o.clientOrderId;
      if (o.symbol !== core.symbol || o.status !== 'open') continue;
      if (this.gaveUp.has(id) || this.cancelling.has(id)) continue;
      const verdict = this.verdict(o, pos);
      if (verdict.kind === 'keep') continue;
      findings++;
      if (verdict.kind === 'adopt') this.adopt(o);
      else this.cancel(o, verdict.reason);
    }
    return findings;
  }

  private verdict(o: VenueOrder, pos: VenuePosition | undefined): Verdict {
    const leg = legOfClientId(o.clientOrderId);
    if (leg === null) return { kind: 'cancel', reason: 'not ours' };
    const tracked = this.core.orders.find(o.clientOrderId);
    const live = tracked !== undefined && !isOrderFinal(tracked.state);
    if (leg === 'entry')
      return live ? { kind: 'keep' } : { kind: 'cancel', reason: 'entry nobody tracks' };
    if (!pos) return { kind: 'cancel', reason: 'no position behind it' };
    if (live) return { kind: 'keep' };
    const closesPosition = o.side === (pos.side === 'long' ? 'sell' : 'buy');
    const anotherStop = this.core.orders.liveOrders().some((t) => t.leg === 'stop');
    if (
      leg === 'stop' &&
      o.reduceOnly &&
      o.triggerPrice !== null &&
      closesPosition &&
      !anotherStop &&
      this.core.position.state === 'open'
    ) {
      return { kind: 'adopt' };
    }
    return {
      kind: 'cancel',
      reason: anotherStop && leg === 'stop' ? 'a second stop' : 'ours, not tracked',
    };
  }

  private adopt(o: VenueOrder): void {
    const core = this.core;
    core.orders.adopt(o, 'stop', core.now());
    core.audit('zombie.adopted', core.position.traceId, {
      clientOrderId: o.clientOrderId,
      orderId: o.orderId,
      leg: 'stop',
      triggerPrice: o.triggerPrice?.toFixed() ?? null,
    });
    core.deps.logger.warn('untracked stop of ours adopted', {
      symbol: core.symbol,
      clientOrderId: o.clientOrderId,
    });
  }

  private cancel(o: VenueOrder, reason: string): void {
    const core = this.core;
    const id = o.clientOrderId;
    const tries = (this.failedTries.get(id) ?? 0) + 1;
    this.cancelling.add(id);
    const details = { clientOrderId: id, orderId: o.orderId, reason, tries };
    core.call(
      'venue.cancel',
      () => core.deps.venue.cancel(core.symbol, id),
      () => {
        this.cancelling.delete(id);
        this.failedTries.delete(id);
        core.moveOrder(id, 'cancel', `zombie: ${reason}`);
        core.audit('zombie.cancelled', null, details);
      },
      (err) => {
        this.cancelling.delete(id);
        if (err instanceof VenueError && err.retCode === ORDER_NOT_FOUND) {
          this.failedTries.delete(id); // gone meanwhile (filled or cancelled)
          return;
        }
        const error = errorMessage(err);
        if (tries < ZOMBIE_CANCEL_TRIES) {
          this.failedTries.set(id, tries);
          core.deps.logger.warn('zombie cancel failed; tried again at the next sweep', {
            symbol: core.symbol,
            ...details,
            error,
          });
          return;
        }
        this.failedTries.delete(id);
        this.gaveUp.add(id);
        core.audit('zombie.gave-up', null, { ...details, error });
        core.deps.logger.error('ALERT zombie order could not be cancelled', {
          symbol: core.symbol,
          ...details,
          error,
        });
      },
    );
  }
}

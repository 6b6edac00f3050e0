import { Decimal, type Clock, type StructuredLogger } from '@flotilla/core';
import type {
  RiskDecision,
  RiskGate,
  RiskLimits,
  RiskRefusalReason,
  RiskReservation,
  RiskStatus,
} from '../contracts';
import type { RiskStateStore } from './json-risk-state-store';
import { firstRefusal, type Refusal } from './risk-checks';
import { utcDay, type RiskPersistedState } from './risk-state';

export interface RiskManagerDeps {
  readonly limits: RiskLimits;
  /** Per-engine max position; limits.maxPositionNotional when absent. */
  readonly maxPositionNotionalFor?: (symbol: string) => Decimal;
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  readonly store: RiskStateStore;
}

const REASONS: readonly RiskRefusalReason[] = [
  'kill-switch',
  'daily-loss',
  'position-open',
  'min-notional',
  'max-position',
  'max-open-positions',
  'max-exposure',
];

const ZERO = new Decimal(0);

/**
 * The one risk gate all engines share. Every method is synchronous, so a check and its
 * reservation happen in one turn of the event loop: N engines signalling in the same millisecond
 * are served one after the other against the same counters and cannot breach a limit together.
 * The kill switch and the day's realised PnL are persisted through the store on every change
 * (the store coalesces bursts); a refused or failed write is logged, and the kill-switch methods
 * return the write's promise so an operator's request can wait for it.
 */
export class RiskManager implements RiskGate {
  private readonly reservations = new Map<number, RiskReservation>();
  private readonly reservedSymbols = new Set<string>();
  private readonly positions = new Map<string, Decimal>();
  private reservedExposure = ZERO;
  private exposure = ZERO;
  private nextId = 1;
  private readonly refusals = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<
    RiskRefusalReason,
    number
  >;
  private killSwitch: { engaged: boolean; atMs: number | null; by: string | null };
  private day: string;
  private dailyRealizedPnl: Decimal;
  private resetAtMs: number | null;
  private breachedAtMs: number | null;

  /** Loads the persisted state first (a corrupt file throws: boot must stop). */
  static async open(deps: RiskManagerDeps): Promise<RiskManager> {
    return new RiskManager(deps, await deps.store.load());
  }

  constructor(
    private readonly deps: RiskManagerDeps,
    persisted: RiskPersistedState | null = null,
  ) {
    this.killSwitch = { ...(persisted?.killSwitch ?? { engaged: false, atMs: null, by: null }) };
    const d = persisted?.daily;
    this.day = d?.day ?? utcDay(deps.clock.now());
    this.dailyRealizedPnl = d?.dailyRealizedPnl ?? ZERO;
    this.resetAtMs = d?.resetAtMs ?? null;
    this.breachedAtMs = d?.breachedAtMs ?? null;
    if (this.killSwitch.engaged) {
      deps.logger.warn('kill switch engaged (persisted): no entries', { ...this.killSwitch });
    }
    this.rollDay();
  }

  get limits(): RiskLimits {
    return this.deps.limits;
  }

  reserve(symbol: string, notional: Decimal): RiskDecision {
    const refusal = this.check(symbol, notional);
    if (refusal) {
      this.refusals[refusal.reason]++;
      this.deps.logger.info('risk refused an entry', {
        symbol,
        notional: notional.toFixed(),
        reason: refusal.reason,
        detail: refusal.detail,
      });
      return { ok: false, ...refusal };
    }
    const reservation: RiskReservation = { id: this.nextId++, symbol, notional };
    this.reservations.set(reservation.id, reservation);
    this.reservedSymbols.add(symbol);
    this.reservedExposure = this.reservedExposure.plus(notional);
    return { ok: true, reservation };
  }

  commit(reservation: RiskReservation, filledNotional: Decimal): void {
    if (!this.take(reservation, 'commit')) return;
    if (filledNotional.lte(0)) return;
    this.setPosition(reservation.symbol, filledNotional);
  }

  release(reservation: RiskReservation): void {
    this.take(reservation, 'release');
  }

  adopt(symbol: string, notional: Decimal): void {
    this.setPosition(symbol, notional);
    this.deps.logger.info('risk adopted a venue position', {
      symbol,
      notional: notional.toFixed(),
    });
  }

  /** Added: the open position's notional changed (a later partial fill, a partial close). */
  resize(symbol: string, notional: Decimal): void {
    if (!this.positions.has(symbol)) return;
    if (notional.lte(0)) this.closed(symbol);
    else this.setPosition(symbol, notional);
  }

  closed(symbol: string): void {
    const held = this.positions.get(symbol);
    if (held === undefined) return;
    this.positions.delete(symbol);
    this.exposure = this.exposure.minus(held);
  }

  recordRealized(symbol: string, pnl: Decimal, atMs: number): void {
    this.rollDay();
    if (utcDay(atMs) < this.day) {
      this.deps.logger.warn('realised PnL of an earlier UTC day not counted today', {
        symbol,
        pnl: pnl.toFixed(),
        atMs,
      });
      return;
    }
    this.dailyRealizedPnl = this.dailyRealizedPnl.plus(pnl);
    const limit = this.deps.limits.dailyLossLimit;
    if (this.breachedAtMs === null && this.dailyRealizedPnl.lte(limit.neg())) {
      this.breachedAtMs = this.deps.clock.now();
      this.deps.logger.error('daily loss limit reached: entries blocked until the UTC day ends', {
        symbol,
        dailyRealizedPnl: this.dailyRealizedPnl.toFixed(),
        dailyLossLimit: limit.toFixed(),
      });
    }
    void this.persist();
  }

  entriesBlocked(): RiskRefusalReason | null {
    this.rollDay();
    if (this.killSwitch.engaged) return 'kill-switch';
    if (this.breachedAtMs !== null) return 'daily-loss';
    return null;
  }

  engageKillSwitch(by: string): Promise<void> {
    if (this.killSwitch.engaged) return this.persist();
    this.killSwitch = { engaged: true, atMs: this.deps.clock.now(), by };
    this.deps.logger.warn('kill switch engaged: no new entries fleet-wide', { by });
    return this.persist();
  }

  releaseKillSwitch(by: string): Promise<void> {
    if (!this.killSwitch.engaged) return this.persist();
    this.killSwitch = { engaged: false, atMs: this.deps.clock.now(), by };
    this.deps.logger.warn('kill switch released', { by });
    return this.persist();
  }

  /** The operator lifts a daily-loss block: the day's PnL counts again from zero. */
  resetDailyLoss(by: string): Promise<void> {
    this.rollDay();
    this.deps.logger.warn('daily loss reset by an operator', {
      by,
      dailyRealizedPnl: this.dailyRealizedPnl.toFixed(),
    });
    this.dailyRealizedPnl = ZERO;
    this.breachedAtMs = null;
    this.resetAtMs = this.deps.clock.now();
    return this.persist();
  }

  status(): RiskStatus & { readonly dailyResetAtMs: number | null } {
    this.rollDay();
    return {
      limits: this.deps.limits,
      openPositions: this.positions.size,
      reservedPositions: this.reservations.size,
      exposure: this.exposure,
      reservedExposure: this.reservedExposure,
      dailyRealizedPnl: this.dailyRealizedPnl,
      dailyLossBreached: this.breachedAtMs !== null,
      day: this.day,
      dailyResetAtMs: this.resetAtMs,
      killSwitch: { ...this.killSwitch },
      refusals: { ...this.refusals },
    };
  }

  /** Waits for pending state writes (shutdown, tests). */
  flush(): Promise<void> {
    return this.deps.store.flush();
  }

  private check(symbol: string, notional: Decimal): Refusal | null {
    const blocked = this.entriesBlocked();
    return firstRefusal({
      symbol,
      notional,
      limits: this.deps.limits,
      blocked,
      killSwitchBy: this.killSwitch.by,
      dailyRealizedPnl: this.dailyRealizedPnl,
      symbolBusy: this.reservedSymbols.has(symbol)
        ? 'an entry in flight'
        : this.positions.has(symbol)
          ? 'an open position'
          : null,
      maxPositionNotional:
        this.deps.maxPositionNotionalFor?.(symbol) ?? this.deps.limits.maxPositionNotional,
      openPositions: this.positions.size,
      reservedPositions: this.reservations.size,
      committedAndReserved: this.exposure.plus(this.reservedExposure),
    });
  }

  private take(reservation: RiskReservation, what: string): boolean {
    const held = this.reservations.get(reservation.id);
    if (!held) {
      this.deps.logger.warn(`risk ${what} of an unknown or settled reservation ignored`, {
        symbol: reservation.symbol,
        reservation: reservation.id,
      });
      return false;
    }
    this.reservations.delete(held.id);
    this.reservedSymbols.delete(held.symbol);
    this.reservedExposure = this.reservedExposure.minus(held.notional);
    return true;
  }

  private setPosition(symbol: string, notional: Decimal): void {
    const before = this.positions.get(symbol) ?? ZERO;
    this.positions.set(symbol, notional);
    this.exposure = this.exposure.minus(before).plus(notional);
  }

  /** A new UTC day starts with no realised PnL and no block (lazily, and by the midnight job); the ended day or null. */
  rollDay(nowMs: number = this.deps.clock.now()): { endedDay: string; endedPnl: Decimal } | null {
    const today = utcDay(nowMs);
    if (today <= this.day) return null;
    const ended = { endedDay: this.day, endedPnl: this.dailyRealizedPnl };
    this.deps.logger.info('new UTC day: daily realised PnL starts again', {
      previousDay: this.day,
      previousPnl: this.dailyRealizedPnl.toFixed(),
      day: today,
    });
    this.day = today;
    this.dailyRealizedPnl = ZERO;
    this.resetAtMs = null;
    this.breachedAtMs = null;
    void this.persist();
    return ended;
  }

  private persist(): Promise<void> {
    const written = this.deps.store.save(this.snapshot());
    written.catch((err: unknown) =>
      this.deps.logger.error('risk state could not be saved', {
        error: err instanceof Error ? err.message : String(err),
      }),
    );
    return written;
  }

  private snapshot(): RiskPersistedState {
    return {
      killSwitch: { ...this.killSwitch },
      daily: {
        day: this.day,
        dailyRealizedPnl: this.dailyRealizedPnl,
        resetAtMs: this.resetAtMs,
        breachedAtMs: this.breachedAtMs,
      },
    };
  }
}

import type { Decimal } from '@flotilla/core';
import type { RiskLimits, RiskRefusalReason } from '../contracts';

export interface Refusal {
  readonly reason: RiskRefusalReason;
  readonly detail: string;
}

/** What one entry check reads: the RiskManager's counters at this instant. */
export interface EntryCheckInput {
  readonly symbol: string;
  readonly notional: Decimal;
  readonly limits: RiskLimits;
  /** The kill switch or the daily loss, when either blocks every entry. */
  readonly blocked: RiskRefusalReason | null;
  readonly killSwitchBy: string | null;
  readonly dailyRealizedPnl: Decimal;
  /** Why the symbol cannot take another entry ("an open position"), or null. */
  readonly symbolBusy: string | null;
  readonly maxPositionNotional: Decimal;
  readonly openPositions: number;
  readonly reservedPositions: number;
  /** Open exposure plus what is reserved for entries in flight. */
  readonly committedAndReserved: Decimal;
}

/**
 * The first limit an entry breaks, in a fixed order: kill switch, daily loss, position open,
 * min notional, max position, max open positions (open + reserved), max exposure (open +
 * reserved + this entry). Bounds are inclusive: exactly at a limit passes.
 */
export function firstRefusal(c: EntryCheckInput): Refusal | null {
  const l = c.limits;
  if (c.blocked === 'kill-switch') {
    return { reason: 'kill-switch', detail: `kill switch engaged by ${c.killSwitchBy ?? '?'}` };
  }
  if (c.blocked === 'daily-loss') {
    return {
      reason: 'daily-loss',
      detail: `daily realised PnL ${c.dailyRealizedPnl.toFixed()} reached the loss limit ${l.dailyLossLimit.toFixed()}`,
    };
  }
  if (c.symbolBusy !== null) {
    return { reason: 'position-open', detail: `${c.symbol} already has ${c.symbolBusy}` };
  }
  if (!c.notional.isFinite() || c.notional.lte(0) || c.notional.lt(l.minOrderNotional)) {
    return {
      reason: 'min-notional',
      detail: `notional ${c.notional.toFixed()} is below the minimum ${l.minOrderNotional.toFixed()}`,
    };
  }
  if (c.notional.gt(c.maxPositionNotional)) {
    return {
      reason: 'max-position',
      detail: `notional ${c.notional.toFixed()} is above ${c.symbol}'s max position ${c.maxPositionNotional.toFixed()}`,
    };
  }
  if (c.openPositions + c.reservedPositions >= l.maxOpenPositions) {
    return {
      reason: 'max-open-positions',
      detail: `${c.openPositions} open and ${c.reservedPositions} reserved of at most ${l.maxOpenPositions}`,
    };
  }
  const after = c.committedAndReserved.plus(c.notional);
  if (after.gt(l.maxTotalExposure)) {
    return {
      reason: 'max-exposure',
      detail: `exposure would be ${after.toFixed()}, above the limit ${l.maxTotalExposure.toFixed()}`,
    };
  }
  return null;
}

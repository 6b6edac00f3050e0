import { Decimal } from '@flotilla/core';

/**
 * Position care after the entry (SPEC 9, issue 11), per symbol. Percentages are of the entry
 * price unless said otherwise; times in ms.
 */
export interface PositionCareSettings {
  /** Trailing starts once the position is this far in profit, default 1.5. */
  readonly trailingActivationPct: Decimal;
  /** The trailed stop stands this far behind the best price since activation, default 0.5. */
  readonly trailingDistancePct: Decimal;
  /** A move smaller than this is not made, default 0.1. */
  readonly trailingMinMovePct: Decimal;
  /** At most one move per this interval, default 60 000 … */
  readonly trailingMinIntervalMs: number;
  /** … unless the move is at least this large, default 1.0. */
  readonly trailingBypassPct: Decimal;
  /** The protection guard's emergency stop, this far against the entry, default 3. */
  readonly guardEmergencyStopPct: Decimal;
  /** A position this old gets one exit order at break-even, default 3 h. */
  readonly agedAfterMs: number;
  /** The break-even exit stands this long before its price starts to move, default 8 h. */
  readonly agedBreakEvenMs: number;
  /** Then its price moves toward the market by this much per hour, default 0.5 … */
  readonly agedStepPctPerHour: Decimal;
  /** … each step multiplied by agedAccelFactor once the price has moved this long, default 10 h … */
  readonly agedAccelAfterMs: number;
  /** default 1.2 */
  readonly agedAccelFactor: Decimal;
  /** … and never past this loss from the entry, default 10. */
  readonly agedMaxLossPct: Decimal;
}

export const POSITION_CARE_DEFAULTS: PositionCareSettings = Object.freeze({
  trailingActivationPct: new Decimal('1.5'),
  trailingDistancePct: new Decimal('0.5'),
  trailingMinMovePct: new Decimal('0.1'),
  trailingMinIntervalMs: 60_000,
  trailingBypassPct: new Decimal('1.0'),
  guardEmergencyStopPct: new Decimal('3'),
  agedAfterMs: 3 * 3_600_000,
  agedBreakEvenMs: 8 * 3_600_000,
  agedStepPctPerHour: new Decimal('0.5'),
  agedAccelAfterMs: 10 * 3_600_000,
  agedAccelFactor: new Decimal('1.2'),
  agedMaxLossPct: new Decimal('10'),
});

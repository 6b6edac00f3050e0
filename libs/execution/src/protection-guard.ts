import { Decimal, errorMessage } from '@flotilla/core';
import type { VenueOrder, VenuePosition } from '@flotilla/engine';
import { POSITION_CARE_DEFAULTS } from './care-settings';
import type { ExecCore } from './exec-core';
import type { ExitFlow } from './exit-flow';
import { findOurStop, stopPriceFor, type StopGuard } from './stop-guard';

/** What one guard sweep decided (for tests and the log). */
export type GuardOutcome = 'protected' | 'emergency-stop' | 'closed' | 'skipped';

/**
 * The protection guard (SPEC 9), run by the fleet's guard job: an open position must have a live
 * stop on the venue, read back (the venue position's stopLoss, or our untriggered reduce-only
 * conditional). A position without one is a finding: audited and alerted, then given an emergency
 * stop guardEmergencyStopPct from the entry, or closed reduce-only at once when the mark is
 * already past that price. The emergency stop then goes through the StopGuard like any other: not
 * confirmed within stopConfirmTimeoutMs, the position is closed at market and the engine pauses.
 */
export class ProtectionGuard {
  private inFlight = false;
  /** The outcome of the last sweep that finished. */
  lastOutcome: GuardOutcome | null = null;

  constructor(
    private readonly core: ExecCore,
    private readonly stops: StopGuard,
    private readonly exits: ExitFlow,
  ) {}

  /** The guard job's tick: reads the venue when a position is open (transitions are the StopGuard's). */
  sweep(): void {
    const core = this.core;
    if (this.inFlight || core.position.state !== 'open') return;
    this.inFlight = true;
    core.call(
      'venue.guardRead',
      () =>
        Promise.all([
          core.deps.venue.positions(core.symbol),
          core.deps.venue.openOrders(core.symbol),
        ]),
      ([positions, orders]) => {
        this.inFlight = false;
        this.lastOutcome = this.decide(positions, orders);
      },
      (err) => {
        this.inFlight = false;
        core.deps.logger.warn('protection guard read failed', {
          symbol: core.symbol,
          error: errorMessage(err),
        });
      },
    );
  }

  private decide(positions: readonly VenuePosition[], orders: readonly VenueOrder[]): GuardOutcome {
    const core = this.core;
    const p = core.position;
    if (p.state !== 'open') return 'skipped'; // it moved while the read was out
    const venuePosition = positions.find(
      (v) => v.symbol === core.symbol && v.size.gt(0) && v.side !== 'flat',
    );
    if (!venuePosition) return 'skipped'; // flat on the venue: the stream's fill settles it
    const stopOrder = findOurStop(core.symbol, orders);
    if (venuePosition.stopLoss || stopOrder) {
      p.lastStopCheckMs = core.now();
      return 'protected';
    }
    const side = venuePosition.side === 'short' ? 'short' : 'long';
    const entry = core.ledger.avgEntry ?? venuePosition.entryPrice;
    const pct =
      core.deps.settings.care?.guardEmergencyStopPct ??
      POSITION_CARE_DEFAULTS.guardEmergencyStopPct;
    const stopPrice = entry ? stopPriceFor(side, entry, pct) : null;
    const mark = core.mark;
    const past = stopPrice !== null && mark !== null && isPast(side, mark, stopPrice);
    const finding = {
      reason: 'open position without a venue-side stop',
      side,
      size: venuePosition.size.toFixed(),
      entryPrice: entry?.toFixed() ?? null,
      mark: mark?.toFixed() ?? null,
      emergencyStopPrice: stopPrice?.toFixed() ?? null,
      action: past ? 'close' : 'emergency-stop',
    };
    core.audit('guard.finding', p.traceId, finding);
    core.deps.logger.error('ALERT protection guard: position without a stop', {
      symbol: core.symbol,
      ...finding,
    });
    if (past) {
      core.audit('guard.emergency-stop', p.traceId, {
        action: 'close',
        ...prices(stopPrice, mark),
      });
      this.exits.close('emergency', `${p.signalId ?? 'position'}-guard-${p.closeAttempts}`, {
        reason: 'the mark is past the emergency stop',
      });
      return 'closed';
    }
    if (stopPrice) p.stopPrice = stopPrice; // else the StopGuard's own price (from the mark)
    core.audit('guard.emergency-stop', p.traceId, { action: 'stop', ...prices(stopPrice, mark) });
    core.streamPosition = null; // the guard's read is newer than the stream's last report
    core.movePosition('stopLost');
    p.unprotectedSinceMs = core.now();
    this.stops.begin(); // reads once more, places the stop, and holds the 3 s deadline
    return 'emergency-stop';
  }
}

function isPast(side: 'long' | 'short', mark: Decimal, stopPrice: Decimal): boolean {
  return side === 'long' ? mark.lte(stopPrice) : mark.gte(stopPrice);
}

function prices(stopPrice: Decimal | null, mark: Decimal | null): Record<string, string | null> {
  return { stopPrice: stopPrice?.toFixed() ?? null, mark: mark?.toFixed() ?? null };
}

import type { TrackedOrder } from './contracts';
import type { ExecCore } from './exec-core';

/** An acknowledged market order (entry, close) with no fill for this long is looked for in the venue's executions. */
export const ENTRY_READBACK_AFTER_MS = 2_000;
/** When the venue already shows the entry filled (position, order), its fill gets this long. */
export const ENTRY_FILL_GRACE_MS = 500;
/** Read-backs of an entry that still shows nothing back off up to this interval. */
export const ENTRY_READBACK_MAX_MS = 30_000;

/**
 * When to read back fills the private stream may have lost: a market order of ours fills at once,
 * so one acknowledged and still unfilled after a moment (or one the venue already shows filled) has
 * its fills looked up over REST, backing off while nothing shows. The reading itself is the
 * PositionKeeper's.
 */
export class FillReadBack {
  /** Next read-back (monotonic ms); null: none planned. */
  private nextReadBackAt: number | null = null;
  private readBackGap = ENTRY_READBACK_AFTER_MS;

  constructor(
    private readonly core: ExecCore,
    private readonly readBack: (reason: string) => void,
  ) {}

  /**
   * While an acknowledged market order of ours (the entry, a close) shows no fill: after
   * ENTRY_READBACK_AFTER_MS, then backing off to ENTRY_READBACK_MAX_MS, the venue's fills are read
   * back, so a fill the private stream lost is learned in seconds, not at the next restart. A
   * market order fills at once; one still unfilled costs a REST call per interval and nothing else.
   */
  onTimer(): void {
    const core = this.core;
    if (this.awaitedMarketOrder() === null) {
      this.nextReadBackAt = null;
      this.readBackGap = ENTRY_READBACK_AFTER_MS;
      return;
    }
    const now = core.deps.clock.monotonicMs();
    if (this.nextReadBackAt === null) {
      this.nextReadBackAt = now + this.readBackGap;
      return;
    }
    if (now < this.nextReadBackAt) return;
    this.readBackGap = Math.min(this.readBackGap * 2, ENTRY_READBACK_MAX_MS);
    this.nextReadBackAt = now + this.readBackGap;
    this.readBack('a market order was acknowledged and its fill did not arrive');
  }

  /** The entry while opening with nothing filled, or the close while closing; null: none awaited. */
  private awaitedMarketOrder(): TrackedOrder | null {
    const core = this.core;
    const p = core.position;
    const leg =
      p.state === 'opening' && core.ledger.qty.isZero()
        ? 'entry'
        : p.state === 'closing'
          ? 'close'
          : null;
    if (leg === null) return null;
    const id = leg === 'entry' ? p.entryClientId : null;
    const order = core.orders
      .all()
      .find(
        (o) =>
          o.leg === leg &&
          (id === null || o.clientOrderId === id) &&
          o.orderId !== null &&
          o.type === 'market' &&
          (o.state === 'accepted' || o.state === 'partially-filled' || o.state === 'filled'),
      );
    return order ?? null;
  }

  /** The venue shows the order filled: its fill is read back at the next timer if still missing. */
  expectFillSoon(): void {
    const soon = this.core.deps.clock.monotonicMs() + ENTRY_FILL_GRACE_MS;
    this.nextReadBackAt = Math.min(this.nextReadBackAt ?? soon, soon);
  }
}

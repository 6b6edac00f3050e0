import { Decimal } from '@flotilla/core';
import type { AuditValue, StoredAuditEntry } from './contracts';

export interface LedgerFill {
  readonly fillId: string;
  readonly side: 'buy' | 'sell';
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly fee: Decimal;
  /** Epoch ms of the fill. */
  readonly at: number;
}

/** What one fill did to the ledger. */
export interface FillEffect {
  /** Realised PnL of the reduced part, before fees. */
  readonly realized: Decimal;
  readonly fee: Decimal;
  /** realized − fee: what the fill added to realised PnL net of fees. */
  readonly net: Decimal;
  /** The signed position after the fill (long positive). */
  readonly qtyAfter: Decimal;
  /** The fill closed (or flipped) the position: a round trip ended. */
  readonly closedRoundTrip: boolean;
}

const ZERO = new Decimal(0);

/**
 * Realised PnL from fills by the average-cost method. A fill in the position's direction moves the
 * average entry; one against it realises (price − avgEntry) × qty × sign; fees always subtract.
 * tradeCount counts round trips closed (the position returned to zero or flipped), not fills.
 * Fills are applied once per fillId. Each fill's realised PnL is settled to settleDecimals (USDT:
 * 8, half up) as the venue books it, so the sum equals the venue's own; null keeps it exact.
 */
export class PnlLedger {
  /** USDT's settlement precision on Bybit (and the simulator). */
  static readonly SETTLE_DECIMALS = 8;

  private signedQty = ZERO;
  private avg = ZERO;
  private realizedGross = ZERO;
  private feesPaid = ZERO;
  private trips = 0;
  private lastAt: number | null = null;
  /** Time of the last fill after which the position was flat. */
  private flatAt: number | null = null;
  private readonly seen = new Set<string>();

  constructor(private readonly settleDecimals: number | null = PnlLedger.SETTLE_DECIMALS) {}

  /** Rebuilds from the audit trail's `fill` entries (oldest first), de-duplicated by fillId. */
  static fromAudit(entries: readonly StoredAuditEntry[]): PnlLedger {
    const ledger = new PnlLedger();
    for (const e of entries) {
      const fill = fillFromAudit(e);
      if (fill) ledger.apply(fill);
    }
    return ledger;
  }

  has(fillId: string): boolean {
    return this.seen.has(fillId);
  }

  /** Applies a fill; null when this fillId was already applied. */
  apply(fill: LedgerFill): FillEffect | null {
    if (this.seen.has(fill.fillId)) return null;
    if (fill.qty.lte(0)) throw new RangeError(`fill ${fill.fillId} has qty ${fill.qty.toFixed()}`);
    this.seen.add(fill.fillId);
    this.lastAt = this.lastAt === null ? fill.at : Math.max(this.lastAt, fill.at);
    const dir = fill.side === 'buy' ? 1 : -1;
    let realized = ZERO;
    let closedRoundTrip = false;
    const held = this.signedQty.abs();
    if (this.signedQty.isZero() || this.signedQty.s === dir) {
      this.avg = this.avg.mul(held).add(fill.price.mul(fill.qty)).div(held.add(fill.qty));
      this.signedQty = this.signedQty.add(fill.qty.mul(dir));
    } else {
      const reduced = Decimal.min(held, fill.qty);
      realized = fill.price.sub(this.avg).mul(reduced).mul(this.signedQty.s);
      if (this.settleDecimals !== null) {
        realized = realized.toDecimalPlaces(this.settleDecimals, Decimal.ROUND_HALF_UP);
      }
      const rest = fill.qty.sub(reduced);
      this.signedQty = this.signedQty.add(reduced.mul(dir));
      if (this.signedQty.isZero()) {
        closedRoundTrip = true;
        this.trips++;
        this.avg = ZERO;
      }
      if (rest.gt(0)) {
        this.signedQty = rest.mul(dir);
        this.avg = fill.price;
      }
    }
    if (this.signedQty.isZero()) this.flatAt = Math.max(this.flatAt ?? fill.at, fill.at);
    this.realizedGross = this.realizedGross.add(realized);
    this.feesPaid = this.feesPaid.add(fill.fee);
    return {
      realized,
      fee: fill.fee,
      net: realized.sub(fill.fee),
      qtyAfter: this.signedQty,
      closedRoundTrip,
    };
  }

  /**
   * Sets the position the venue reports (reconciliation) when the fills on record do not explain
   * it; realised PnL is left as the fills made it.
   */
  resetPosition(side: 'long' | 'short' | 'flat', qty: Decimal, entryPrice: Decimal | null): void {
    this.signedQty = side === 'flat' ? ZERO : side === 'long' ? qty : qty.neg();
    this.avg = this.signedQty.isZero() ? ZERO : (entryPrice ?? ZERO);
  }

  /** Realised PnL net of fees. */
  get realized(): Decimal {
    return this.realizedGross.sub(this.feesPaid);
  }

  get realizedBeforeFees(): Decimal {
    return this.realizedGross;
  }

  get fees(): Decimal {
    return this.feesPaid;
  }

  get tradeCount(): number {
    return this.trips;
  }

  /** Signed position: long positive, short negative. */
  get qty(): Decimal {
    return this.signedQty;
  }

  get side(): 'long' | 'short' | 'flat' {
    return this.signedQty.isZero() ? 'flat' : this.signedQty.gt(0) ? 'long' : 'short';
  }

  get avgEntry(): Decimal | null {
    return this.signedQty.isZero() ? null : this.avg;
  }

  /** The latest fill time applied, epoch ms. */
  /**
   * The time of the last fill that left the position flat: a fill missed while a position was open
   * (the stream down) lies after it, even when later fills were applied before it was found.
   */
  get lastFlatAtMs(): number | null {
    return this.flatAt;
  }

  get lastFillAtMs(): number | null {
    return this.lastAt;
  }

  unrealized(mark: Decimal | null): Decimal {
    if (mark === null || this.signedQty.isZero()) return ZERO;
    return mark.sub(this.avg).mul(this.signedQty);
  }
}

function str(v: AuditValue | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A `fill` audit entry as a ledger fill; null when a field is missing. */
export function fillFromAudit(e: StoredAuditEntry): LedgerFill | null {
  if (e.action !== 'fill') return null;
  const d = e.details;
  const fillId = str(d.fillId);
  const side = d.side === 'buy' || d.side === 'sell' ? d.side : null;
  const price = str(d.price);
  const qty = str(d.qty);
  const fee = str(d.fee);
  if (!fillId || !side || !price || !qty || !fee) return null;
  const at = typeof d.at === 'number' ? d.at : e.atMs;
  return {
    fillId,
    side,
    price: new Decimal(price),
    qty: new Decimal(qty),
    fee: new Decimal(fee),
    at,
  };
}

import { Decimal } from '@flotilla/core';
import type {
  RiskDecision,
  RiskGate,
  RiskRefusalReason,
  RiskReservation,
  RiskStatus,
} from '../contracts';

/** A tiny RiskGate for unit tests: a max number of open positions, a block switch, and a record. */
export class FakeRisk implements RiskGate {
  blocked: RiskRefusalReason | null = null;
  maxOpen = 5;
  readonly reserved = new Map<number, RiskReservation>();
  readonly open = new Map<string, Decimal>();
  readonly commits: Array<{ reservation: RiskReservation; filledNotional: Decimal }> = [];
  readonly releases: RiskReservation[] = [];
  readonly adopted: Array<{ symbol: string; notional: Decimal }> = [];
  readonly closedSymbols: string[] = [];
  readonly realized: Array<{ symbol: string; pnl: Decimal; atMs: number }> = [];
  private nextId = 1;

  reserve(symbol: string, notional: Decimal): RiskDecision {
    if (this.blocked) return { ok: false, reason: this.blocked, detail: 'blocked by the test' };
    if (this.open.has(symbol)) return { ok: false, reason: 'position-open', detail: symbol };
    if (this.open.size + this.reserved.size >= this.maxOpen) {
      return { ok: false, reason: 'max-open-positions', detail: `max ${this.maxOpen}` };
    }
    const reservation = { id: this.nextId++, symbol, notional };
    this.reserved.set(reservation.id, reservation);
    return { ok: true, reservation };
  }

  commit(reservation: RiskReservation, filledNotional: Decimal): void {
    this.reserved.delete(reservation.id);
    this.open.set(reservation.symbol, filledNotional);
    this.commits.push({ reservation, filledNotional });
  }

  release(reservation: RiskReservation): void {
    this.reserved.delete(reservation.id);
    this.releases.push(reservation);
  }

  adopt(symbol: string, notional: Decimal): void {
    this.open.set(symbol, notional);
    this.adopted.push({ symbol, notional });
  }

  closed(symbol: string): void {
    this.open.delete(symbol);
    this.closedSymbols.push(symbol);
  }

  recordRealized(symbol: string, pnl: Decimal, atMs: number): void {
    this.realized.push({ symbol, pnl, atMs });
  }

  entriesBlocked(): RiskRefusalReason | null {
    return this.blocked === 'kill-switch' || this.blocked === 'daily-loss' ? this.blocked : null;
  }

  /** Σ recorded realised PnL of a symbol. */
  realizedSum(symbol: string): Decimal {
    return this.realized
      .filter((r) => r.symbol === symbol)
      .reduce((a, r) => a.add(r.pnl), new Decimal(0));
  }

  status(): RiskStatus {
    const zero = new Decimal(0);
    return {
      limits: {
        maxOpenPositions: this.maxOpen,
        maxTotalExposure: new Decimal(10_000),
        minOrderNotional: new Decimal(5),
        maxPositionNotional: new Decimal(1_000),
        dailyLossLimit: new Decimal(500),
      },
      openPositions: this.open.size,
      reservedPositions: this.reserved.size,
      exposure: [...this.open.values()].reduce((a, n) => a.add(n), zero),
      reservedExposure: [...this.reserved.values()].reduce((a, r) => a.add(r.notional), zero),
      dailyRealizedPnl: this.realized.reduce((a, r) => a.add(r.pnl), zero),
      dailyLossBreached: this.blocked === 'daily-loss',
      day: '2026-01-01',
      killSwitch: { engaged: this.blocked === 'kill-switch', atMs: null, by: null },
      refusals: {
        'kill-switch': 0,
        'daily-loss': 0,
        'max-open-positions': 0,
        'max-exposure': 0,
        'min-notional': 0,
        'max-position': 0,
        'position-open': 0,
      },
    };
  }
}

import { dec, Decimal, type Clock, type TimerHandle } from '@flotilla/core';
import type { VenueFill, VenueOrder, VenuePort, VenuePosition } from '@flotilla/engine';

/*
 * Checks recomputed from the venue's own records, independent of libs/execution (no PnlLedger):
 * duplicates counted on the venue's side, realised PnL from its fills, stop coverage sampled from
 * its positions and orders.
 */

// ------------------------------------------------------------------ duplicate client order ids

export interface AdminOrder {
  readonly orderLinkId: string;
  readonly orderStatus: string;
  readonly side: string;
  readonly qty: string;
  readonly reduceOnly: boolean;
  readonly createdTime: string;
}

/** Every order the simulator ever booked for the account (open and closed), oldest first. */
export async function adminOrders(adminBaseUrl: string, key: string): Promise<AdminOrder[]> {
  const body = await getJson(`${adminBaseUrl}/__admin/accounts/${encodeURIComponent(key)}/orders`);
  return (body as { orders: AdminOrder[] }).orders;
}

/** Client order ids carried by more than one order, with how many (empty orderLinkIds ignored). */
export function duplicatesOf(orders: readonly { orderLinkId: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { orderLinkId } of orders) {
    if (orderLinkId !== '') counts.set(orderLinkId, (counts.get(orderLinkId) ?? 0) + 1);
  }
  return new Map([...counts].filter(([, n]) => n > 1));
}

/** Client order ids the venue booked more than once, from its admin list. */
export async function duplicateClientOrderIds(
  adminBaseUrl: string,
  key: string,
): Promise<Map<string, number>> {
  return duplicatesOf(await adminOrders(adminBaseUrl, key));
}

// ------------------------------------------------------------------ realised PnL from fills

/** What the recomputation reads of a fill: VenueFill fits. */
export type LedgerFill = Pick<VenueFill, 'symbol' | 'side' | 'price' | 'qty' | 'fee'>;

export interface SymbolPnl {
  /** Realised on closed quantity against the average cost, before fees. */
  readonly gross: Decimal;
  /** Fees paid (a rebate is negative). */
  readonly fees: Decimal;
  /** gross - fees. */
  readonly net: Decimal;
  /** Signed: long positive, short negative. */
  readonly position: Decimal;
  /** Average cost of the open position; zero when flat. */
  readonly avgPrice: Decimal;
  readonly fills: number;
}

/**
 * Per symbol, realised PnL net of fees with average-cost accounting (one-way mode): a fill in the
 * position's direction moves the average price; a fill against it realises
 * closed × (price − average) × direction, settled per fill to the settle coin's `settleDecimals`
 * (USDT: 8, half up, as the venue books it); the part beyond flat opens the other way at the price.
 */
export function realizedPnlFromExecutions(
  fills: readonly LedgerFill[],
  settleDecimals = 8,
): Map<string, SymbolPnl> {
  const out = new Map<string, SymbolPnl>();
  const zero = new Decimal(0);
  for (const fill of fills) {
    const s = out.get(fill.symbol) ?? {
      gross: zero,
      fees: zero,
      net: zero,
      position: zero,
      avgPrice: zero,
      fills: 0,
    };
    const signed = fill.side === 'buy' ? fill.qty : fill.qty.neg();
    let { gross, position, avgPrice } = s;
    if (position.isZero() || position.isPositive() === signed.isPositive()) {
      const size = position.abs().plus(fill.qty);
      avgPrice = position.abs().mul(avgPrice).plus(fill.qty.mul(fill.price)).div(size);
      position = position.plus(signed);
    } else {
      const closed = Decimal.min(position.abs(), fill.qty);
      const direction = position.isPositive() ? 1 : -1;
      const pnl = closed.mul(fill.price.minus(avgPrice)).mul(direction);
      gross = gross.plus(pnl.toDecimalPlaces(settleDecimals, Decimal.ROUND_HALF_UP));
      const rest = fill.qty.minus(closed);
      position = position.plus(signed);
      if (position.isZero()) avgPrice = zero;
      else if (rest.gt(0)) avgPrice = fill.price;
    }
    const fees = s.fees.plus(fill.fee);
    out.set(fill.symbol, {
      gross,
      fees,
      net: gross.minus(fees),
      position,
      avgPrice,
      fills: s.fills + 1,
    });
  }
  return out;
}

/** The simulator's fills for an account as the port's VenueFill (decimals from the wire strings). */
export async function adminExecutions(
  adminBaseUrl: string,
  key: string,
  symbol?: string,
): Promise<Array<VenueFill & { execPnl: Decimal }>> {
  const query = symbol ? `?symbol=${encodeURIComponent(symbol)}` : '';
  const url = `${adminBaseUrl}/__admin/accounts/${encodeURIComponent(key)}/executions${query}`;
  const body = (await getJson(url)) as { executions: Array<Record<string, unknown>> };
  return body.executions.map((e) => ({
    fillId: String(e.execId),
    orderId: String(e.orderId),
    clientOrderId: String(e.orderLinkId),
    symbol: String(e.symbol),
    side: e.side === 'Sell' ? 'sell' : 'buy',
    price: dec(String(e.execPrice)),
    qty: dec(String(e.execQty)),
    fee: dec(String(e.execFee)),
    maker: e.isMaker === true,
    at: Number(e.execTime),
    execPnl: dec(String(e.execPnl)),
  }));
}

// ------------------------------------------------------------------ stop coverage

/** A ccxt/REST reader of positions and open orders: the VenuePort (BybitVenue) fits. */
export type StopReader = Pick<VenuePort, 'positions' | 'openOrders'>;

export interface StopCoverage {
  /** Open-position samples with a stop standing on the venue. */
  readonly covered: number;
  readonly total: number;
  /** covered / total; 1 when nothing was open. */
  readonly ratio: number;
  /** Ticks skipped because the previous sample was still reading. */
  readonly skipped: number;
  /** Samples whose reads failed (not counted in total). */
  readonly errors: number;
  /** The first uncovered samples (bounded), for the report. */
  readonly uncovered: ReadonlyArray<{ readonly symbol: string; readonly atMs: number }>;
}

const MAX_UNCOVERED_KEPT = 100;

/** A stop stands: the position's own stop loss, or a live reduce-only conditional order against it. */
export function hasStop(position: VenuePosition, orders: readonly VenueOrder[]): boolean {
  if (position.stopLoss !== null) return true;
  const closingSide = position.side === 'long' ? 'sell' : 'buy';
  return orders.some(
    (o) =>
      o.symbol === position.symbol &&
      o.status === 'open' &&
      o.reduceOnly &&
      o.triggerPrice !== null &&
      o.side === closingSide,
  );
}

/** Samples every open position's stop every intervalMs on the injected clock. */
export class StopCoverageSampler {
  private covered = 0;
  private total = 0;
  private skipped = 0;
  private errors = 0;
  private readonly uncovered: Array<{ symbol: string; atMs: number }> = [];
  private timer: TimerHandle | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly reader: StopReader,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  start(): this {
    this.timer ??= this.clock.setInterval(() => this.tick(), this.intervalMs);
    return this;
  }

  /** One sample now; resolves when it is counted. Read errors propagate. */
  async sample(): Promise<void> {
    const atMs = this.clock.now();
    const [positions, orders] = await Promise.all([
      this.reader.positions(),
      this.reader.openOrders(),
    ]);
    for (const p of positions) {
      if (p.side === 'flat' || p.size.isZero()) continue;
      this.total++;
      if (hasStop(p, orders)) this.covered++;
      else if (this.uncovered.length < MAX_UNCOVERED_KEPT) {
        this.uncovered.push({ symbol: p.symbol, atMs });
      }
    }
  }

  /** Resolves once no sample is in flight. */
  async idle(): Promise<void> {
    await this.inFlight;
  }

  /** Stops sampling and waits for a sample in flight. */
  async stop(): Promise<StopCoverage> {
    this.timer?.cancel();
    this.timer = null;
    await this.inFlight;
    return this.result();
  }

  result(): StopCoverage {
    return {
      covered: this.covered,
      total: this.total,
      ratio: this.total === 0 ? 1 : this.covered / this.total,
      skipped: this.skipped,
      errors: this.errors,
      uncovered: [...this.uncovered],
    };
  }

  private tick(): void {
    if (this.inFlight) {
      this.skipped++;
      return;
    }
    this.inFlight = this.sample()
      .catch(() => {
        this.errors++;
      })
      .finally(() => {
        this.inFlight = null;
      });
  }
}

/** A started sampler over reader, every intervalMs on clock. */
export function stopCoverage(
  reader: StopReader,
  clock: Clock,
  intervalMs: number,
): StopCoverageSampler {
  return new StopCoverageSampler(reader, clock, intervalMs).start();
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

import { Decimal } from '@flotilla/core';
import {
  VenueError,
  type AmendOrderRequest,
  type FeeRates,
  type PlaceOrderRequest,
  type PlaceResult,
  type VenueBalance,
  type VenueEvent,
  type VenueFill,
  type VenueOrder,
  type VenuePort,
  type VenuePosition,
  type VenueSubscription,
} from '@flotilla/engine';
import {
  applyTrade,
  bookedOrder,
  seededOrder,
  seededPosition,
  testClientOrderId,
  type FakeVenueOrder as MutableOrder,
  type FakePosition as MutablePosition,
} from './fake-venue-state';
import { FakeScripts, NotSent, type FakeMethod, type FakeOutcome } from './fake-scripts';

export type { FakeMethod, FakeOutcome } from './fake-scripts';
export { testClientOrderId } from './fake-venue-state';

/**
 * An in-memory VenuePort for unit tests. Orders rest until the test fills them; an entry's attached
 * stop loss becomes the position's stopLoss on fill when attachStops is on. Every call is
 * recorded; answers can be scripted (reject, unknown outcome, not sent, held until released).
 */
export class FakeVenue implements VenuePort {
  readonly calls: Array<{ method: string; args: readonly unknown[] }> = [];
  readonly orders = new Map<string, MutableOrder>();
  readonly fills: VenueFill[] = [];
  readonly positionsBySymbol = new Map<string, MutablePosition>();
  /** Attached stop losses become the venue position's stopLoss when the entry fills. */
  attachStops = true;
  feeRate = new Decimal('0.0006');
  qtyStep = new Decimal('0.001');
  now: () => number = () => Date.UTC(2026, 0, 1);
  private readonly scripts = new FakeScripts();
  private readonly listeners: Array<(e: VenueEvent) => void> = [];
  private seq = 0;

  constructor(readonly clientOrderIdOf = testClientOrderId) {}

  /** The next `times` calls of method that match `when` get this outcome. */
  script(
    method: FakeMethod,
    outcome: FakeOutcome,
    when: (args: readonly unknown[]) => boolean = () => true,
    times = 1,
  ): void {
    this.scripts.add({ method, outcome, when, times });
  }

  /** Releases every held call (they then run as if unscripted). */
  release(): void {
    this.scripts.release();
  }

  get heldCount(): number {
    return this.scripts.heldCount;
  }

  placeCalls(): PlaceOrderRequest[] {
    return this.calls
      .filter((c) => c.method === 'place')
      .map((c) => c.args[0] as PlaceOrderRequest);
  }

  private gate(method: FakeMethod, args: readonly unknown[], book?: () => void): Promise<void> {
    this.calls.push({ method, args });
    return this.scripts.apply(method, args, book);
  }

  /** The stream reports the position before the order and the fill (as a busy venue may). */
  positionFirst = false;

  /** Listeners of every emitted event, synchronously (the executor's onVenueEvent in tests). */
  onEvent(listener: (e: VenueEvent) => void): void {
    this.listeners.push(listener);
  }

  async place(request: PlaceOrderRequest): Promise<PlaceResult> {
    const clientOrderId = this.clientOrderIdOf(request.symbol, request.signalId, request.leg);
    try {
      await this.gate('place', [request], () => this.book(request));
    } catch (err) {
      if (!(err instanceof NotSent)) throw err;
      return {
        kind: 'not-sent',
        clientOrderId,
        reason: err.reason,
        detail: 'scripted by the test',
      };
    }
    const existing = this.orders.get(clientOrderId);
    if (existing)
      return { kind: 'placed', orderId: existing.orderId, clientOrderId, alreadyPlaced: true };
    const order = this.book(request);
    return { kind: 'placed', orderId: order.orderId, clientOrderId, alreadyPlaced: false };
  }

  async amend(request: AmendOrderRequest): Promise<void> {
    await this.gate('amend', [request]);
    const o = this.orders.get(request.clientOrderId);
    if (!o || o.status !== 'open') throw new VenueError('rejected', 'order not exists', 110001);
    if (request.triggerPrice) o.triggerPrice = request.triggerPrice;
    if (request.price) o.price = request.price;
    if (request.qty) o.qty = request.qty;
  }

  async cancel(symbol: string, clientOrderId: string): Promise<void> {
    await this.gate('cancel', [symbol, clientOrderId]);
    const o = this.orders.get(clientOrderId);
    if (!o || o.status !== 'open')
      throw new VenueError('rejected', 'order not exists or too late to cancel', 110001);
    o.status = 'canceled';
    this.emit({ kind: 'order', order: { ...o } });
  }

  async cancelAll(symbol: string): Promise<void> {
    this.calls.push({ method: 'cancelAll', args: [symbol] });
    for (const o of this.orders.values())
      if (o.symbol === symbol && o.status === 'open') o.status = 'canceled';
    return Promise.resolve();
  }

  async openOrders(symbol?: string): Promise<VenueOrder[]> {
    await this.gate('openOrders', [symbol]);
    return [...this.orders.values()]
      .filter((o) => o.status === 'open' && (!symbol || o.symbol === symbol))
      .map((o) => ({ ...o }));
  }

  async orderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | undefined> {
    await this.gate('orderByClientId', [symbol, clientOrderId]);
    const o = this.orders.get(clientOrderId);
    return o ? { ...o } : undefined;
  }

  async positions(symbol?: string): Promise<VenuePosition[]> {
    await this.gate('positions', [symbol]);
    return [...this.positionsBySymbol.values()]
      .filter((p) => (!symbol || p.symbol === symbol) && p.size.gt(0))
      .map((p) => ({ ...p }));
  }

  async balance(): Promise<VenueBalance> {
    this.calls.push({ method: 'balance', args: [] });
    const d = new Decimal(10_000);
    return Promise.resolve({ currency: 'USDT', total: d, free: d, used: new Decimal(0) });
  }

  async setLeverage(symbol: string, leverage: Decimal): Promise<void> {
    this.calls.push({ method: 'setLeverage', args: [symbol, leverage] });
    return Promise.resolve();
  }

  async feeRates(symbol: string): Promise<FeeRates> {
    this.calls.push({ method: 'feeRates', args: [symbol] });
    return Promise.resolve({ symbol, maker: new Decimal('0.0002'), taker: this.feeRate });
  }

  async executions(symbol: string, sinceMs?: number): Promise<VenueFill[]> {
    await this.gate('executions', [symbol, sinceMs]);
    return this.fills.filter(
      (f) => f.symbol === symbol && (sinceMs === undefined || f.at >= sinceMs),
    );
  }

  async subscribe(listener: (event: VenueEvent) => void): Promise<VenueSubscription> {
    this.listeners.push(listener);
    return Promise.resolve({
      unsubscribe: () => {
        const i = this.listeners.indexOf(listener);
        if (i >= 0) this.listeners.splice(i, 1);
      },
    });
  }

  // ------------------------------------------------------------ test controls

  /** Fills an open order (all of what is left by default) and emits order, fill and position. */
  fillOrder(clientOrderId: string, price: Decimal | string, qty?: Decimal | string): VenueFill {
    const o = this.orders.get(clientOrderId);
    if (!o || o.status !== 'open') throw new Error(`no open order ${clientOrderId}`);
    const q = qty === undefined ? o.qty.sub(o.filledQty) : new Decimal(qty);
    const px = new Decimal(price);
    o.avgPrice = (o.avgPrice ?? px).mul(o.filledQty).add(px.mul(q)).div(o.filledQty.add(q));
    o.filledQty = o.filledQty.add(q);
    if (o.filledQty.gte(o.qty)) o.status = 'closed';
    const fill = this.trade(o.symbol, o.side, px, q, o.clientOrderId, o.orderId);
    if (o.leg === 'entry' && this.attachStops) {
      const pos = this.positionsBySymbol.get(o.symbol);
      if (pos && pos.size.gt(0)) {
        pos.stopLoss = o.stopLoss;
        pos.takeProfit = o.takeProfit;
      }
    }
    if (this.positionFirst) this.emitPosition(o.symbol);
    this.emit({ kind: 'order', order: { ...o } });
    this.emit({ kind: 'fill', fill });
    if (!this.positionFirst) this.emitPosition(o.symbol);
    return fill;
  }

  /** The venue's position-level stop or take profit closes the position at price. */
  closePositionAt(symbol: string, price: Decimal | string): VenueFill {
    const pos = this.positionsBySymbol.get(symbol);
    if (!pos || pos.size.isZero()) throw new Error(`no position on ${symbol}`);
    const side = pos.side === 'long' ? 'sell' : 'buy';
    const fill = this.trade(symbol, side, new Decimal(price), pos.size, '', `sl-${++this.seq}`);
    this.emit({ kind: 'fill', fill });
    this.emitPosition(symbol);
    return fill;
  }

  /** A fill made while nobody listened (the service was down): only executions() shows it. */
  silentTrade(
    symbol: string,
    side: 'buy' | 'sell',
    price: string,
    qty: string,
    clientOrderId = '',
  ): VenueFill {
    return this.trade(
      symbol,
      side,
      new Decimal(price),
      new Decimal(qty),
      clientOrderId,
      `x-${++this.seq}`,
    );
  }

  /** Seeds an open order (reconciliation tests). */
  seedOrder(o: Partial<VenueOrder> & { clientOrderId: string; symbol: string }): void {
    this.orders.set(o.clientOrderId, seededOrder(o, `o-${++this.seq}`));
  }

  /** Sets the venue position (reconciliation tests). */
  seedPosition(
    p: Partial<VenuePosition> & { symbol: string; side: 'long' | 'short'; size: Decimal },
  ): void {
    this.positionsBySymbol.set(p.symbol, seededPosition(p));
  }

  private emitPosition(symbol: string): void {
    const pos = this.positionsBySymbol.get(symbol);
    if (pos) this.emit({ kind: 'position', position: { ...pos } });
  }

  private emit(e: VenueEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  private trade(
    symbol: string,
    side: 'buy' | 'sell',
    price: Decimal,
    qty: Decimal,
    clientOrderId: string,
    orderId: string,
  ): VenueFill {
    const fill: VenueFill = {
      fillId: `f-${++this.seq}`,
      orderId,
      clientOrderId,
      symbol,
      side,
      price,
      qty,
      fee: price.mul(qty).mul(this.feeRate),
      maker: false,
      at: this.now(),
    };
    this.fills.push(fill);
    applyTrade(this.positionsBySymbol, symbol, side, price, qty);
    return fill;
  }

  private book(request: PlaceOrderRequest): MutableOrder {
    const clientOrderId = this.clientOrderIdOf(request.symbol, request.signalId, request.leg);
    const existing = this.orders.get(clientOrderId);
    if (existing) return existing;
    const order = bookedOrder(request, clientOrderId, `o-${++this.seq}`, this.qtyStep);
    this.orders.set(clientOrderId, order);
    return order;
  }
}

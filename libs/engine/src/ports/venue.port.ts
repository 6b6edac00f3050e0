import type { Decimal } from '@flotilla/core';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly';

/**
 * What an order is for. Protective legs (stops, take-profits, reduce-only closes) go first on the
 * request budget and keep retrying while the circuit is open; entries are shed first.
 */
export type OrderLeg = 'entry' | 'stop' | 'take-profit' | 'close';

export interface PlaceOrderRequest {
  readonly symbol: string;
  /** With symbol and leg, determines the client order id: the same request always gets the same id. */
  readonly signalId: string;
  readonly leg: OrderLeg;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly qty: Decimal;
  /** Limit price; required for limit orders. */
  readonly price?: Decimal;
  readonly timeInForce?: TimeInForce;
  readonly reduceOnly?: boolean;
  /** Makes the order conditional: it fires when the last price reaches the trigger. */
  readonly triggerPrice?: Decimal;
  /** Attached to an entry: the venue places them when the entry fills. */
  readonly stopLoss?: Decimal;
  readonly takeProfit?: Decimal;
}

export type OrderStatus = 'open' | 'closed' | 'canceled' | 'rejected';

export interface VenueOrder {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly status: OrderStatus;
  readonly qty: Decimal;
  readonly filledQty: Decimal;
  readonly price: Decimal | null;
  readonly avgPrice: Decimal | null;
  readonly triggerPrice: Decimal | null;
  readonly reduceOnly: boolean;
}

export type NotSentReason =
  | 'below-min-qty'
  | 'below-min-notional'
  | 'unknown-symbol'
  | 'invalid-request'
  | 'breaker-open'
  | 'budget-short';

/** placed: the venue holds the order (alreadyPlaced when an earlier send had already booked it). */
export type PlaceResult =
  | {
      readonly kind: 'placed';
      readonly orderId: string;
      readonly clientOrderId: string;
      readonly alreadyPlaced: boolean;
    }
  | {
      readonly kind: 'not-sent';
      readonly clientOrderId: string;
      readonly reason: NotSentReason;
      readonly detail: string;
    };

export interface AmendOrderRequest {
  readonly symbol: string;
  readonly clientOrderId: string;
  readonly side: OrderSide;
  readonly qty?: Decimal;
  readonly price?: Decimal;
  readonly triggerPrice?: Decimal;
  /** Amending a stop is protective; amending an entry is not. */
  readonly protective: boolean;
}

export interface VenuePosition {
  readonly symbol: string;
  readonly side: 'long' | 'short' | 'flat';
  readonly size: Decimal;
  readonly entryPrice: Decimal | null;
  readonly unrealisedPnl: Decimal;
  readonly leverage: Decimal | null;
  readonly stopLoss: Decimal | null;
  readonly takeProfit: Decimal | null;
}

export interface VenueBalance {
  readonly currency: string;
  readonly total: Decimal;
  readonly free: Decimal;
  readonly used: Decimal;
}

export interface FeeRates {
  readonly symbol: string;
  readonly maker: Decimal;
  readonly taker: Decimal;
}

export interface VenueFill {
  readonly fillId: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly fee: Decimal;
  readonly maker: boolean;
  readonly at: number;
}

export type VenueEvent =
  | { readonly kind: 'order'; readonly order: VenueOrder }
  | { readonly kind: 'fill'; readonly fill: VenueFill }
  | { readonly kind: 'position'; readonly position: VenuePosition }
  | { readonly kind: 'wallet'; readonly balance: VenueBalance };

export interface VenueSubscription {
  /** Idempotent. */
  unsubscribe(): void;
}

/** How a failed venue call ended: safe to retry, refused by the venue, or not known. */
export type VenueErrorKind = 'retryable' | 'rejected' | 'unknown-outcome';

export class VenueError extends Error {
  constructor(
    readonly kind: VenueErrorKind,
    message: string,
    /** The venue's retCode when it gave one. */
    readonly retCode?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What an engine needs from the venue; libs/venue implements it. Failures throw VenueError. */
export interface VenuePort {
  place(request: PlaceOrderRequest): Promise<PlaceResult>;
  amend(request: AmendOrderRequest): Promise<void>;
  cancel(symbol: string, clientOrderId: string): Promise<void>;
  cancelAll(symbol: string): Promise<void>;
  openOrders(symbol?: string): Promise<VenueOrder[]>;
  /** undefined when the venue does not know the id (neither open nor recently closed). */
  orderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | undefined>;
  positions(symbol?: string): Promise<VenuePosition[]>;
  balance(): Promise<VenueBalance>;
  setLeverage(symbol: string, leverage: Decimal): Promise<void>;
  feeRates(symbol: string): Promise<FeeRates>;
  /** The account's fills on the symbol, oldest first, at or after sinceMs. */
  executions(symbol: string, sinceMs?: number): Promise<VenueFill[]>;
  /**
   * Starts the private stream (once per account) and adds the listener. Delivery is best effort:
   * what happened before the stream was live or while it reconnected is read back over REST.
   */
  subscribe(listener: (event: VenueEvent) => void): Promise<VenueSubscription>;
}

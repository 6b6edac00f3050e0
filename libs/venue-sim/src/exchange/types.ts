import { Decimal } from '@flotilla/core';

export type Side = 'Buy' | 'Sell';
export type OrderType = 'Market' | 'Limit';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
export type OrderStatus =
  | 'New'
  | 'PartiallyFilled'
  | 'Untriggered'
  | 'Triggered'
  | 'Filled'
  | 'Cancelled'
  | 'Rejected'
  | 'Deactivated';
export type StopOrderType = '' | 'Stop' | 'StopLoss' | 'TakeProfit' | 'TrailingStop';
export type CreateType =
  | 'CreateByUser'
  | 'CreateByStopLoss'
  | 'CreateByTakeProfit'
  | 'CreateByTrailingStop'
  | 'CreateByClosing';
export type CancelType = 'UNKNOWN' | 'CancelByUser' | 'CancelByReduceOnly' | 'CancelByTpSlTsClear';
export type RejectReason =
  | 'EC_NoError'
  | 'EC_PostOnlyWillTakeLiquidity'
  | 'EC_NoImmediateQtyToFill'
  | 'EC_ReduceOnlyNoPosition';

/** An account as configured: `--account KEY:SECRET[:USDT]`. */
export interface AccountSpec {
  readonly key: string;
  readonly secret: string;
  /** Starting wallet balance in USDT, a decimal string. */
  readonly usdt: string;
}

export const DEFAULT_ACCOUNT_KEY = 'flotilla-sim';
export const DEFAULT_ACCOUNT_SECRET = 'flotilla-sim-secret';
export const DEFAULT_ACCOUNT_USDT = '100000';
export const DEFAULT_ACCOUNT: AccountSpec = {
  key: DEFAULT_ACCOUNT_KEY,
  secret: DEFAULT_ACCOUNT_SECRET,
  usdt: DEFAULT_ACCOUNT_USDT,
};

export const TAKER_FEE_RATE = '0.00055';
export const MAKER_FEE_RATE = '0.0002';
export const DEFAULT_LEVERAGE = '10';
/** Bybit: at most 10 active conditional orders per symbol (110009 past it). */
export const MAX_CONDITIONAL_PER_SYMBOL = 10;
/** Bybit: at most 500 active orders per symbol (110020 past it). */
export const MAX_ACTIVE_PER_SYMBOL = 500;

/**
 * A request body as Bybit receives it, after JSON.parse (or a query's params): the exchange
 * validates every field itself and ignores keys it does not know, as Bybit does.
 */
export type RequestBody = Readonly<Record<string, unknown>>;

/** One order as the venue holds it. Money in Decimal; `price` null for a market order. */
export interface SimOrder {
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce | 'IOC';
  price: Decimal | null;
  qty: Decimal;
  cumExecQty: Decimal;
  cumExecValue: Decimal;
  cumExecFee: Decimal;
  closedPnl: Decimal;
  orderStatus: OrderStatus;
  readonly createType: CreateType;
  cancelType: CancelType;
  rejectReason: RejectReason;
  readonly reduceOnly: boolean;
  readonly closeOnTrigger: boolean;
  triggerPrice: Decimal | null;
  /** 0 when not conditional; 1 rises to the trigger; 2 falls to it. */
  readonly triggerDirection: 0 | 1 | 2;
  readonly triggerBy: string;
  readonly stopOrderType: StopOrderType;
  takeProfit: Decimal | null;
  stopLoss: Decimal | null;
  readonly tpslMode: '' | 'Full' | 'Partial';
  readonly tpTriggerBy: string;
  readonly slTriggerBy: string;
  readonly lastPriceOnCreated: Decimal;
  readonly createdTime: number;
  updatedTime: number;
}

/** One fill. */
export interface SimExecution {
  readonly execId: string;
  readonly symbol: string;
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly side: Side;
  readonly orderPrice: Decimal | null;
  readonly orderQty: Decimal;
  readonly leavesQty: Decimal;
  readonly orderType: OrderType;
  readonly stopOrderType: StopOrderType;
  readonly createType: CreateType;
  readonly execPrice: Decimal;
  readonly execQty: Decimal;
  readonly execValue: Decimal;
  readonly execFee: Decimal;
  readonly feeRate: Decimal;
  readonly isMaker: boolean;
  /** PnL this fill realised on the closed part, before its fee. */
  readonly execPnl: Decimal;
  readonly closedSize: Decimal;
  readonly markPrice: Decimal;
  readonly execTime: number;
  readonly seq: number;
}

/** A one-way position (positionIdx 0): size signed, + long, − short. */
export interface SimPosition {
  readonly symbol: string;
  size: Decimal;
  avgPrice: Decimal;
  leverage: Decimal;
  cumRealisedPnl: Decimal;
  curRealisedPnl: Decimal;
  takeProfit: Decimal | null;
  stopLoss: Decimal | null;
  trailingStop: Decimal | null;
  activePrice: Decimal | null;
  /** Best last price since the trailing stop became active, for its moving stop. */
  trailPeak: Decimal | null;
  createdTime: number;
  updatedTime: number;
  seq: number;
}

/** A position with the figures derived from the last price (Bybit's mark, in the simulator). */
export interface PositionView {
  readonly position: SimPosition;
  readonly markPrice: Decimal;
  readonly positionValue: Decimal;
  readonly positionIM: Decimal;
  readonly unrealisedPnl: Decimal;
}

export interface WalletView {
  readonly walletBalance: Decimal;
  readonly equity: Decimal;
  readonly availableBalance: Decimal;
  readonly unrealisedPnl: Decimal;
  readonly cumRealisedPnl: Decimal;
  readonly totalPositionIM: Decimal;
  readonly totalOrderIM: Decimal;
  readonly updatedTime: number;
}

export interface OrderAck {
  readonly orderId: string;
  readonly orderLinkId: string;
}

export type PrivateTopic = 'order' | 'execution' | 'position' | 'wallet';

/** A private-stream event for one account; `data` items are in Bybit's WebSocket shapes. */
export interface ExchangeEvent {
  readonly topic: PrivateTopic;
  readonly creationTime: number;
  readonly data: Record<string, unknown>[];
}

export type ExchangeListener = (event: ExchangeEvent) => void;

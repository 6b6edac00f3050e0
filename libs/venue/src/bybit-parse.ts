import { dec, Decimal } from '@flotilla/core';
import type {
  FeeRates,
  OrderStatus,
  VenueBalance,
  VenueFill,
  VenueOrder,
  VenuePosition,
} from '@flotilla/engine';

/** Bybit's raw object as ccxt keeps it in `info`: every number a decimal string. */
export type RawRecord = Record<string, unknown>;

const str = (raw: RawRecord, key: string): string => (typeof raw[key] === 'string' ? raw[key] : '');

/** A decimal field, null when Bybit sends "" (its "none"). */
function decOrNull(raw: RawRecord, key: string): Decimal | null {
  const value = str(raw, key);
  return value === '' ? null : dec(value);
}

const decOrZero = (raw: RawRecord, key: string): Decimal => decOrNull(raw, key) ?? new Decimal(0);

/** Bybit orderStatus → the port's status, as ccxt maps it (research §3.5). */
const STATUS: Record<string, OrderStatus> = {
  New: 'open',
  PartiallyFilled: 'open',
  Untriggered: 'open',
  Triggered: 'open',
  Active: 'open',
  Filled: 'closed',
  PartiallyFilledCanceled: 'closed',
  Cancelled: 'canceled',
  Deactivated: 'canceled',
  Rejected: 'rejected',
};

export function parseOrder(raw: RawRecord): VenueOrder {
  const triggerPrice = decOrNull(raw, 'triggerPrice');
  const price = decOrNull(raw, 'price');
  return {
    orderId: str(raw, 'orderId'),
    clientOrderId: str(raw, 'orderLinkId'),
    symbol: str(raw, 'symbol'),
    side: str(raw, 'side') === 'Sell' ? 'sell' : 'buy',
    type: str(raw, 'orderType') === 'Limit' ? 'limit' : 'market',
    status: STATUS[str(raw, 'orderStatus')] ?? 'open',
    qty: decOrZero(raw, 'qty'),
    filledQty: decOrZero(raw, 'cumExecQty'),
    price: price?.isZero() ? null : price,
    avgPrice: decOrNull(raw, 'avgPrice'),
    triggerPrice: triggerPrice?.isZero() ? null : triggerPrice,
    reduceOnly: raw.reduceOnly === true,
  };
}

export function parsePosition(raw: RawRecord): VenuePosition {
  const size = decOrZero(raw, 'size');
  const side = str(raw, 'side');
  const entry = decOrNull(raw, 'avgPrice') ?? decOrNull(raw, 'entryPrice');
  const nonZero = (d: Decimal | null): Decimal | null => (d && !d.isZero() ? d : null);
  return {
    symbol: str(raw, 'symbol'),
    side: size.isZero() || side === '' ? 'flat' : side === 'Sell' ? 'short' : 'long',
    size,
    entryPrice: nonZero(entry),
    unrealisedPnl: decOrZero(raw, 'unrealisedPnl'),
    leverage: decOrNull(raw, 'leverage'),
    stopLoss: nonZero(decOrNull(raw, 'stopLoss')),
    takeProfit: nonZero(decOrNull(raw, 'takeProfit')),
  };
}

/** The settle coin's line of a wallet-balance answer (REST result.list[0].coin, or a wallet push). */
function coinLine(info: unknown, currency: string): RawRecord | undefined {
  const seen: unknown[] = [info];
  while (seen.length > 0) {
    const node = seen.shift();
    if (Array.isArray(node)) seen.push(...(node as unknown[]));
    else if (node && typeof node === 'object') {
      const record = node as RawRecord;
      if (record.coin === currency && 'walletBalance' in record) return record;
      seen.push(...Object.values(record).filter((v) => typeof v === 'object'));
    }
  }
  return undefined;
}

/** total = wallet balance; used = locked + position IM + order IM (how ccxt computes REST free). */
export function parseBalance(info: unknown, currency = 'USDT'): VenueBalance {
  const line = coinLine(info, currency) ?? {};
  const total = decOrZero(line, 'walletBalance');
  const used = decOrZero(line, 'locked')
    .plus(decOrZero(line, 'totalPositionIM'))
    .plus(decOrZero(line, 'totalOrderIM'));
  return { currency, total, used, free: total.minus(used) };
}

export function parseFeeRates(raw: RawRecord): FeeRates {
  return {
    symbol: str(raw, 'symbol'),
    maker: decOrZero(raw, 'makerFeeRate'),
    taker: decOrZero(raw, 'takerFeeRate'),
  };
}

export function parseFill(raw: RawRecord): VenueFill {
  return {
    fillId: str(raw, 'execId'),
    orderId: str(raw, 'orderId'),
    clientOrderId: str(raw, 'orderLinkId'),
    symbol: str(raw, 'symbol'),
    side: str(raw, 'side') === 'Sell' ? 'sell' : 'buy',
    price: decOrZero(raw, 'execPrice'),
    qty: decOrZero(raw, 'execQty'),
    fee: decOrZero(raw, 'execFee'),
    maker: raw.isMaker === true,
    at: Number(str(raw, 'execTime')) || 0,
  };
}

import type { Exchange } from './exchange';

/** One open position and what protects it on the venue, for drills and benches. */
export interface PositionProtection {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly size: string;
  readonly entryPrice: string;
  /** The position-level stop loss, or null. */
  readonly stopLoss: string | null;
  readonly trailingStop: string | null;
  /** Trigger prices of untriggered reduce-only conditional orders that close it. */
  readonly stopOrders: string[];
  readonly protected: boolean;
}

/**
 * Every open position of an account and whether a stop stands for it: a position-level stop or
 * trailing stop, or an untriggered reduce-only conditional order on the closing side.
 */
export function accountProtection(exchange: Exchange, key: string): PositionProtection[] {
  const live = exchange.openOrders(key, {});
  return exchange.positions(key).map(({ position: p }) => {
    const long = p.size.isPositive();
    const closingSide = long ? 'Sell' : 'Buy';
    const stopOrders = live
      .filter(
        (o) =>
          o.symbol === p.symbol &&
          o.side === closingSide &&
          o.reduceOnly &&
          o.triggerPrice !== null &&
          o.orderStatus === 'Untriggered',
      )
      .map((o) => (o.triggerPrice as NonNullable<typeof o.triggerPrice>).toFixed());
    const stopLoss = p.stopLoss?.toFixed() ?? null;
    const trailingStop = p.trailingStop?.toFixed() ?? null;
    return {
      symbol: p.symbol,
      side: long ? 'long' : 'short',
      size: p.size.abs().toFixed(),
      entryPrice: p.avgPrice.toFixed(),
      stopLoss,
      trailingStop,
      stopOrders,
      protected: stopLoss !== null || trailingStop !== null || stopOrders.length > 0,
    };
  });
}

/** What `stripProtection` took away from one position. */
export interface StrippedProtection {
  readonly symbol: string;
  /** The position-level stop loss that stood, or null. */
  readonly stopLoss: string | null;
  readonly trailingStop: string | null;
  /** orderLinkIds (orderId when empty) of the reduce-only conditional stops cancelled. */
  readonly cancelled: string[];
}

/**
 * Drill: every stop of an open position removed "behind the engine's back", as an operator or a
 * venue incident would: the position-level stop loss and trailing stop cleared (take profit kept)
 * and the untriggered reduce-only conditional orders on its closing side cancelled. The account's
 * private stream hears it as it would on Bybit. Null when the account holds no position there.
 */
export function stripProtection(
  exchange: Exchange,
  key: string,
  symbol: string,
): StrippedProtection | null {
  const before = accountProtection(exchange, key).find((p) => p.symbol === symbol);
  if (!before) return null;
  const closingSide = before.side === 'long' ? 'Sell' : 'Buy';
  exchange.tradingStop(key, {
    category: 'linear',
    symbol,
    positionIdx: 0,
    stopLoss: '0',
    trailingStop: '0',
  });
  const cancelled: string[] = [];
  for (const o of exchange.openOrders(key, { symbol })) {
    if (o.side !== closingSide || !o.reduceOnly || o.triggerPrice === null) continue;
    if (o.orderStatus !== 'Untriggered') continue;
    exchange.cancelOrder(key, { category: 'linear', symbol, orderId: o.orderId });
    cancelled.push(o.orderLinkId || o.orderId);
  }
  return {
    symbol,
    stopLoss: before.stopLoss,
    trailingStop: before.trailingStop,
    cancelled,
  };
}

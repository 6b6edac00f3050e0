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

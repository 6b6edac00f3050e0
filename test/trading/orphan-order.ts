import { PrivateCcxt } from '../venue-sim/private-ccxt-client';

/*
 * An order placed on the venue directly with the service's own key, as a person at the venue's
 * web page or another bot sharing the key would: the engine has no intent behind it.
 */

export interface OrphanOrder {
  /** e.g. BTCUSDT */
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: string;
  readonly price: string;
  readonly clientOrderId: string;
}

/** Places a resting limit order through an authenticated ccxt bybit client; resolves to its id. */
export async function placeOrphanOrder(restUrl: string, o: OrphanOrder): Promise<string> {
  const ccxt = await PrivateCcxt.start(restUrl);
  try {
    const market = `${o.symbol.replace(/USDT$/, '')}/USDT:USDT`;
    const order = await ccxt.call<{ id: string }>(
      'createOrder',
      market,
      'limit',
      o.side,
      Number(o.qty),
      Number(o.price),
      { clientOrderId: o.clientOrderId, timeInForce: 'GTC' },
    );
    return order.id;
  } finally {
    await ccxt.stop();
  }
}

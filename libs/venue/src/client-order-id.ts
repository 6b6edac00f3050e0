import { createHash } from 'node:crypto';
import type { OrderLeg } from '@flotilla/engine';

const LEG_CODE: Record<OrderLeg, string> = {
  entry: 'e',
  stop: 's',
  'take-profit': 't',
  close: 'c',
};

/** Bybit's orderLinkId rule: at most 36 characters from [A-Za-z0-9_-]. */
export const ORDER_LINK_ID = /^[A-Za-z0-9_-]{1,36}$/;

/**
 * The client order id (Bybit orderLinkId) of one leg of one signal: a pure function, so a resend
 * after a timeout carries the same id and the venue refuses a second booking (110072).
 * "fl" + leg code + "-" + 32 hex digits of SHA-256 = 36 characters; the leg stays readable in logs.
 */
export function clientOrderId(symbol: string, signalId: string, leg: OrderLeg): string {
  if (symbol === '' || signalId === '') {
    throw new TypeError('a client order id needs a symbol and a signal id');
  }
  const digest = createHash('sha256')
    .update(`${symbol}\u0000${signalId}\u0000${leg}`)
    .digest('hex')
    .slice(0, 32);
  return `fl${LEG_CODE[leg]}-${digest}`;
}

/** Stop, take-profit and close legs protect a position; entries open one. */
export function isProtectiveLeg(leg: OrderLeg): boolean {
  return leg !== 'entry';
}

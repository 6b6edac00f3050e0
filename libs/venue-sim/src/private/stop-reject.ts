import type { RequestBody, SimOrder } from '../exchange';
import type { PrivateFaults } from './private-faults';

/** Bybit's generic parameter refusal; the stop-reject fault answers with it. */
export const STOP_REJECT_RET_CODE = 10001;
export const STOP_REJECT_MSG = 'stop-reject fault: stop loss refused by fault injection';

/** A price field that sets something: present, not "", not zero ("0" clears on Bybit). */
function setsPrice(value: unknown): boolean {
  if (typeof value === 'number') return value !== 0;
  return typeof value === 'string' && value !== '' && Number(value) !== 0;
}

const truthy = (value: unknown): boolean => value === true || value === 'true';

/**
 * Whether a private request places a stop the stop-reject fault refuses: a position stop loss
 * (`position/trading-stop` with stopLoss) or a reduce-only conditional order (`order/create`
 * with triggerPrice and reduceOnly or closeOnTrigger). Spends one of the fault's hits when so.
 */
export function refusesStop(path: string, body: RequestBody, faults: PrivateFaults): boolean {
  const symbol = typeof body.symbol === 'string' ? body.symbol : '';
  const isStop =
    (path === '/v5/position/trading-stop' && setsPrice(body.stopLoss)) ||
    (path === '/v5/order/create' &&
      setsPrice(body.triggerPrice) &&
      (truthy(body.reduceOnly) || truthy(body.closeOnTrigger)));
  return isStop && faults.takeStopReject(symbol) !== undefined;
}

/**
 * The exchange's gate for an entry's attached stop loss: dropped (and logged) while the fault
 * covers the entry's symbol.
 */
export function attachedStopGate(
  faults: PrivateFaults,
  log: (line: string) => void,
): (order: SimOrder) => boolean {
  return (order) => {
    if (!faults.takeStopReject(order.symbol)) return true;
    log(
      `venue-sim: stop-reject fault: the stop loss ${order.stopLoss?.toFixed() ?? ''} attached to ` +
        `${order.symbol} order ${order.orderLinkId || order.orderId} was not applied on its fill`,
    );
    return false;
  };
}

import { Decimal } from '@flotilla/core';
import { InstrumentSpec } from '../instruments';
import { refuse, RET } from './errors';
import { RequestBody, Side, TimeInForce } from './types';

const LINK_ID = /^[A-Za-z0-9_-]{1,36}$/;

/** A decimal field from a body: strings as sent; a JSON number as its printed form; '' = absent. */
export function decimalField(body: RequestBody, name: string): Decimal | null {
  const raw = body[name];
  if (raw === undefined || raw === null || raw === '') return null;
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^-?\d+(\.\d+)?$/.test(text.trim())) {
    refuse(RET.PARAMS, `params error: ${name} invalid`);
  }
  return new Decimal(text.trim());
}

export function stringField(body: RequestBody, name: string): string | undefined {
  const raw = body[name];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  refuse(RET.PARAMS, `params error: ${name} invalid`);
}

export function boolField(body: RequestBody, name: string): boolean {
  const raw = body[name];
  return raw === true || raw === 'true' || raw === 1 || raw === '1';
}

export function sideField(body: RequestBody): Side {
  const side = stringField(body, 'side');
  if (side !== 'Buy' && side !== 'Sell') refuse(RET.PARAMS, 'params error: side invalid');
  return side;
}

export function timeInForceField(body: RequestBody): TimeInForce {
  const tif = stringField(body, 'timeInForce') ?? 'GTC';
  if (tif === 'GTC' || tif === 'IOC' || tif === 'FOK' || tif === 'PostOnly') return tif;
  refuse(RET.PARAMS, 'params error: timeInForce invalid');
}

export function orderLinkIdField(body: RequestBody): string {
  const id = stringField(body, 'orderLinkId') ?? '';
  if (id !== '' && !LINK_ID.test(id)) refuse(RET.PARAMS, 'params error: orderLinkId invalid');
  return id;
}

export function positionIdxField(body: RequestBody): void {
  const idx = stringField(body, 'positionIdx');
  if (idx !== undefined && idx !== '0') {
    refuse(RET.PARAMS, 'position idx not match position mode');
  }
}

export function checkPrice(spec: InstrumentSpec, price: Decimal, name = 'price'): void {
  const tick = new Decimal(spec.tickSize);
  if (price.lte(0) || !price.mod(tick).isZero()) {
    refuse(
      RET.PARAMS,
      `params error: ${name} ${price.toFixed()} is not a multiple of tickSize ${spec.tickSize}`,
    );
  }
}

/** Step, min and max quantity; qty 0 is refused here (the close-all form is handled by the caller). */
export function checkQty(spec: InstrumentSpec, qty: Decimal): void {
  const step = new Decimal(spec.qtyStep);
  if (qty.lte(0) || !qty.mod(step).isZero()) {
    refuse(
      RET.PARAMS,
      `params error: qty ${qty.toFixed()} is not a multiple of qtyStep ${spec.qtyStep}`,
    );
  }
  if (qty.lt(spec.minOrderQty)) {
    refuse(RET.PARAMS, 'The number of contracts exceeds minimum limit allowed');
  }
  if (qty.gt(spec.maxOrderQty)) {
    refuse(RET.PARAMS, 'The number of contracts exceeds maximum limit allowed');
  }
}

export function checkNotional(spec: InstrumentSpec, qty: Decimal, price: Decimal): void {
  if (qty.mul(price).lt(spec.minNotionalValue)) {
    refuse(
      RET.MIN_NOTIONAL,
      `Order does not meet minimum order value ${spec.minNotionalValue}USDT`,
    );
  }
}

/** Conditional trigger side (research §3.1): rising must lie above last, falling below. */
export function checkTriggerSide(direction: 1 | 2, trigger: Decimal, last: Decimal): void {
  if (direction === 1 && trigger.lte(last)) {
    refuse(
      RET.TRIGGER_NOT_RISING,
      `expect Rising, but trigger_price[${trigger.toFixed()}] <= current[${last.toFixed()}]??LastPrice`,
    );
  }
  if (direction === 2 && trigger.gte(last)) {
    refuse(
      RET.TRIGGER_NOT_FALLING,
      `expect Falling, but trigger_price[${trigger.toFixed()}] >= current[${last.toFixed()}]??LastPrice`,
    );
  }
}

/**
 * TP/SL on the right side of a reference price for a position of side (Bybit answers 10001 with
 * this wording): a long's stop loss below and take profit above; a short's the other way.
 */
export function checkTpSl(
  side: Side,
  reference: Decimal,
  takeProfit: Decimal | null,
  stopLoss: Decimal | null,
): void {
  const long = side === 'Buy';
  if (stopLoss && (long ? stopLoss.gte(reference) : stopLoss.lte(reference))) {
    refuse(
      RET.PARAMS,
      `StopLoss:${stopLoss.toFixed()} set for ${side} position should ${long ? 'lower' : 'higher'} than base_price:${reference.toFixed()}??LastPrice`,
    );
  }
  if (takeProfit && (long ? takeProfit.lte(reference) : takeProfit.gte(reference))) {
    refuse(
      RET.PARAMS,
      `TakeProfit:${takeProfit.toFixed()} set for ${side} position should ${long ? 'higher' : 'lower'} than base_price:${reference.toFixed()}??LastPrice`,
    );
  }
}

import Decimal from 'decimal.js';

export { Decimal };

/** Parses a decimal from its wire form; rejects numbers so no price ever passes through a float. */
export function dec(value: string | Decimal): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`expected a decimal string, got ${JSON.stringify(value)}`);
  }
  return new Decimal(value);
}

/** The wire form of a decimal: a plain string, never exponent notation. */
export function toWire(value: Decimal): string {
  return value.toFixed();
}

/** Rounds down to a multiple of step (for sizes: never more than asked). */
export function floorToStep(value: Decimal, step: Decimal): Decimal {
  return value.div(step).floor().mul(step);
}

/** Rounds to the nearest multiple of tick. */
export function roundToTick(value: Decimal, tick: Decimal): Decimal {
  return value.div(tick).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(tick);
}

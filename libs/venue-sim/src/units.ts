/**
 * Prices and sizes live as integers of a fixed decimal scale (price units of 10^-priceScale),
 * so the generator never accumulates float drift and every wire string sits on the grid.
 */
export function formatUnits(units: number | bigint, scale: number): string {
  const negative = units < 0;
  const digits = (negative ? -BigInt(units) : BigInt(units)).toString();
  if (scale === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(scale + 1, '0');
  const whole = padded.slice(0, padded.length - scale);
  return `${negative ? '-' : ''}${whole}.${padded.slice(padded.length - scale)}`;
}

/** Parses a plain decimal string into integer units of the given scale; null if off-scale. */
export function parseUnits(text: string, scale: number): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > scale && !/^0*$/.test(fraction.slice(scale))) return null;
  const units = Number(match[1] + fraction.slice(0, scale).padEnd(scale, '0'));
  return Number.isSafeInteger(units) ? units : null;
}

/** Number of decimals a step string carries ("0.10" -> 2, "1" -> 0). */
export function scaleOf(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

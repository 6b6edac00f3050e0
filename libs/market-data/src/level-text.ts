/**
 * A book level's venue text kept as a number and its count of decimals, so a level holds no
 * string: each one lives for seconds, and a string per price and size per update kept every
 * young-generation collection copying them (and old space filling with them). The text is
 * given back by toFixed, which is exact for what plainScale accepts.
 */

const DOT = 46; // '.'
const ZERO = 48; // '0'
const NINE = 57; // '9'
/** Significant digits a double gives back exactly through toFixed (DBL_DIG). */
const MAX_SIGNIFICANT = 15;

/**
 * The number of decimals of text when `Number(text).toFixed(that)` gives text back: plain
 * positional notation (digits, at most one point with digits after it), no sign, no leading zero
 * before other integer digits, at most 15 significant digits. Otherwise -1: the caller keeps the
 * text itself.
 */
export function plainScale(text: string): number {
  const n = text.length;
  if (n === 0) return -1;
  let point = -1;
  let significant = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (point !== -1 || i === 0 || i === n - 1) return -1;
      point = i;
    } else if (c < ZERO || c > NINE) return -1;
    else if (significant > 0 || c !== ZERO) significant++;
  }
  if (significant > MAX_SIGNIFICANT) return -1;
  // "007" or "00.5" would come back as "7" and "0.5"
  const integerDigits = point === -1 ? n : point;
  if (integerDigits > 1 && text.charCodeAt(0) === ZERO) return -1;
  return point === -1 ? 0 : n - point - 1;
}

/** The text of a level value kept by plainScale (scale >= 0), or its kept text. */
export function levelText(value: number, scale: number, kept: string | undefined): string {
  return scale >= 0 ? value.toFixed(scale) : (kept as string);
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * value × 10^scale as the exact integer it stands for (value read from a plainScale text, so
 * fewer than 10^15 and within a rounding of it); NaN beyond 10^22, where powers of ten are no
 * longer exact doubles.
 */
export function mantissaOf(value: number, scale: number): number {
  return scale < POW10.length ? Math.round(value * POW10[scale]) : NaN;
}

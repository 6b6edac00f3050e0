import { Decimal } from './decimal';

/**
 * Exact Σ as[i] × bs[i] over plain decimal strings ("65340.12", "-0.5", "3"), returned as one
 * Decimal. The hot path of every engine sums price × size over the top of its book on each
 * update, so this avoids a decimal.js object per operand. Three tiers, all exact:
 *
 * 1. Scaled integers held in doubles: each operand's digits as an integer mantissa, products and
 *    the running sum aligned to one scale. Every intermediate is checked to be a safe integer
 *    (≤ 2^53 − 1); IEEE arithmetic on integers whose exact result is a safe integer is exact,
 *    and an exact result above 2^53 − 1 rounds to at least 2^53, so the check cannot miss a
 *    rounded value. No allocation; covers real books (e.g. 65340.12 × 1.234 → 6534012 × 1234).
 * 2. The same in BigInt when a value leaves the safe range.
 * 3. decimal.js when an operand is not plain positional notation (exponent form, say).
 *
 * No value ever passes through a fraction in binary floating point.
 */
export function sumOfProducts(as: readonly string[], bs: readonly string[], n: number): Decimal {
  return sumScaledSafe(as, bs, n) ?? sumOfProductsExact(as, bs, n);
}

/**
 * Tiers 2 and 3 of sumOfProducts only, for a caller whose own tier-1 sum (sumScaled over cached
 * products) already failed: the same strings would fail tier 1 again.
 */
export function sumOfProductsExact(
  as: readonly string[],
  bs: readonly string[],
  n: number,
): Decimal {
  try {
    return sumScaledBig(as, bs, n);
  } catch {
    return sumDecimal(as, bs, n);
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Scale of the last parseMantissa call (module state keeps the fast path allocation-free). */
let parsedScale = 0;

/** The digits of s as an integer (sign kept), its scale in parsedScale; NaN if not plain or unsafe. */
function parseMantissa(s: string): number {
  const len = s.length;
  let i = 0;
  let negative = false;
  if (len > 0 && s.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let m = 0;
  let digits = 0;
  let dot = -1;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (dot >= 0) return NaN;
      dot = i;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return NaN;
    m = m * 10 + d;
    if (m > MAX_SAFE) return NaN;
    digits++;
  }
  if (digits === 0) return NaN;
  parsedScale = dot < 0 ? 0 : len - dot - 1;
  return negative ? -m : m;
}

function sumScaledSafe(as: readonly string[], bs: readonly string[], n: number): Decimal | null {
  startSum();
  for (let i = 0; i < n; i++) {
    if (!addScaled(scaledProduct(as[i], bs[i]), productScale(as[i], bs[i]))) return null;
  }
  return scaledSum();
}

/**
 * The running exact sum of addScaled, an integer at scale sumScale. Module state so the fast path
 * allocates nothing; the sum sits in a Float64Array because a module-level `let` holding a double
 * boxes it anew on every write.
 */
const running = new Float64Array(1);
let sumScale = 0;

function startSum(): void {
  running[0] = 0;
  sumScale = 0;
}

/**
 * Adds m / 10^s to the running sum, aligning both to the larger scale; false when m is NaN or an
 * aligned value leaves the safe-integer range (the sum would no longer be exact).
 */
function addScaled(m: number, s: number): boolean {
  if (m !== m || s >= POW10.length) return false;
  if (s > sumScale) {
    running[0] *= POW10[s - sumScale];
    sumScale = s;
    if (Math.abs(running[0]) > MAX_SAFE) return false;
  } else if (s < sumScale) {
    m *= POW10[sumScale - s];
    if (Math.abs(m) > MAX_SAFE) return false;
  }
  running[0] += m;
  return Math.abs(running[0]) <= MAX_SAFE;
}

function scaledSum(): Decimal {
  return new Decimal(scaledToString(running[0].toFixed(0), sumScale));
}

/**
 * a × b as an integer mantissa at scale productScale(a, b), for a caller that keeps a product and
 * sums it many times (a book level's quote volume, summed on every update): NaN when an operand
 * is not plain positional notation or the product is not a safe integer.
 */
export function scaledProduct(a: string, b: string): number {
  const ma = parseMantissa(a);
  const sa = parsedScale;
  const mb = parseMantissa(b);
  if (ma !== ma || mb !== mb || sa + parsedScale >= POW10.length) return NaN;
  const product = ma * mb;
  return Math.abs(product) > MAX_SAFE ? NaN : product;
}

/** Digits after the point of a × b for plain decimal strings (the scale of scaledProduct). */
export function productScale(a: string, b: string): number {
  const da = a.indexOf('.');
  const db = b.indexOf('.');
  return (da < 0 ? 0 : a.length - da - 1) + (db < 0 ? 0 : b.length - db - 1);
}

/**
 * Exact Σ mantissas[i] / 10^scales[i] over the first n terms as one Decimal, or null when a term
 * is NaN or an aligned value leaves the safe-integer range (the caller falls back to
 * sumOfProductsExact over the strings).
 */
export function sumScaled(
  mantissas: readonly number[],
  scales: readonly number[],
  n: number,
): Decimal | null {
  return sumScaledInto(mantissas, scales, n, scratch) ? scratch.toDecimal() : null;
}

/**
 * An exact decimal held as an integer mantissa and a scale (value = mantissa / 10^scale), both
 * safe integers in doubles. Mutable on purpose: a reader on a hot path keeps one and has it
 * filled (sumScaledInto) on every update, so reading an exact sum allocates nothing; a Decimal is
 * made only when one is asked for.
 */
export class ScaledDecimal {
  mantissa = 0;
  scale = 0;

  /** The nearest double (one rounding: the mantissa is exact and 10^scale is exact). */
  toNumber(): number {
    return this.mantissa / POW10[this.scale];
  }

  toDecimal(): Decimal {
    return new Decimal(scaledToString(this.mantissa.toFixed(0), this.scale));
  }
}

/** sumScaled's holder (module state, like the running sum). */
const scratch = new ScaledDecimal();

/**
 * Adds mantissa / 10^scale to target exactly, allocation-free; false (target unchanged) when an
 * operand is NaN or the exact sum cannot be held in a safe integer.
 */
export function addScaledInto(target: ScaledDecimal, mantissa: number, scale: number): boolean {
  running[0] = target.mantissa;
  sumScale = target.scale;
  if (!addScaled(mantissa, scale)) return false;
  target.mantissa = running[0];
  target.scale = sumScale;
  return true;
}

/** a × b for plain decimal strings into out; false (out unchanged) when scaledProduct is NaN. */
export function scaledProductInto(a: string, b: string, out: ScaledDecimal): boolean {
  const product = scaledProduct(a, b);
  if (product !== product) return false;
  out.mantissa = product;
  out.scale = productScale(a, b);
  return true;
}

/**
 * sumScaled into out, allocation-free; false (out unchanged) when a term is NaN or the exact sum
 * cannot be held in a safe integer.
 */
export function sumScaledInto(
  mantissas: readonly number[],
  scales: readonly number[],
  n: number,
  out: ScaledDecimal,
): boolean {
  startSum();
  for (let i = 0; i < n; i++) if (!addScaled(mantissas[i], scales[i])) return false;
  out.mantissa = running[0];
  out.scale = sumScale;
  return true;
}

/** Plain positional notation with at least one digit; anything else goes to decimal.js. */
const PLAIN = /^-?(\d+\.?\d*|\.\d+)$/;

function sumScaledBig(as: readonly string[], bs: readonly string[], n: number): Decimal {
  let sum = 0n;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const a = as[i];
    const b = bs[i];
    if (!PLAIN.test(a) || !PLAIN.test(b)) throw new SyntaxError('not plain decimal notation');
    const da = a.indexOf('.');
    const db = b.indexOf('.');
    let product =
      (da < 0 ? BigInt(a) : BigInt(a.slice(0, da) + a.slice(da + 1))) *
      (db < 0 ? BigInt(b) : BigInt(b.slice(0, db) + b.slice(db + 1)));
    const productScale = (da < 0 ? 0 : a.length - da - 1) + (db < 0 ? 0 : b.length - db - 1);
    if (productScale > scale) {
      sum *= 10n ** BigInt(productScale - scale);
      scale = productScale;
    } else if (productScale < scale) product *= 10n ** BigInt(scale - productScale);
    sum += product;
  }
  return new Decimal(scaledToString(sum.toString(), scale));
}

/** decimal.js rounds arithmetic to 20 significant digits by default; these sums must not round. */
const Exact = Decimal.clone({ precision: 1000 });

function sumDecimal(as: readonly string[], bs: readonly string[], n: number): Decimal {
  let total = new Exact(0);
  for (let i = 0; i < n; i++) total = total.add(new Exact(as[i]).mul(new Exact(bs[i])));
  return new Decimal(total.toFixed());
}

/** a + b without decimal.js's rounding to 20 significant digits (the slow path of exact sums). */
export function exactAdd(a: Decimal, b: Decimal): Decimal {
  return new Decimal(new Exact(a).add(new Exact(b)).toFixed());
}

/** a × b without decimal.js's rounding to 20 significant digits. */
export function exactMul(a: Decimal, b: Decimal): Decimal {
  return new Decimal(new Exact(a).mul(new Exact(b)).toFixed());
}

/** The decimal string of integer / 10^scale, from the integer's decimal digits. */
function scaledToString(integer: string, scale: number): string {
  if (scale === 0) return integer;
  const negative = integer.startsWith('-');
  const digits = (negative ? integer.slice(1) : integer).padStart(scale + 1, '0');
  const cut = digits.length - scale;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

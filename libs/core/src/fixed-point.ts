import { Decimal } from './decimal';

/** Powers of ten as BigInt, grown on demand (scales on the wire stay small). */
const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
}

/**
 * Σ as[i] × bs[i] for i < n, for plain decimal strings ("65340.12", "-0.5", "3"), computed exactly
 * in scaled BigInt integers and returned as one Decimal. About four times cheaper than the same sum
 * in decimal.js (no Decimal per operand), which matters on the hot path of hundreds of engines.
 * A string that is not plain positional notation (exponent form, say) makes it fall back to
 * decimal.js for the whole sum, so the result is always the exact decimal value.
 */
export function sumOfProducts(as: readonly string[], bs: readonly string[], n: number): Decimal {
  let sum = 0n;
  let scale = 0;
  try {
    for (let i = 0; i < n; i++) {
      const a = as[i];
      const b = bs[i];
      const da = a.indexOf('.');
      const db = b.indexOf('.');
      let product =
        (da < 0 ? BigInt(a) : BigInt(a.slice(0, da) + a.slice(da + 1))) *
        (db < 0 ? BigInt(b) : BigInt(b.slice(0, db) + b.slice(db + 1)));
      const productScale = (da < 0 ? 0 : a.length - da - 1) + (db < 0 ? 0 : b.length - db - 1);
      if (productScale > scale) {
        sum *= pow10(productScale - scale);
        scale = productScale;
      } else if (productScale < scale) product *= pow10(scale - productScale);
      sum += product;
    }
  } catch {
    return sumOfProductsSlow(as, bs, n);
  }
  return new Decimal(scaledToString(sum, scale));
}

function sumOfProductsSlow(as: readonly string[], bs: readonly string[], n: number): Decimal {
  let total = new Decimal(0);
  for (let i = 0; i < n; i++) total = total.add(new Decimal(as[i]).mul(new Decimal(bs[i])));
  return total;
}

/** The decimal string of value / 10^scale. */
function scaledToString(value: bigint, scale: number): string {
  if (scale === 0) return value.toString();
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const cut = digits.length - scale;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

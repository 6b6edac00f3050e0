import type { RawLevels } from '../local-order-book';
import { plainScale } from '../level-text';

/**
 * Appends levels to out as ScaledLevels numbers (price, its decimals, size, its decimals), the
 * way BookSide reads them, so the thread that mirrors the book reads no text. False, with out as
 * it was, when a text has no plain scale (exponent notation, over 15 significant digits): such an
 * update crosses as text.
 */
export function appendScaled(out: number[], levels: RawLevels): boolean {
  const start = out.length;
  for (let i = 0; i < levels.length; i++) {
    const [price, size] = levels[i];
    const priceScale = plainScale(price);
    const sizeScale = plainScale(size);
    if (priceScale < 0 || sizeScale < 0) {
      out.length = start;
      return false;
    }
    out.push(+price, priceScale, +size, sizeScale);
  }
  return true;
}

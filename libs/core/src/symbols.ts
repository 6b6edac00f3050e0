import { DomainError } from './errors';

/** The rule every symbol in a URL or config must satisfy after normalisation. */
export const SYMBOL_RULE =
  'a symbol is 2-30 ASCII letters or digits, optionally with one "-", "/" or "_" between base and quote (e.g. BTCUSDT, BTC-USDT)';

const SYMBOL_PATTERN = /^[A-Za-z0-9]{1,20}(?:[-/_]?[A-Za-z0-9]{1,20})?$/;

/** Normalises BTC-USDT, btcusdt and BTC/USDT to the exchange id BTCUSDT; throws INVALID_SYMBOL otherwise. */
export function normalizeSymbol(input: string): string {
  if (typeof input !== 'string' || input.length > 41 || !SYMBOL_PATTERN.test(input)) {
    throw new DomainError(
      'INVALID_SYMBOL',
      `invalid symbol ${JSON.stringify(String(input).slice(0, 40))}: ${SYMBOL_RULE}`,
    );
  }
  const id = input.replace(/[-/_]/g, '').toUpperCase();
  if (id.length < 2 || id.length > 30) {
    throw new DomainError(
      'INVALID_SYMBOL',
      `invalid symbol ${JSON.stringify(input)}: ${SYMBOL_RULE}`,
    );
  }
  return id;
}

import { DomainError, errorMessage } from '@flotilla/core';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean "not now" rather than "never": 57014 query_canceled (statement_timeout),
 * 55P03 lock_not_available (lock_timeout), 25P03 idle_in_transaction_session_timeout,
 * 53300 too_many_connections. A statement that hit one of them was rolled back, so re-sending it
 * is safe.
 */
const TRANSIENT_SQLSTATES = new Set(['57014', '55P03', '25P03', '53300']);

const CONNECTIVITY_MESSAGE =
  /not currently accepting connections|Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection is not established|cannot use a pool after calling end/i;

const TIMEOUT_MESSAGE = /statement timeout|Query read timeout|connection timeout|timeout exceeded/i;

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error means "the database cannot be talked to now", as opposed to a bad query. */
export function isConnectivityError(err: unknown): boolean {
  const code = errorCode(err);
  if (code && NETWORK_CODES.has(code)) return true;
  // 08xxx connection exceptions, 57P0x shutdown/terminated/idle_session_timeout.
  if (code && (code.startsWith('08') || code.startsWith('57P') || TRANSIENT_SQLSTATES.has(code))) {
    return true;
  }
  return CONNECTIVITY_MESSAGE.test(errorMessage(err));
}

/** True for a server statement timeout (57014) or a client-side query or connect timeout. */
export function isTimeoutError(err: unknown): boolean {
  const code = errorCode(err);
  if (code === '57014' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return true;
  return TIMEOUT_MESSAGE.test(errorMessage(err));
}

/** Maps connectivity failures to REGISTRY_UNAVAILABLE naming the store; leaves other errors as they are. */
export function translatePgError(err: unknown, store: string): unknown {
  if (err instanceof DomainError) return err;
  if (!isConnectivityError(err)) return err;
  return new DomainError(
    'REGISTRY_UNAVAILABLE',
    `PostgreSQL ${store} unavailable: ${errorMessage(err)}`,
  );
}

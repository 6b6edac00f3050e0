import { DomainError } from '@flotilla/core';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error means "the database cannot be talked to now", as opposed to a bad query. */
export function isConnectivityError(err: unknown): boolean {
  const code = errorCode(err);
  if (code && NETWORK_CODES.has(code)) return true;
  // 08xxx connection exceptions, 57P0x shutdown/terminated, 53300 too many connections.
  if (code && (code.startsWith('08') || code.startsWith('57P') || code === '53300')) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /not currently accepting connections|Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection is not established|cannot use a pool after calling end/i.test(
    message,
  );
}

/** Maps connectivity failures to REGISTRY_UNAVAILABLE naming the store; leaves other errors as they are. */
export function translatePgError(err: unknown, store: string): unknown {
  if (err instanceof DomainError) return err;
  if (!isConnectivityError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DomainError('REGISTRY_UNAVAILABLE', `PostgreSQL ${store} unavailable: ${message}`);
}

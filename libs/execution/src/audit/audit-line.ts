import { isoUtc } from '@flotilla/core';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditValue,
  type StoredAuditEntry,
} from '../contracts';

/** Fleet-wide entries (symbol null) go to this file. */
export const FLEET_AUDIT_FILE = '_fleet.jsonl';
/** A symbol that cannot be a file name (never expected: symbols are normalised) lands here. */
export const OTHER_AUDIT_FILE = '_other.jsonl';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The file of the audit directory that holds this symbol's entries. */
export function auditFileName(symbol: string | null): string {
  if (symbol === null) return FLEET_AUDIT_FILE;
  return SAFE_NAME.test(symbol) ? `${symbol}.jsonl` : OTHER_AUDIT_FILE;
}

/**
 * One entry as one JSON line: JSON.stringify escapes quotes, newlines and control characters (and
 * lone surrogates), so whatever a detail holds, the line holds no raw newline.
 */
export function toAuditLine(e: StoredAuditEntry): string {
  return `${JSON.stringify({
    seq: e.seq,
    at: isoUtc(e.atMs),
    atMs: e.atMs,
    symbol: e.symbol,
    action: e.action,
    traceId: e.traceId,
    actor: e.actor,
    requestId: e.requestId,
    details: e.details,
  })}\n`;
}

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Parses one line back; null for anything that is not a whole, well-formed entry (a torn write). */
export function parseAuditLine(line: string): StoredAuditEntry | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(raw)) return null;
  const { seq, atMs, symbol, action, traceId, actor, requestId, details } = raw;
  if (typeof seq !== 'number' || typeof atMs !== 'number' || !Number.isFinite(atMs)) return null;
  if (typeof action !== 'string' || !KNOWN_ACTIONS.has(action)) return null;
  if (typeof actor !== 'string' || !isObject(details)) return null;
  if (!isStringOrNull(symbol) || !isStringOrNull(traceId) || !isStringOrNull(requestId)) {
    return null;
  }
  return {
    seq,
    atMs,
    symbol,
    action: action as AuditAction,
    traceId,
    actor,
    requestId,
    details: details as Record<string, AuditValue>,
  };
}

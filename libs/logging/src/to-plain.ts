import { Decimal } from '@flotilla/core';
import { REDACTED, Redactor } from './redactor';

const MAX_DEPTH = 8;
const MAX_ITEMS = 200;

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/**
 * Turns any value into plain JSON data, scrubbing secrets on the way: circular references,
 * Errors, Decimals, bigints, Maps and throwing getters all become something JSON.stringify
 * can write on one line.
 */
export function toPlain(value: unknown, redactor: Redactor): Plain | undefined {
  return convert(value, redactor, new WeakSet<object>(), 0);
}

function convert(
  value: unknown,
  redactor: Redactor,
  seen: WeakSet<object>,
  depth: number,
): Plain | undefined {
  switch (typeof value) {
    case 'string':
      return redactor.scrub(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'undefined':
    case 'function':
      return undefined;
    case 'object':
      return value === null ? null : convertObject(value, redactor, seen, depth);
  }
}

function convertObject(
  value: object,
  redactor: Redactor,
  seen: WeakSet<object>,
  depth: number,
): Plain {
  if (Decimal.isDecimal(value)) return value.toFixed();
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) return convertError(value, redactor, seen, depth);
    if (Array.isArray(value)) return convertList(value, redactor, seen, depth);
    if (value instanceof Set) return convertList([...value], redactor, seen, depth);
    if (value instanceof Map) return convertEntries([...value.entries()], redactor, seen, depth);
    return convertEntries(safeEntries(value), redactor, seen, depth);
  } finally {
    // Only ancestors count as circular; the same object twice side by side is fine.
    seen.delete(value);
  }
}

function convertError(error: Error, redactor: Redactor, seen: WeakSet<object>, depth: number) {
  const out: { [key: string]: Plain } = {
    name: redactor.scrub(String(error.name)),
    message: redactor.scrub(String(error.message)),
  };
  if (typeof error.stack === 'string') out.stack = redactor.scrub(error.stack);
  const extra = convertEntries(safeEntries(error), redactor, seen, depth);
  for (const [k, v] of Object.entries(extra)) if (!(k in out)) out[k] = v;
  if (error.cause !== undefined) {
    const cause = convert(error.cause, redactor, seen, depth + 1);
    if (cause !== undefined) out.cause = cause;
  }
  return out;
}

function convertList(items: unknown[], redactor: Redactor, seen: WeakSet<object>, depth: number) {
  const out: Plain[] = [];
  for (const item of items.slice(0, MAX_ITEMS)) {
    out.push(convert(item, redactor, seen, depth + 1) ?? null);
  }
  if (items.length > MAX_ITEMS) out.push(`[${items.length - MAX_ITEMS} more]`);
  return out;
}

function convertEntries(
  entries: [unknown, unknown][],
  redactor: Redactor,
  seen: WeakSet<object>,
  depth: number,
): { [key: string]: Plain } {
  // No prototype, so a "__proto__" key is data, not a prototype swap.
  const out = Object.create(null) as { [key: string]: Plain };
  for (const [rawKey, raw] of entries.slice(0, MAX_ITEMS)) {
    const key = redactor.scrub(String(rawKey));
    if (redactor.isSecretKey(key)) {
      out[key] = REDACTED;
      continue;
    }
    const v = convert(raw, redactor, seen, depth + 1);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function safeEntries(value: object): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(value)) {
    try {
      entries.push([key, (value as Record<string, unknown>)[key]]);
    } catch {
      entries.push([key, '[Unreadable]']);
    }
  }
  return entries;
}

import { hostname } from 'node:os';
import { isoUtc, type LogFields } from '@flotilla/core';
import type { LogLevel } from './levels';
import type { Redactor } from './redactor';
import { Plain, toPlain } from './to-plain';
import { currentTraceId } from './trace-context';

const RESERVED = new Set(['ts', 'level', 'pid', 'host', 'msg']);
/** Which process wrote a line, so lines of several replicas or restarts can be told apart. */
const PID = process.pid;
const HOST = hostname();

/** One log line: a JSON object serialised by JSON.stringify, never by a string template. */
export function formatLine(
  redactor: Redactor,
  nowMs: number,
  level: LogLevel,
  symbol: string | undefined,
  msg: unknown,
  fields: LogFields | undefined,
): string {
  const record: Record<string, Plain> = { ts: isoUtc(nowMs), level, pid: PID, host: HOST };
  if (symbol) record.symbol = symbol;
  const text = toPlain(msg, redactor);
  record.msg = typeof text === 'string' ? text : JSON.stringify(text ?? '');
  // The HTTP request's X-Request-Id (or a supervisor action's id): one name everywhere.
  const requestId = currentTraceId();
  if (requestId) record.requestId = requestId;
  if (fields !== undefined && fields !== null) {
    const plain = toPlain(fields, redactor);
    if (fields instanceof Error || typeof plain !== 'object' || Array.isArray(plain)) {
      record.fields = plain ?? null;
    } else if (plain !== null) {
      for (const [key, value] of Object.entries(plain)) {
        // An engine's own symbol is authoritative; the orchestrator may name one in fields.
        const taken = RESERVED.has(key) || (key === 'symbol' && symbol !== undefined);
        record[taken ? `field.${key}` : key] = value;
      }
    }
  }
  try {
    return JSON.stringify(record);
  } catch (err) {
    return JSON.stringify({
      ts: record.ts,
      level,
      pid: PID,
      host: HOST,
      msg: 'log line could not be serialised',
      error: String(err),
    });
  }
}

import type { LogFields, StructuredLogger } from '@flotilla/core';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * The supervisor's lines go to the orchestrator's log and, when they name an engine (a `symbol`
 * field), to that engine's own file as well: an operator reading one engine's file sees why it was
 * killed, rescheduled or given up on, next to its own transitions.
 */
export function supervisorLogger(
  root: StructuredLogger,
  engineLog: (symbol: string) => StructuredLogger,
): StructuredLogger {
  const copy = (level: Level, msg: string, fields: LogFields | undefined) => {
    root[level](msg, fields);
    const symbol = fields?.symbol;
    if (typeof symbol !== 'string') return;
    const { symbol: _own, ...rest } = fields ?? {};
    let engine: StructuredLogger;
    try {
      engine = engineLog(symbol);
    } catch {
      return; // not a valid symbol: the orchestrator's line is all there is
    }
    engine[level](msg, { ...rest, source: 'supervisor' });
  };
  return {
    debug: (msg, fields) => copy('debug', msg, fields),
    info: (msg, fields) => copy('info', msg, fields),
    warn: (msg, fields) => copy('warn', msg, fields),
    error: (msg, fields) => copy('error', msg, fields),
  };
}

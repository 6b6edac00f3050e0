import type { LoggerService } from '@nestjs/common';
import type { LogFields } from '@flotilla/core';
import type { LogLevel } from './levels';

export type WriteFn = (level: LogLevel, msg: string, fields: LogFields) => void;

const STACK_LIKE = /\n\s+at /;

/** Nest's LoggerService signature, writing structured lines into the orchestrator JSONL. */
export function createNestLogger(write: WriteFn): LoggerService {
  const emit = (level: LogLevel, message: unknown, params: unknown[], extra: LogFields = {}) => {
    const rest = [...params];
    const fields: LogFields = { ...extra };
    const last = rest[rest.length - 1];
    if (typeof last === 'string' && !STACK_LIKE.test(last)) {
      fields.context = last;
      rest.pop();
    }
    const stackAt = rest.findIndex((p) => typeof p === 'string' && STACK_LIKE.test(p));
    if (stackAt >= 0) fields.stack = rest.splice(stackAt, 1)[0];
    if (rest.length > 0) fields.params = rest;
    write(level, messageOf(message, fields), fields);
  };
  return {
    log: (message: unknown, ...params: unknown[]) => emit('info', message, params),
    error: (message: unknown, ...params: unknown[]) => emit('error', message, params),
    warn: (message: unknown, ...params: unknown[]) => emit('warn', message, params),
    debug: (message: unknown, ...params: unknown[]) => emit('debug', message, params),
    verbose: (message: unknown, ...params: unknown[]) => emit('debug', message, params),
    fatal: (message: unknown, ...params: unknown[]) =>
      emit('error', message, params, { fatal: true }),
  };
}

function messageOf(message: unknown, fields: LogFields): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) {
    fields.err = message;
    return message.message;
  }
  if (typeof message === 'object' && message !== null) {
    fields.data = message;
    const inner = (message as { message?: unknown }).message;
    return typeof inner === 'string' ? inner : 'nest';
  }
  return String(message);
}

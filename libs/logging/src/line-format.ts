import * as winston from 'winston';

/** The pre-serialised JSON line travels under this key; the format only copies it. */
export const LINE = Symbol('flotilla.line');
const MESSAGE = Symbol.for('message');

export const lineFormat = winston.format((info) => {
  (info as Record<symbol, unknown>)[MESSAGE] = (info as Record<symbol, unknown>)[LINE];
  return info;
});

export * from './logging';
export * from './levels';
export * from './trace-context';
export { Redactor, REDACTED, SECRET_KEY_PATTERN } from './redactor';
export { toPlain } from './to-plain';
export type { Plain } from './to-plain';
export { resolveStdoutFormat } from './stdout-format';
export type { StdoutFormat } from './stdout-format';

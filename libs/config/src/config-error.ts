import { DomainError } from '@flotilla/core';
import { maskDatabaseUrl } from './database-url';
import { maskWebhookUrl } from './webhook-url';

export interface ConfigProblem {
  path: string;
  value: unknown;
  rule: string;
  source: string;
}

const SECRET_PATHS = new Set(['apiToken', 'exchange.apiKey', 'exchange.apiSecret']);
// Also catches misspelt secret keys (exchange.apiSecert), whose values are still secrets.
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authori[sz]ation|cookie/i;

/** How a config value may be shown to a human: secrets never, URL passwords masked. */
export function displayValue(path: string, value: unknown): string {
  if (value === undefined) return 'undefined';
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (SECRET_PATHS.has(path) || path.startsWith('exchange.') || SECRET_KEY.test(key)) {
    return '<redacted>';
  }
  if (path === 'databaseUrl') {
    return typeof value === 'string' ? JSON.stringify(maskDatabaseUrl(value)) : '<redacted>';
  }
  if (path === 'alertWebhookUrl') {
    return typeof value === 'string' ? JSON.stringify(maskWebhookUrl(value)) : '<redacted>';
  }
  let text: string;
  try {
    // undefined, functions and symbols stringify to undefined; cycles throw.
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = `<${typeof value}>`;
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function formatProblem(p: ConfigProblem): string {
  return `config: ${p.path} = ${displayValue(p.path, p.value)}: ${p.rule} (from ${p.source})`;
}

/** Boot stops on this; the message lists every problem, one per line. */
export class ConfigError extends DomainError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      'INVALID_CONFIG',
      problems.length === 1
        ? formatProblem(problems[0])
        : `config: ${problems.length} problems\n${problems.map(formatProblem).join('\n')}`,
    );
  }
}

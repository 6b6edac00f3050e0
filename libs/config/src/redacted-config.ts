import type { FlotillaConfig } from './schema';

const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/i;
const mask = (v: string | undefined) => (v === undefined ? undefined : '<redacted>');

/** A copy safe to print or return over HTTP: tokens and keys hidden, URL passwords masked. */
export function redactedConfig(cfg: FlotillaConfig): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(cfg)) as Record<string, unknown> & {
    exchange?: { apiKey?: string; apiSecret?: string };
  };
  copy.apiToken = mask(cfg.apiToken);
  copy.databaseUrl = cfg.databaseUrl?.replace(URL_PASSWORD, '$1:<redacted>@');
  copy.exchange = { apiKey: mask(cfg.exchange?.apiKey), apiSecret: mask(cfg.exchange?.apiSecret) };
  return copy;
}

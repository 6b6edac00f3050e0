import { maskDatabaseUrl } from './database-url';
import { maskWebhookUrl } from './webhook-url';
import type { FlotillaConfig } from './schema';

const mask = (v: string | undefined) => (v === undefined ? undefined : '<redacted>');

/** A copy safe to print or return over HTTP: tokens and keys hidden, URL passwords masked. */
export function redactedConfig(cfg: FlotillaConfig): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(cfg)) as Record<string, unknown> & {
    exchange?: { apiKey?: string; apiSecret?: string };
  };
  copy.apiToken = mask(cfg.apiToken);
  copy.databaseUrl = cfg.databaseUrl === undefined ? undefined : maskDatabaseUrl(cfg.databaseUrl);
  copy.alertWebhookUrl =
    cfg.alertWebhookUrl === undefined ? undefined : maskWebhookUrl(cfg.alertWebhookUrl);
  copy.exchange = { apiKey: mask(cfg.exchange?.apiKey), apiSecret: mask(cfg.exchange?.apiSecret) };
  return copy;
}

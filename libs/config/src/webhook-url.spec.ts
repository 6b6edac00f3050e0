import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { redactedConfig } from './redacted-config';
import { maskWebhookUrl, webhookUrlSecrets } from './webhook-url';

const MARKER = 'Hk9s3cretWq';

function boot(url: string): { config?: ReturnType<typeof loadConfig>; error?: string } {
  try {
    return { config: loadConfig({ file: false, env: { ALERT_WEBHOOK_URL: url } }) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { error: err.message };
  }
}

describe('ALERT_WEBHOOK_URL', () => {
  it('is optional and read from the environment as an http(s) URL', () => {
    expect(loadConfig({ file: false, env: {} }).alertWebhookUrl).toBeUndefined();
    expect(boot('http://127.0.0.1:9093/hook').config?.alertWebhookUrl).toBe(
      'http://127.0.0.1:9093/hook',
    );
    expect(boot('https://hooks.example.com/T0/B0').config?.alertWebhookUrl).toBe(
      'https://hooks.example.com/T0/B0',
    );
  });

  it.each(['ftp://hooks.example.com/x', 'not a url', 'ws://hooks.example.com'])(
    'refuses %s naming the key and the rule',
    (url) => {
      expect(boot(url).error).toMatch(
        /alertWebhookUrl = .*: must be an http\(s\) URL \(from env ALERT_WEBHOOK_URL\)/,
      );
    },
  );

  it('never shows credentials: masked in the redacted config and in a boot error', () => {
    const withUser = `https://ops:${MARKER}@hooks.example.com/alert?key=${MARKER}`;
    const shown = JSON.stringify(redactedConfig(boot(withUser).config!));
    expect(shown).not.toContain(MARKER);
    expect(shown).toContain('https://ops:<redacted>@hooks.example.com/alert?<redacted>');
    const bad = boot(`ftp://ops:${MARKER}@hooks.example.com/x`).error ?? '';
    expect(bad).toContain('alertWebhookUrl');
    expect(bad).not.toContain(MARKER);
  });

  it('a URL without credentials is shown as is', () => {
    expect(maskWebhookUrl('http://127.0.0.1:9093/hook')).toBe('http://127.0.0.1:9093/hook');
    expect(maskWebhookUrl('::')).toBe('<not shown: not a parseable URL>');
  });

  it('gives the logs every form of its secret: the URL, the password (raw and decoded) and the query', () => {
    const url = `https://ops:${encodeURIComponent(`${MARKER}/x`)}@h.example.com/a?key=${MARKER}`;
    expect(webhookUrlSecrets(url)).toEqual(
      expect.arrayContaining([url, `${MARKER}%2Fx`, `${MARKER}/x`, `key=${MARKER}`]),
    );
    expect(webhookUrlSecrets(undefined)).toEqual([]);
  });
});

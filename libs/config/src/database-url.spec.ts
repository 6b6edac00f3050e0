import { ConfigError } from './config-error';
import { databaseUrlSecrets, maskDatabaseUrl } from './database-url';
import { loadConfig } from './load-config';
import { redactedConfig } from './redacted-config';

const MARKER = 'Mk7s3cretZq';
const TRICKY = 'Mk7/s3c#ret@Zq';

/** Every form an operator might paste, valid or not; each carries the marker as its password. */
const FORMS: Array<[string, string, string]> = [
  ['postgres URL', `postgres://flotilla:${MARKER}@db:5432/flotilla`, MARKER],
  ['postgresql URL', `postgresql://flotilla:${MARKER}@db/flotilla`, MARKER],
  ['keyword form', `host=db user=flotilla password=${MARKER} dbname=flotilla`, MARKER],
  ['quoted keyword form', `host=db password='${MARKER} x' dbname=f`, `${MARKER} x`],
  ['URL-encoded password', `postgres://flotilla:${encodeURIComponent(TRICKY)}@db/f`, TRICKY],
  ['port out of range', `postgres://flotilla:${MARKER}@db:99999/flotilla`, MARKER],
  ['space in password', `postgres://flotilla:${MARKER} x@db/flotilla`, `${MARKER} x`],
  ['unencoded @ in password', `postgres://flotilla:p@${MARKER}@db/flotilla`, `p@${MARKER}`],
  ['query password', `postgres://flotilla@db/flotilla?sslmode=require&password=${MARKER}`, MARKER],
  ['wrong scheme', `mysql://flotilla:${MARKER}@db/flotilla`, MARKER],
  ['no scheme', `flotilla:${MARKER}@db:5432/flotilla`, MARKER],
];

function leaks(text: string, secret: string): boolean {
  return [secret, encodeURIComponent(secret), MARKER].some((s) => text.includes(s));
}

/** The boot error if loading fails, else the redacted config as an operator would see it. */
function shownAtBoot(url: string): string {
  try {
    const cfg = loadConfig({ file: false, env: { REGISTRY: 'postgres', DATABASE_URL: url } });
    return JSON.stringify(redactedConfig(cfg));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

describe('DATABASE_URL never shows its password', () => {
  it.each(FORMS)('%s: not in the boot error nor in the redacted config', (_name, url, secret) => {
    const shown = shownAtBoot(url);
    expect(shown).toContain('databaseUrl');
    expect({ shown, leaks: leaks(shown, secret) }).toEqual({ shown, leaks: false });
  });

  it.each(FORMS)('%s: the secrets cover every occurrence of the password', (_name, url, secret) => {
    let text = `failed: ${url} (password ${secret}, ${decodeURIComponent(encodeURIComponent(secret))})`;
    for (const s of databaseUrlSecrets(url).sort((a, b) => b.length - a.length)) {
      text = text.split(s).join('[REDACTED]');
    }
    expect({ text, leaks: leaks(text, secret) }).toEqual({ text, leaks: false });
  });

  it('keeps what an operator needs to find the database', () => {
    expect(maskDatabaseUrl('postgres://flotilla:pw@db.internal:6432/fleet?sslmode=require')).toBe(
      'postgres://flotilla:<redacted>@db.internal:6432/fleet?<redacted>',
    );
    expect(maskDatabaseUrl('postgres://db/fleet')).toBe('postgres://db/fleet');
    expect(maskDatabaseUrl('host=db password=x')).toBe('<not shown: not a parseable URL>');
  });
});

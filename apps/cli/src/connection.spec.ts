import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_DEFAULTS } from '@flotilla/config';
import { ENGINE_STATES } from '@flotilla/engine';
import { ENGINE_STATES as CLI_STATES } from './commands/context';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, displayUrl, resolveConnection } from './connection';
import { CliError, EXIT } from './exit-codes';

describe('resolveConnection', () => {
  let cwd: string;

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'flotilla-cli-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('agrees with the service on its defaults and its engine states', () => {
    expect(DEFAULT_PORT).toBe(CONFIG_DEFAULTS.port);
    expect(DEFAULT_DATA_DIR).toBe(CONFIG_DEFAULTS.dataDir);
    expect([...CLI_STATES]).toEqual([...ENGINE_STATES]);
  });

  it('takes the URL from --url, then FLOTILLA_URL, then 127.0.0.1 on PORT or 3000', () => {
    const url = (flags: { url?: string }, env: Record<string, string>) =>
      resolveConnection(flags, env, cwd).baseUrl.href;
    expect(url({ url: 'http://a:1' }, { FLOTILLA_URL: 'http://b:2' })).toBe('http://a:1/');
    expect(url({}, { FLOTILLA_URL: 'http://b:2', PORT: '9' })).toBe('http://b:2/');
    expect(url({}, { PORT: '9' })).toBe('http://127.0.0.1:9/');
    expect(url({}, {})).toBe('http://127.0.0.1:3000/');
  });

  it('takes the token from --token, then API_TOKEN, then DATA_DIR/api-token (default ./data)', () => {
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'api-token'), 'from-default-data-dir\n');
    mkdirSync(join(cwd, 'other'));
    writeFileSync(join(cwd, 'other', 'api-token'), 'from-other-dir\n');
    const token = (flags: { token?: string }, env: Record<string, string>) =>
      resolveConnection(flags, env, cwd).token;
    expect(token({ token: 'flag' }, { API_TOKEN: 'env' })).toBe('flag');
    expect(token({}, { API_TOKEN: 'env', DATA_DIR: 'other' })).toBe('env');
    expect(token({}, { DATA_DIR: 'other' })).toBe('from-other-dir');
    expect(token({}, { DATA_DIR: join(cwd, 'other') })).toBe('from-other-dir');
    expect(token({}, {})).toBe('from-default-data-dir');
    expect(token({}, { DATA_DIR: 'missing' })).toBeUndefined();
  });

  it('refuses a URL that is not http(s), and names an unreadable token file', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return [(err as CliError).exitCode, (err as Error).message];
      }
      return 'accepted';
    };
    expect(code(() => resolveConnection({ url: 'nope' }, {}, cwd))).toEqual([
      EXIT.usage,
      expect.stringMatching(/"nope" is not a URL/),
    ]);
    expect(code(() => resolveConnection({ url: 'ftp://h' }, {}, cwd))[0]).toBe(EXIT.usage);
    mkdirSync(join(cwd, 'data', 'api-token'), { recursive: true });
    chmodSync(join(cwd, 'data'), 0o700);
    expect(code(() => resolveConnection({}, {}, cwd))).toEqual([
      EXIT.error,
      expect.stringMatching(/cannot read the API token from .*api-token \(EISDIR\)/),
    ]);
  });

  it('shows a URL without the credentials in it', () => {
    expect(displayUrl(new URL('http://user:pass@h:1/base'))).toBe('http://h:1/base');
    expect(displayUrl(new URL('http://h:1/'))).toBe('http://h:1');
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT, usageError } from './exit-codes';

/** The service's defaults (libs/config DEFAULTS: port 3000, dataDir ./data); a spec checks they agree. */
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = './data';

export interface Connection {
  readonly baseUrl: URL;
  readonly token: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (s: string | undefined) =>
  s === undefined || s.trim() === '' ? undefined : s.trim();

/**
 * URL: --url, FLOTILLA_URL, else http://127.0.0.1:$PORT. Token: --token, API_TOKEN, else the file
 * the service writes on its first start, $DATA_DIR/api-token (relative to cwd, like the service).
 */
export function resolveConnection(
  flags: { url?: string; token?: string },
  env: Env,
  cwd: string,
): Connection {
  const text =
    nonEmpty(flags.url) ??
    nonEmpty(env.FLOTILLA_URL) ??
    `http://127.0.0.1:${nonEmpty(env.PORT) ?? DEFAULT_PORT}`;
  let baseUrl: URL;
  try {
    baseUrl = new URL(text);
  } catch {
    throw usageError(`"${text}" is not a URL (e.g. http://127.0.0.1:3000)`);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
    throw usageError(`the service URL must be http:// or https://, not ${baseUrl.protocol}`);
  }
  const token = nonEmpty(flags.token) ?? nonEmpty(env.API_TOKEN) ?? tokenFile(env, cwd);
  return { baseUrl, token };
}

function tokenFile(env: Env, cwd: string): string | undefined {
  const file = resolve(cwd, nonEmpty(env.DATA_DIR) ?? DEFAULT_DATA_DIR, 'api-token');
  try {
    return nonEmpty(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CliError(EXIT.error, `cannot read the API token from ${file} (${code ?? 'error'})`);
  }
}

/** What to show of the URL in messages: never credentials in it. */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
}

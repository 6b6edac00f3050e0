const MASK = '<redacted>';
// Everything between the scheme (if any) and the last '@' is user info, even when the password
// holds an unencoded '@', '/' or '#' (which a URL parser would split elsewhere).
const USER_INFO = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(.*)@/is;
// libpq keyword form (host=db password=x) and the query form (?password=x), quoted or not.
const PASSWORD_PARAM = /password\s*=\s*('(?:[^'\\]|\\.)*'|"[^"]*"|[^&\s]+)/gi;
const MIN_SECRET_LENGTH = 4;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Every form in which a DATABASE_URL's secret could reach a message: the whole value, its
 * password as written and URL-decoded, and password= parameters (keyword or query form).
 * Logging masks all of them wherever they appear.
 */
export function databaseUrlSecrets(raw: string | undefined): string[] {
  if (typeof raw !== 'string' || raw.trim() === '') return [];
  const found = new Set<string>([raw, raw.trim()]);
  const userInfo = USER_INFO.exec(raw.trim())?.[1];
  if (userInfo?.includes(':')) {
    const password = userInfo.slice(userInfo.indexOf(':') + 1);
    found.add(password).add(decoded(password));
  }
  for (const match of raw.matchAll(PASSWORD_PARAM)) {
    const value = match[1].replace(/^['"]|['"]$/g, '');
    found.add(match[1]).add(value).add(decoded(value));
  }
  return [...found].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/**
 * What of a DATABASE_URL may be shown: scheme, user, host, port and database, never the password
 * nor the query (which may carry one). A value the URL parser rejects is not shown at all.
 */
export function maskDatabaseUrl(raw: string): string {
  let url: URL;
  try {
    // Without '//' the parser reads "user:password@host" as a scheme and a path.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim())) throw new TypeError('no scheme://');
    url = new URL(raw.trim());
  } catch {
    return '<not shown: not a parseable URL>';
  }
  const user = url.username ? `${url.username}${url.password ? `:${MASK}` : ''}@` : '';
  const query = url.search ? `?${MASK}` : '';
  return `${url.protocol}//${user}${url.host}${url.pathname}${query}`;
}

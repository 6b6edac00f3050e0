const MASK = '<redacted>';
const MIN_SECRET_LENGTH = 4;

function parse(raw: string): URL | null {
  try {
    return new URL(raw.trim());
  } catch {
    return null;
  }
}

/**
 * ALERT_WEBHOOK_URL as it may be shown: scheme, host and path; a password in the user info and
 * the whole query (hooks often carry a key there) are masked. An unparseable value is not shown.
 */
export function maskWebhookUrl(raw: string): string {
  const url = parse(raw);
  if (url === null) return '<not shown: not a parseable URL>';
  const user = url.username ? `${url.username}${url.password ? `:${MASK}` : ''}@` : '';
  const query = url.search ? `?${MASK}` : '';
  return `${url.protocol}//${user}${url.host}${url.pathname}${query}`;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The parts of ALERT_WEBHOOK_URL the logs mask wherever they appear: the URL itself, its password and query. */
export function webhookUrlSecrets(raw: string | undefined): string[] {
  if (typeof raw !== 'string' || raw.trim() === '') return [];
  const found = new Set<string>([raw.trim()]);
  const url = parse(raw);
  if (url?.password) found.add(url.password).add(decoded(url.password));
  if (url?.search) found.add(url.search.slice(1));
  return [...found].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

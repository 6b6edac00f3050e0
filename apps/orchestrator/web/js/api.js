// HTTP to the orchestrator: the bearer token on every call, never in a URL.
const TOKEN_KEY = 'flotilla.apiToken';

export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** Raised when the server refuses the token; the app then asks for it again. */
export class Unauthorized extends Error {}

/**
 * fetch with the token; resolves to { status, ok, body } whatever the status (the caller shows
 * the server's answer), rejects with Unauthorized on 401 and with the network error otherwise.
 */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (res.status === 401) throw new Unauthorized(messageOf(parsed) ?? 'unauthorized');
  return { status: res.status, ok: res.ok, body: parsed };
}

export function messageOf(body) {
  if (body && typeof body === 'object' && 'message' in body) {
    const m = body.message;
    return Array.isArray(m) ? m.join('; ') : String(m);
  }
  return typeof body === 'string' && body ? body : null;
}

/** One line an operator reads: the status code and what the server said. */
export function describeAnswer({ status, ok, body }) {
  if (!ok) return `${status}: ${messageOf(body) ?? 'refused'}`;
  if (body && typeof body === 'object') {
    if ('symbol' in body && 'status' in body) return `${status}: ${body.symbol} is ${body.status}`;
    if ('engaged' in body) {
      const flat = body.flatten
        ? `, flattened ${body.flattened.length}, failed ${body.failed.length}`
        : '';
      return `${status}: kill switch ${body.engaged ? 'engaged' : 'released'}${flat}`;
    }
  }
  return `${status}: ok`;
}

import { CliError, EXIT, type ExitCode } from './exit-codes';
import { displayUrl } from './connection';

export const REQUEST_TIMEOUT_MS = 10_000;

type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

function exitCodeOf(status: number): ExitCode {
  if (status === 400) return EXIT.usage;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  return EXIT.error;
}

/** The service's JSON API over Node's fetch; every failure becomes a CliError with its exit code. */
export class ApiClient {
  constructor(
    readonly baseUrl: URL,
    private readonly token: string | undefined,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.baseUrl.href.replace(/\/?$/, '/'));
    for (const [key, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      text = await res.text();
    } catch (err) {
      throw this.unreachable(err);
    }
    const body = parseJson(text);
    if (res.ok && body !== undefined) return body as T;
    if (res.ok)
      throw new CliError(EXIT.error, `${this.where()} answered ${res.status} with no JSON`);
    throw this.refusal(res.status, body, text);
  }

  private where(): string {
    return displayUrl(this.baseUrl);
  }

  private unreachable(err: unknown): CliError {
    const e = err as { name?: string; cause?: { code?: string; name?: string } };
    if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') {
      return new CliError(
        EXIT.unreachable,
        `no answer from ${this.where()} within ${this.timeoutMs / 1000}s`,
      );
    }
    const code = e.cause?.code;
    const why =
      code === undefined
        ? 'the request failed'
        : NETWORK_CAUSES[code]
          ? `${NETWORK_CAUSES[code]} (${code})`
          : code;
    return new CliError(EXIT.unreachable, `cannot reach ${this.where()}: ${why}`);
  }

  private refusal(status: number, body: unknown, text: string): CliError {
    const said = (body as { message?: unknown } | undefined)?.message;
    const message =
      typeof said === 'string'
        ? said
        : Array.isArray(said)
          ? said.map(String).join('; ')
          : text.trim().slice(0, 200) || 'no message';
    const hint =
      status === 401
        ? " (pass --token, set API_TOKEN, or set DATA_DIR to the service's data directory)"
        : '';
    return new CliError(exitCodeOf(status), `${message}${hint} (HTTP ${status})`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

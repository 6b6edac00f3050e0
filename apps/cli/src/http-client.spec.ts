import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError, EXIT } from './exit-codes';
import { ApiClient } from './http-client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server whose answer each test sets; closed after the suite. */
describe('ApiClient', () => {
  let server: Server;
  let base: URL;
  let handler: Handler;
  const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        handler(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix`);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const answer =
    (status: number, body: string): Handler =>
    (_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body);
    };

  async function failure(client: ApiClient, path = '/engines/status'): Promise<[number, string]> {
    try {
      await client.get(path);
    } catch (err) {
      expect(err).toBeInstanceOf(CliError);
      return [(err as CliError).exitCode, (err as CliError).message];
    }
    throw new Error('answered');
  }

  it('sends the bearer token, the query and a JSON body under the base path', async () => {
    handler = answer(200, '{"ok":true}');
    const client = new ApiClient(base, 'tok-1234567890abcdef');
    await expect(
      client.get('/trading/audit', { symbol: 'BTCUSDT', since: undefined, limit: 5 }),
    ).resolves.toEqual({ ok: true });
    await expect(client.post('/trading/kill-switch', { engaged: true })).resolves.toEqual({
      ok: true,
    });
    expect(seen.slice(-2)).toEqual([
      {
        method: 'GET',
        url: '/prefix/trading/audit?symbol=BTCUSDT&limit=5',
        auth: 'Bearer tok-1234567890abcdef',
        body: '',
      },
      {
        method: 'POST',
        url: '/prefix/trading/kill-switch',
        auth: 'Bearer tok-1234567890abcdef',
        body: '{"engaged":true}',
      },
    ]);
    await new ApiClient(base, undefined).get('/engines/status');
    expect(seen.at(-1)?.auth).toBeUndefined();
  });

  it.each([
    [400, EXIT.usage],
    [401, EXIT.error],
    [404, EXIT.notFound],
    [409, EXIT.conflict],
    [429, EXIT.error],
    [500, EXIT.error],
    [503, EXIT.error],
  ])('maps HTTP %i to exit %i with the service message', async (status, code) => {
    handler = answer(status, JSON.stringify({ statusCode: status, message: 'what went wrong' }));
    const [exit, message] = await failure(new ApiClient(base, 'tok'));
    expect(exit).toBe(code);
    expect(message).toMatch(new RegExp(`^what went wrong.* \\(HTTP ${status}\\)$`));
  });

  it('joins a list of messages, and quotes an answer that is not JSON', async () => {
    handler = answer(400, JSON.stringify({ message: ['a is bad', 'b is bad'] }));
    expect(await failure(new ApiClient(base, 'tok'))).toEqual([
      EXIT.usage,
      'a is bad; b is bad (HTTP 400)',
    ]);
    handler = (_req, res) => res.writeHead(502).end('<html>Bad Gateway</html>');
    expect(await failure(new ApiClient(base, 'tok'))).toEqual([
      EXIT.error,
      '<html>Bad Gateway</html> (HTTP 502)',
    ]);
    handler = answer(200, 'not json');
    expect((await failure(new ApiClient(base, 'tok')))[0]).toBe(EXIT.error);
  });

  it('is unreachable (exit 5) when the service never answers within the timeout', async () => {
    handler = () => undefined;
    const [exit, message] = await failure(new ApiClient(base, 'tok', 200));
    expect(exit).toBe(EXIT.unreachable);
    expect(message).toBe(`no answer from ${base.origin}/prefix within 0.2s`);
  });
});

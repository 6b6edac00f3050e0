import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  atMs: number;
  method: string;
  headers: IncomingHttpHeaders;
  /** The raw body as sent. */
  text: string;
  status: number;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every request, answered or not, in arrival order. */
  readonly calls: ReceivedCall[];
  /** Bodies of the requests answered 2xx, parsed. */
  accepted(): unknown[];
  close(): Promise<void>;
}

/**
 * An alert receiver on 127.0.0.1:0 answering each request with the next status of `script`, then
 * `fallback`; the test that starts it closes it.
 */
export async function startWebhookReceiver(
  script: number[] = [],
  fallback = 200,
): Promise<WebhookReceiver> {
  const statuses = [...script];
  const calls: ReceivedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = statuses.shift() ?? fallback;
      const text = Buffer.concat(chunks).toString('utf8');
      calls.push({
        atMs: performance.now(),
        method: req.method ?? '',
        headers: req.headers,
        text,
        status,
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    calls,
    accepted: () => calls.filter((c) => c.status < 300).map((c) => JSON.parse(c.text) as unknown),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An HTTP proxy on a loopback port in front of the simulator's REST API, counting requests by path. */
export interface CountingProxy {
  readonly url: string;
  /** Requests that reached the proxy for this path (query string ignored), refused ones included. */
  count(path: string): number;
  /** While true every request's socket is destroyed unanswered: the venue's REST API is gone. */
  down: boolean;
  close(): Promise<void>;
}

export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const state = { down: false };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (state.down) {
      req.socket.destroy();
      return;
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (path) => counts.get(path) ?? 0,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
      // Kept-alive sockets would otherwise still be answered.
      if (value) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

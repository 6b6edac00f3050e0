import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { TestApp } from '../support/app-harness';
import { waitFor } from '../support/wait-for';

/** A frame the server sent, parsed. */
export type ServerFrame = Record<string, unknown> & { type: string };

export interface WsClient {
  readonly ws: WebSocket;
  readonly frames: ServerFrame[];
  /** Resolves with the close code and reason once the socket closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** The first frame (from index `from`) that matches; waits up to timeoutMs. */
  frame(
    match: (f: ServerFrame) => boolean,
    timeoutMs?: number,
    from?: number,
  ): Promise<ServerFrame>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:0 (the test app only initialises) and returns the /ws URL. */
export async function listenWs(t: TestApp): Promise<string> {
  if (!t.http.listening) await t.app.listen(0, '127.0.0.1');
  const { port } = t.http.address() as AddressInfo;
  return `ws://127.0.0.1:${port}/ws`;
}

/** Connects (optionally with the Authorization header) and collects every frame. */
export async function connectWs(url: string, token?: string): Promise<WsClient> {
  const ws = new WebSocket(url, {
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
  const frames: ServerFrame[] = [];
  ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')) as ServerFrame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    frame: (match, timeoutMs = 5_000, from = 0) =>
      waitFor(() => frames.slice(from).find(match), timeoutMs, 'a matching /ws frame'),
    close: async () => {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

/** An authenticated client (header), past its welcome. */
export async function authedClient(url: string, token: string): Promise<WsClient> {
  const client = await connectWs(url, token);
  await client.frame((f) => f.type === 'welcome');
  return client;
}

/** The HTTP status a refused upgrade got. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('error', () => undefined);
  });
}

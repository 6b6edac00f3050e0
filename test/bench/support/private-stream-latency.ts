/**
 * Ack-to-event latency of the private order stream, ccxt.pro against a raw `ws` client on the same
 * simulator: each order is placed over REST and timed until its order push reaches each client.
 */
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { BybitClient } from '@flotilla/venue';
import { percentile } from './stats';

interface Credentials {
  apiKey: string;
  secret: string;
}

/** A raw private socket: auth, subscribe `order`, call back with each pushed orderLinkId. */
async function rawOrderStream(
  url: string,
  c: Credentials,
  onLink: (id: string) => void,
): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const expires = Date.now() + 10_000;
  const signature = createHmac('sha256', c.secret).update(`GET/realtime${expires}`).digest('hex');
  const acked = new Promise<void>((resolve) => {
    ws.on('message', (data: WebSocket.RawData) => {
      const msg = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '{}') as {
        op?: string;
        topic?: string;
        data?: Array<{ orderLinkId?: string }>;
      };
      if (msg.op === 'subscribe') resolve();
      if (msg.topic === 'order')
        for (const o of msg.data ?? []) if (o.orderLinkId) onLink(o.orderLinkId);
    });
  });
  ws.send(JSON.stringify({ req_id: 'a', op: 'auth', args: [c.apiKey, expires, signature] }));
  ws.send(JSON.stringify({ req_id: 's', op: 'subscribe', args: ['order'] }));
  await acked;
  return ws;
}

export async function privateStreamLatency(opts: {
  wsPrivateUrl: string;
  credentials: Credentials;
  rest: BybitClient;
  pro: BybitClient;
  place: (linkId: string) => Promise<unknown>;
  orders: number;
}): Promise<Record<string, unknown>> {
  const sentAt = new Map<string, number>();
  const rawMs: number[] = [];
  const proMs: number[] = [];
  const waiters = new Map<string, () => void>();
  const seen = (bucket: number[], tag: string) => (id: string) => {
    const t0 = sentAt.get(id);
    if (t0 === undefined || waiters.get(`${tag}:${id}`) === undefined) return;
    bucket.push(performance.now() - t0);
    waiters.get(`${tag}:${id}`)?.();
    waiters.delete(`${tag}:${id}`);
  };
  const ws = await rawOrderStream(opts.wsPrivateUrl, opts.credentials, seen(rawMs, 'raw'));
  let running = true;
  const proLoop = (async () => {
    while (running) {
      const orders = await opts.pro.watchOrders().catch(() => []);
      for (const o of orders)
        if (typeof o.info.orderLinkId === 'string') seen(proMs, 'pro')(o.info.orderLinkId);
    }
  })();
  // warm-up: ccxt.pro subscribes on its first watch
  await opts.place(`warm-${process.pid}`);
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < opts.orders; i++) {
    const id = `ws-${process.pid}-${i}`;
    const both = Promise.all(
      ['raw', 'pro'].map(
        (tag) => new Promise<void>((resolve) => waiters.set(`${tag}:${id}`, resolve)),
      ),
    );
    sentAt.set(id, performance.now());
    await opts.place(id);
    await Promise.race([both, new Promise((r) => setTimeout(r, 2000))]);
  }
  running = false;
  ws.close();
  void proLoop;
  const s = (ms: number[]) => ({
    n: ms.length,
    p50Ms: percentile(ms, 50),
    p99Ms: percentile(ms, 99),
  });
  return { rawWs: s(rawMs), ccxtPro: s(proMs) };
}

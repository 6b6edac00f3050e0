import { EventEmitter } from 'node:events';
import { ManualClock } from '@flotilla/core';
import { WebSocket } from 'ws';
import { ExchangeEvent, ExchangeListener } from '../exchange';
import { signRealtime } from './auth';
import { PrivateEventSource, PrivateStream } from './private-stream';

const SECRETS: Record<string, string> = { alice: 'alice-secret', bob: 'bob-secret' };

/** Just enough of a ws socket: what the stream sends is kept, bufferedAmount is set by the test. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  readonly sent: Array<Record<string, unknown>> = [];

  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }

  terminate(): void {
    if (this.readyState === WebSocket.CLOSED) return;
    this.readyState = WebSocket.CLOSED;
    this.emit('close');
  }

  frame(body: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(body)), false);
  }

  pushes(): Array<Record<string, unknown>> {
    return this.sent.filter((m) => 'topic' in m);
  }
}

class FakeSource implements PrivateEventSource {
  readonly listeners = new Map<string, Set<ExchangeListener>>();
  secretOf(key: string): string | undefined {
    return SECRETS[key];
  }
  subscribe(key: string, listener: ExchangeListener): () => void {
    const set = this.listeners.get(key) ?? new Set();
    this.listeners.set(key, set.add(listener));
    return () => set.delete(listener);
  }
  emit(key: string, event: ExchangeEvent): void {
    for (const l of this.listeners.get(key) ?? []) l(event);
  }
}

const orderEvent: ExchangeEvent = {
  topic: 'order',
  creationTime: 1_767_225_600_123,
  data: [{ orderId: 'o1', symbol: 'BTCUSDT', category: 'linear' }],
};

describe('PrivateStream (fake sockets)', () => {
  let clock: ManualClock;
  let source: FakeSource;
  let stream: PrivateStream;

  beforeEach(() => {
    clock = new ManualClock();
    source = new FakeSource();
    stream = new PrivateStream({ clock, source, maxBufferedBytes: 1000, idleScanMs: 5000 });
  });

  afterEach(async () => {
    await stream.close();
  });

  function open(maxActiveMs = 600_000): FakeSocket {
    const ws = new FakeSocket();
    stream.accept(ws as unknown as WebSocket, maxActiveMs);
    return ws;
  }

  function login(key: string, topics: string[], maxActiveMs?: number): FakeSocket {
    const ws = open(maxActiveMs);
    const expires = String(clock.now() + 10_000);
    ws.frame({ op: 'auth', args: [key, expires, signRealtime(SECRETS[key], expires)] });
    ws.frame({ op: 'subscribe', req_id: 's', args: topics });
    expect(ws.sent.map((m) => m.success)).toEqual([true, true]);
    return ws;
  }

  it('pushes an account’s event to its sockets under the name each subscribed to, and no one else', () => {
    const allInOne = login('alice', ['order', 'wallet']);
    const linear = login('alice', ['order.linear']);
    const walletOnly = login('alice', ['wallet']);
    const bob = login('bob', ['order']);
    const anonymous = open();
    source.emit('alice', orderEvent);
    const [push, ...more] = allInOne.pushes();
    expect(more).toEqual([]);
    expect(push).toEqual({
      id: push.id,
      topic: 'order',
      creationTime: orderEvent.creationTime,
      data: orderEvent.data,
    });
    expect(typeof push.id).toBe('string');
    expect(Object.keys(push)).toEqual(['id', 'topic', 'creationTime', 'data']);
    expect(linear.pushes()).toEqual([expect.objectContaining({ topic: 'order.linear' })]);
    expect(walletOnly.pushes()).toEqual([]);
    expect(bob.pushes()).toEqual([]);
    expect(anonymous.sent).toEqual([]);
  });

  it('stops pushing a topic after unsubscribe', () => {
    const ws = login('alice', ['order', 'wallet']);
    ws.frame({ op: 'unsubscribe', req_id: 'u', args: ['order'] });
    source.emit('alice', orderEvent);
    source.emit('alice', { topic: 'wallet', creationTime: 1, data: [{ accountType: 'UNIFIED' }] });
    expect(ws.pushes().map((m) => m.topic)).toEqual(['wallet']);
    expect(stream.stats()).toMatchObject({ authenticated: 1, subscriptions: 1 });
  });

  it('sends execution.fast the trades alone, with the fast fields and no id', () => {
    const fast = login('alice', ['execution.fast']);
    const full = login('alice', ['execution']);
    const trade = {
      category: 'linear',
      symbol: 'BTCUSDT',
      execId: 'e1',
      execPrice: '60000.1',
      execQty: '0.01',
      orderId: 'o1',
      orderLinkId: 'mine',
      side: 'Sell',
      execTime: '1767225600123',
      seq: 9,
      execType: 'Trade',
      isMaker: true,
      execFee: '0.12',
    };
    const funding = { ...trade, execId: 'e2', execType: 'Funding' };
    source.emit('alice', { topic: 'execution', creationTime: 5, data: [trade, funding] });
    source.emit('alice', { topic: 'execution', creationTime: 6, data: [funding] });
    const { execType: _t, isMaker: _m, execFee: _f, ...fields } = trade;
    expect(fast.pushes()).toEqual([
      { topic: 'execution.fast', creationTime: 5, data: [{ ...fields, orderLinkId: '' }] },
    ]);
    expect(full.pushes().map((m) => (m.data as unknown[]).length)).toEqual([2, 1]);
  });

  it('holds one exchange subscription per key, released with the key’s last socket', () => {
    const first = login('alice', ['order']);
    const second = login('alice', ['execution']);
    expect(source.listeners.get('alice')?.size).toBe(1);
    first.terminate();
    expect(source.listeners.get('alice')?.size).toBe(1);
    second.terminate();
    expect(source.listeners.get('alice')?.size).toBe(0);
    expect(stream.stats()).toMatchObject({ connections: 0, authenticated: 0 });
  });

  it('cuts a client whose send buffer passed the bound, counts it, and keeps serving the others', () => {
    const slow = login('alice', ['order']);
    const fast = login('alice', ['order']);
    slow.bufferedAmount = 1001;
    source.emit('alice', orderEvent);
    expect(slow.readyState).toBe(WebSocket.CLOSED);
    expect(slow.pushes()).toEqual([]);
    expect(fast.pushes()).toHaveLength(1);
    expect(stream.stats()).toMatchObject({ connections: 1, slowClientDrops: 1 });
  });

  it('closes a socket silent past its alive time; pings and pushed data keep one alive', () => {
    const silent = open(30_000);
    const pinging = open(30_000);
    const fed = login('alice', ['order'], 30_000);
    for (let t = 0; t < 6; t++) {
      clock.advance(10_000);
      pinging.frame({ op: 'ping' });
      source.emit('alice', orderEvent);
    }
    expect(silent.readyState).toBe(WebSocket.CLOSED);
    expect(pinging.readyState).toBe(WebSocket.OPEN);
    expect(fed.readyState).toBe(WebSocket.OPEN);
    expect(stream.stats()).toMatchObject({ connections: 2, idleDrops: 1 });
  });

  it('does not close a socket before its alive time', () => {
    const ws = open(30_000);
    clock.advance(25_000);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    clock.advance(10_000);
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });

  it('private-drop cuts every private socket, authenticated or not, and counts them', () => {
    login('alice', ['order']);
    open();
    expect(stream.dropAll()).toBe(2);
    expect(stream.stats()).toMatchObject({ connections: 0, faultDrops: 2 });
    expect(stream.dropAll()).toBe(0);
  });
});

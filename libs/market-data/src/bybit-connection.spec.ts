import { ManualClock, silentLogger } from '@flotilla/core';
import { BybitConnection, type ConnectionEvents } from './bybit-connection';
import { fakeSockets, type FakeSocket } from './testing/fake-socket';

const HOUR_MS = 3_600_000;

function setup(random: () => number, pingIntervalMs = HOUR_MS) {
  const clock = new ManualClock();
  const { sockets, factory } = fakeSockets(clock);
  const opened: boolean[] = [];
  const events: ConnectionEvents = {
    onData: () => undefined,
    onMalformed: () => undefined,
    onOpen: (_conn, reconnect) => opened.push(reconnect),
    onClose: () => undefined,
    onSubscribeFailure: () => undefined,
  };
  const conn = new BybitConnection({
    id: 1,
    url: 'ws://venue.test/v5/public/linear',
    clock,
    logger: silentLogger,
    subscribeBatchSize: 10,
    pingIntervalMs,
    pongTimeoutMs: 10_000,
    connectTimeoutMs: 10_000,
    backoff: { random },
    events,
    createSocket: factory,
  });
  const last = (): FakeSocket => sockets[sockets.length - 1];
  /** Advances 1 ms at a time until the loop opens a new socket; returns how long that took. */
  const waitForNextAttempt = (limitMs = 120_000): number => {
    const before = sockets.length;
    for (let waited = 0; waited <= limitMs; waited++) {
      if (sockets.length > before) return waited;
      clock.advance(1);
    }
    throw new Error(`no reconnect attempt within ${limitMs} ms`);
  };
  return { clock, conn, sockets, opened, last, waitForNextAttempt };
}

/** Cycles through the given values, so each delay's jitter is known. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

describe('BybitConnection reconnect loop (ManualClock, scripted sockets)', () => {
  it('waits 1 s → 30 s with equal jitter between refused attempts', () => {
    const { conn, sockets, last, waitForNextAttempt } = setup(sequence(0, 0.999999));
    conn.addTopics(['orderbook.50.BTCUSDT']);
    expect(sockets).toHaveLength(1);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      last().drop();
      waits.push(waitForNextAttempt());
    }
    // base = min(30 s, 1 s * 2^n); jitter 0 gives base/2, jitter ~1 gives base.
    expect(waits).toEqual([500, 2000, 2000, 8000, 8000, 30000, 15000, 30000]);
    expect(conn.health()).toMatchObject({ failedConnects: 8, reconnects: 0, connected: false });
  });

  it('resets the schedule after a connection stayed up for a minute, not before', () => {
    const { clock, conn, opened, last, waitForNextAttempt } = setup(() => 0.5);
    conn.addTopics(['orderbook.50.BTCUSDT', 'tickers.BTCUSDT']);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      last().drop();
      waits.push(waitForNextAttempt());
    }
    expect(waits).toEqual([750, 1500, 3000]);

    last().open();
    expect(last().sent).toEqual([
      expect.objectContaining({
        op: 'subscribe',
        args: ['orderbook.50.BTCUSDT', 'tickers.BTCUSDT'],
      }),
    ]);
    clock.advance(60_000);
    last().drop();
    expect(waitForNextAttempt()).toBe(750);

    last().open();
    clock.advance(59_999);
    last().drop();
    expect(waitForNextAttempt()).toBe(1500);
    last().open();
    expect(opened).toEqual([false, true, true]);
    expect(conn.health()).toMatchObject({ connected: true, reconnects: 2, failedConnects: 3 });
  });

  it('a missing pong drops the socket and the loop reconnects after the first backoff step', () => {
    const { clock, conn, last, sockets, waitForNextAttempt } = setup(() => 0, 20_000);
    conn.addTopics(['tickers.ETHUSDT']);
    last().open();
    clock.advance(20_000);
    expect(last().sent.map((r) => r.op)).toEqual(['subscribe', 'ping']);
    clock.advance(9_999);
    expect(conn.connected).toBe(true);
    clock.advance(1);
    expect(conn.connected).toBe(false);
    expect(waitForNextAttempt()).toBe(500);
    expect(sockets).toHaveLength(2);
  });

  it('close() ends the loop: no attempt after it and no timer left', async () => {
    const { clock, conn, last, sockets } = setup(() => 0);
    conn.start();
    last().drop();
    await conn.close();
    clock.advance(HOUR_MS);
    expect(sockets).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });
});

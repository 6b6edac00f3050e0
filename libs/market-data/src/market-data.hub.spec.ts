import { ManualClock, type BookEvent, type TickerEvent } from '@flotilla/core';
import { MarketDataHub } from './market-data.hub';
import { fakeSockets, type FakeSocket } from './testing/fake-socket';

const HOUR_MS = 3_600_000;
const SOL = 'orderbook.50.SOLUSDT';
type Levels = Array<[string, string]>;

function setup() {
  const clock = new ManualClock();
  const { sockets, factory } = fakeSockets(clock);
  // Heartbeat and staleness far away: these tests are about book resyncs only.
  const hub = new MarketDataHub({
    restUrl: 'http://venue.test',
    wsPublicUrl: 'ws://venue.test/v5/public/linear',
    clock,
    random: () => 0,
    createSocket: factory,
    pingIntervalMs: HOUR_MS,
    staleAfterMs: HOUR_MS,
    // The clock jumps between frames within one test step; turn budgets have their own spec.
    ingest: { budgetMs: Number.POSITIVE_INFINITY },
  });
  const books: BookEvent[] = [];
  const tickers: TickerEvent[] = [];
  const listener = {
    onBook: (e: BookEvent) => books.push(e),
    onTrade: () => {},
    onTicker: (e: TickerEvent) => tickers.push(e),
  };
  const book = (topic: string, type: string, u: number, b: Levels, a: Levels): object => ({
    topic,
    type,
    ts: clock.now(),
    data: { s: topic.split('.')[2], b, a, u, seq: u },
  });
  const snapshot = (u: number, bid = '100.0', ask = '100.5', topic = SOL): object =>
    book(topic, 'snapshot', u, [[bid, '1.0']], [[ask, '2.0']]);
  const delta = (u: number, b: Levels, a: Levels = []): object => book(SOL, 'delta', u, b, a);
  const socket = (): FakeSocket => sockets[0];
  /** Resubscriptions of the SOL book topic: an unsubscribe followed by a subscribe. */
  const resyncsSent = (): number[] =>
    socket()
      .sent.filter((r) => r.op === 'unsubscribe' && r.args.includes(SOL))
      .map((r) => r.atMs);
  const connect = (...symbols: string[]): void => {
    for (const s of symbols) hub.subscribe(s, listener);
    socket().open();
  };
  return { clock, hub, books, tickers, socket, snapshot, delta, resyncsSent, connect };
}

describe('MarketDataHub book resync (scripted venue, ManualClock)', () => {
  it('a gap clears the book and resubscribes the book topic; the fresh snapshot restores it', async () => {
    const { hub, books, socket, snapshot, delta, resyncsSent, connect } = setup();
    connect('SOLUSDT');
    socket().receive(snapshot(10));
    socket().receive(delta(11, [['99.9', '4.0']]));
    expect(books).toHaveLength(2);
    socket().receive(delta(13, [['99.8', '1.0']]));
    expect(hub.book('SOLUSDT')?.synced).toBe(false);
    expect(hub.book('SOLUSDT')?.bids(5)).toEqual([]);
    expect(socket().sent.slice(-2)).toEqual([
      expect.objectContaining({ op: 'unsubscribe', args: [SOL] }),
      expect.objectContaining({ op: 'subscribe', args: [SOL] }),
    ]);
    socket().receive(delta(14, [['99.7', '1.0']]));
    expect(books).toHaveLength(2);
    socket().receive(snapshot(14, '101.0', '101.5'));
    expect(books).toHaveLength(3);
    expect(hub.book('SOLUSDT')?.rawLevels('bid')).toEqual([['101.0', '1.0']]);
    expect(hub.feedHealth('SOLUSDT').gaps).toBe(1);
    expect(hub.connections()[0].gaps).toBe(1);
    expect(hub.stats()).toMatchObject({ gaps: 1, resyncs: 1, resyncsDeferred: 0 });
    expect(resyncsSent()).toHaveLength(1);
    await hub.close();
  });

  it('a delta that crosses the book forces a resync, counted as crossed and not as a gap', async () => {
    const { hub, books, socket, snapshot, delta, resyncsSent, connect } = setup();
    connect('SOLUSDT');
    socket().receive(snapshot(10));
    socket().receive(delta(11, [['100.6', '1.0']]));
    expect(books).toHaveLength(1);
    expect(hub.book('SOLUSDT')?.synced).toBe(false);
    expect(hub.stats()).toMatchObject({ crossed: 1, gaps: 0, resyncs: 1 });
    expect(hub.connections()[0].gaps).toBe(0);
    expect(resyncsSent()).toHaveLength(1);
    await hub.close();
  });

  it('a venue that keeps sending crossed snapshots is resynced with growing spacing, not in a loop', async () => {
    const { clock, hub, books, socket, snapshot, delta, resyncsSent, connect } = setup();
    connect('SOLUSDT');
    socket().receive(snapshot(10));
    socket().receive(delta(12, []));
    for (let i = 0; i < 7; i++) {
      const sent = resyncsSent().length;
      socket().receive(snapshot(20 + i, '100.5', '100.0'));
      socket().receive(snapshot(20 + i, '100.5', '100.0'));
      expect(resyncsSent()).toHaveLength(sent);
      for (let waited = 0; resyncsSent().length === sent && waited < HOUR_MS; waited++) {
        clock.advance(1);
      }
    }
    const sentAt = resyncsSent();
    const spacing = sentAt.slice(1).map((t, i) => t - sentAt[i]);
    expect(spacing).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
    expect(books).toHaveLength(1);
    expect(hub.symbolHealth('SOLUSDT')).toMatchObject({ resyncs: 8, resyncsDeferred: 7 });
    expect(hub.stats()).toMatchObject({ crossed: 14, resyncs: 8, resyncsDeferred: 7 });

    socket().receive(snapshot(40));
    expect(books).toHaveLength(2);
    clock.advance(60_000);
    socket().receive(delta(42, []));
    expect(resyncsSent()).toHaveLength(9);
    expect(resyncsSent()[8]).toBe(clock.now());
    await hub.close();
  });

  it('counts a malformed frame that names a topic on its symbol and connection, and keeps the book', async () => {
    const { hub, books, socket, snapshot, delta, connect } = setup();
    connect('SOLUSDT', 'BTCUSDT');
    socket().receive(snapshot(10));
    socket().receive(snapshot(50, '60000.0', '60000.1', 'orderbook.50.BTCUSDT'));
    const wrongShape = { topic: SOL, type: 'delta', ts: 1, data: { b: 'x', a: [], u: 'y' } };
    socket().receive(wrongShape);
    socket().receive(JSON.stringify(delta(11, [['99.9', '4.0']])).slice(0, 60));
    socket().receive({ topic: 'tickers.SOLUSDT', ts: 'soon', data: {} });
    socket().receive({ topic: 'publicTrade.SOLUSDT', type: 'snapshot', ts: 1, data: [{ T: 1 }] });
    socket().receive('}{ not json');
    expect(hub.feedHealth('SOLUSDT').malformed).toBe(4);
    expect(hub.feedHealth('BTCUSDT').malformed).toBe(0);
    expect(hub.connections()[0].malformed).toBe(5);
    expect(hub.stats().malformed).toBe(5);
    socket().receive(delta(11, [['99.9', '4.0']]));
    expect(hub.book('SOLUSDT')?.updateId).toBe(11);
    expect(hub.book('SOLUSDT')?.rawLevels('bid')).toEqual([
      ['100.0', '1.0'],
      ['99.9', '4.0'],
    ]);
    expect(books).toHaveLength(3);
    expect(hub.stats()).toMatchObject({ gaps: 0, resyncs: 0 });
    await hub.close();
  });

  it('close() cancels a deferred resync', async () => {
    const { clock, hub, socket, snapshot, delta, resyncsSent, connect } = setup();
    connect('SOLUSDT');
    socket().receive(snapshot(10));
    socket().receive(delta(12, []));
    socket().receive(snapshot(20, '100.5', '100.0'));
    expect(hub.symbolHealth('SOLUSDT')?.resyncsDeferred).toBe(1);
    await hub.close();
    clock.advance(HOUR_MS);
    expect(resyncsSent()).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a ticker delta of fields the hub does not keep is activity, not an event', async () => {
    const { clock, hub, tickers, socket, connect } = setup();
    connect('SOLUSDT');
    const ticker = (type: string, data: object): object => ({
      topic: 'tickers.SOLUSDT',
      type,
      ts: clock.now(),
      data: { symbol: 'SOLUSDT', ...data },
    });
    socket().receive(ticker('snapshot', { lastPrice: '100', bid1Price: '99', ask1Price: '101' }));
    expect(tickers).toHaveLength(1);
    clock.advance(1_000);
    socket().receive(ticker('delta', { bid1Size: '7', volume24h: '1200', turnover24h: '9' }));
    // the merged ticker did not change: no event, but the frame counts for the symbol
    expect(tickers).toHaveLength(1);
    expect(hub.stats().tickers).toBe(2);
    expect(hub.symbolHealth('SOLUSDT')?.lastMessageAt).toBe(clock.now());
    socket().receive(ticker('delta', { bid1Size: '8', markPrice: '100.2' }));
    expect(tickers).toHaveLength(2);
    expect(tickers[1].markPrice?.toString()).toBe('100.2');
    expect(tickers[1].lastPrice?.toString()).toBe('100');
    await hub.close();
  });
});

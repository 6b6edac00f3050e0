import { ManualClock, type BookEvent, type TickerEvent, type TradeEvent } from '@flotilla/core';
import { MarketDataHub } from './market-data.hub';
import { fakeSockets } from './testing/fake-socket';

const HOUR_MS = 3_600_000;
const BOOK = 'orderbook.50.SOLUSDT';

/** The hub over a scripted socket; each book event delivered costs `listenerCostMs` on the clock. */
function setup(listenerCostMs = 0) {
  const clock = new ManualClock();
  const { sockets, factory } = fakeSockets(clock);
  const turns: Array<() => void> = [];
  const hub = new MarketDataHub({
    restUrl: 'http://venue.test',
    wsPublicUrl: 'ws://venue.test/v5/public/linear',
    clock,
    random: () => 0,
    createSocket: factory,
    pingIntervalMs: HOUR_MS,
    staleAfterMs: HOUR_MS,
    ingest: { budgetMs: 4, yieldTurn: (fn) => turns.push(fn) },
  });
  const books: Array<{ u: number; bid: string | undefined; receivedAtMono: number }> = [];
  const trades: TradeEvent[] = [];
  const tickers: TickerEvent[] = [];
  hub.subscribe('SOLUSDT', {
    onBook: (e: BookEvent) => {
      books.push({
        u: e.book.updateId,
        bid: e.book.bids(1)[0]?.price.toString(),
        receivedAtMono: e.receivedAtMono,
      });
      clock.advance(listenerCostMs);
    },
    onTrade: (e) => trades.push(e),
    onTicker: (e) => tickers.push(e),
  });
  const socket = sockets[0];
  socket.open();
  const book = (type: string, u: number, bid: string, ts = clock.now()): object => ({
    topic: BOOK,
    type,
    ts,
    data: { s: 'SOLUSDT', b: [[bid, '1']], a: [['101', '1']], u, seq: u },
  });
  const trade = (id: string): object => ({
    topic: 'publicTrade.SOLUSDT',
    type: 'snapshot',
    ts: clock.now(),
    data: [{ T: clock.now(), s: 'SOLUSDT', S: 'Buy', v: '1', p: '100', i: id }],
  });
  const ticker = (fields: Record<string, string>, type = 'delta'): object => ({
    topic: 'tickers.SOLUSDT',
    type,
    ts: clock.now(),
    data: { symbol: 'SOLUSDT', ...fields },
  });
  const turn = (): void => {
    const next = turns.shift();
    if (!next) throw new Error('no turn scheduled');
    next();
  };
  return { clock, hub, socket, books, trades, tickers, book, trade, ticker, turn };
}

describe('MarketDataHub bounded turns and conflation (ManualClock)', () => {
  it('a backlog is drained in a later turn with one event per symbol and kind: latest book, merged ticker, all trades', () => {
    const { socket, books, trades, tickers, book, trade, ticker, turn, hub } = setup(5);
    socket.receive(book('snapshot', 1, '90')); // parsed at once; its listener spends the budget
    for (let u = 2; u <= 5; u++) socket.receive(book('delta', u, `9${u}`));
    socket.receive(trade('t1'));
    socket.receive(trade('t2'));
    socket.receive(ticker({ lastPrice: '100', bid1Price: '99' }, 'snapshot'));
    socket.receive(ticker({ lastPrice: '100.5' }));
    expect(books.map((b) => b.u)).toEqual([1]);
    expect(trades).toHaveLength(0);
    turn();
    expect(books.map((b) => b.u)).toEqual([1, 5]);
    expect(books[1].bid).toBe('95');
    expect(trades).toHaveLength(1);
    expect(trades[0].trades.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(tickers).toHaveLength(1);
    expect(tickers[0].lastPrice?.toString()).toBe('100.5');
    expect(tickers[0].bid?.toString()).toBe('99');
    // 3 book updates, 1 trade event and 1 ticker merged into later ones.
    expect(hub.ingestion()).toMatchObject({ conflatedEvents: 5, queuedFrames: 8, slices: 1 });
  });

  it('a queued frame keeps its arrival time: tick-to-signal counts the wait', () => {
    const { socket, books, book, turn, clock } = setup(5);
    const t0 = clock.monotonicMs();
    socket.receive(book('snapshot', 1, '99'));
    socket.receive(book('delta', 2, '98')); // arrives at 5 ms, past the budget: queued
    clock.advance(30);
    turn();
    expect(books[1]).toMatchObject({ u: 2, receivedAtMono: t0 + 5 });
  });

  it('sequence checks still hold across a slice: a gap in the backlog resyncs and no stale book is delivered', () => {
    const { socket, books, book, turn, hub } = setup(5);
    socket.receive(book('snapshot', 1, '99'));
    socket.receive(book('delta', 2, '98'));
    socket.receive(book('delta', 4, '97')); // gap
    turn();
    expect(books.map((b) => b.u)).toEqual([1]);
    expect(hub.book('SOLUSDT')?.synced).toBe(false);
    expect(hub.stats()).toMatchObject({ gaps: 1, resyncs: 1 });
  });

  it('measures receive lag against the venue ts and the venue ts gaps (late read vs late send)', () => {
    const { socket, book, turn, clock, hub } = setup(0);
    socket.receive(book('snapshot', 1, '99', clock.now()));
    turn();
    clock.advance(300); // the venue was silent: its next frame is fresh but 300 ms after the last
    socket.receive(book('delta', 2, '98', clock.now()));
    turn();
    const sent = clock.now();
    clock.advance(200); // sent, then read 200 ms late
    socket.receive(book('delta', 3, '97', sent));
    turn();
    const report = hub.ingestion();
    expect(report.venueGapMs.max).toBe(300);
    expect(report.lagMs.max).toBe(200);
    expect(report.worstBursts[0]).toMatchObject({ frames: 1 });
    const lastBurst = report.worstBursts.find((b) => b.maxLagMs === 200);
    expect(lastBurst).toMatchObject({ loopGapMs: 200, maxVenueGapMs: 0 });
    const silent = report.worstBursts.find((b) => b.maxVenueGapMs === 300);
    expect(silent).toMatchObject({ maxLagMs: 0, loopGapMs: 300 });
  });
});

import { ManualClock } from '@flotilla/core';
import { MainThreadMarketDataHub } from '../market-data.hub';
import { fakeSockets } from '../testing/fake-socket';
import type { WireEvent } from './protocol';
import { WorkerOutbox } from './worker-outbox';

const HOUR_MS = 3_600_000;
const BOOK = 'orderbook.50.SOLUSDT';

/** The worker's side: a one-thread hub over a scripted socket, its book updates into an outbox. */
function setup(opts: { budgetMs?: number; batchAgeMs?: number } = {}) {
  const clock = new ManualClock();
  const { sockets, factory } = fakeSockets(clock);
  const sent: WireEvent[][] = [];
  const levels: Array<Float64Array | null> = [];
  const turns: Array<() => void> = [];
  const tap: { outbox?: WorkerOutbox } = {};
  const hub = new MainThreadMarketDataHub({
    restUrl: 'http://venue.test',
    wsPublicUrl: 'ws://venue.test/v5/public/linear',
    clock,
    createSocket: factory,
    pingIntervalMs: HOUR_MS,
    staleAfterMs: HOUR_MS,
    // A backlog's slices conflate listener events; the tap must still see every update.
    ingest: { budgetMs: opts.budgetMs ?? 4, yieldTurn: (fn) => turns.push(fn) },
    bookTap: (s, snapshot, b, a, u, ts, mono) => tap.outbox?.book(s, snapshot, b, a, u, ts, mono),
    bookLost: (s) => tap.outbox?.lost(s),
  });
  const sends: Array<() => void> = [];
  const outbox = new WorkerOutbox(
    hub,
    (e, l) => {
      sent.push(e);
      levels.push(l);
    },
    (fn) => sends.push(fn),
    () => clock.monotonicMs(),
    opts.batchAgeMs ?? Number.POSITIVE_INFINITY,
  );
  tap.outbox = outbox;
  outbox.watch('SOLUSDT');
  const books: number[] = [];
  hub.subscribe('SOLUSDT', {
    onBook: (e) => {
      books.push(e.book.updateId);
      clock.advance(5); // a costly listener: the rest of the read waits a turn
    },
    onTrade: () => undefined,
    onTicker: () => undefined,
  });
  const socket = sockets[0];
  socket.open();
  const book = (type: string, u: number, b: Array<[string, string]>): void =>
    socket.receive({ topic: BOOK, type, ts: 1, data: { s: 'SOLUSDT', b, a: [['101', '1']], u } });
  const send = (): void => sends.shift()?.();
  const turn = (): void => turns.shift()?.();
  /** The hub's turns until its queue is empty, then the outbox's send. */
  const drainAndSend = (): void => {
    while (turns.length > 0) turn();
    send();
  };
  /** The n-th batch's book updates as [updateId, snapshot, bid levels, ask levels], read back from its numbers. */
  const updates = (n: number): Array<[number, number, number[], number[]]> =>
    sent[n].flatMap((e) => {
      if (e[0] !== 'n') return [];
      const [, , u, , , snapshot, offset, bids, asks] = e;
      const data = [...(levels[n] ?? [])];
      const split = offset + 4 * bids;
      return [[u, snapshot, data.slice(offset, split), data.slice(split, split + 4 * asks)]];
    });
  return { hub, clock, sent, levels, updates, book, send: drainAndSend, turn, books, outbox };
}

const kinds = (batch: WireEvent[]): string[] => batch.map((e) => e[0]);

describe('WorkerOutbox (the worker side of MARKET_INGESTION=workers)', () => {
  it('forwards every applied update as the venue sent it, even those a backlog slice conflated', () => {
    const { sent, updates, book, send, turn, books } = setup();
    // (send() also runs the hub's turns first; here the turn is run by hand to see the slice.)
    book('snapshot', 1, [['100', '1']]);
    book('delta', 2, [['100.5', '2']]);
    book('delta', 3, [['100', '0']]);
    turn(); // the queued deltas are parsed in one slice: one conflated book event
    expect(books).toEqual([1, 3]);
    send();
    expect(sent).toHaveLength(1);
    expect(kinds(sent[0])).toEqual(['h', 'n', 'n', 'n']); // the symbol's first health, then 3 updates
    // each level as price, its decimals, size, its decimals
    expect(updates(0)).toEqual([
      [1, 1, [100, 0, 1, 0], [101, 0, 1, 0]],
      [2, 0, [100.5, 1, 2, 0], [101, 0, 1, 0]],
      [3, 0, [100, 0, 0, 0], [101, 0, 1, 0]],
    ]);
  });

  it("sends an update a number cannot give back as the venue's text", () => {
    const { sent, levels, book, send } = setup();
    book('snapshot', 1, [['100', '1']]);
    book('delta', 2, [['99', '1e-3']]);
    send();
    expect(kinds(sent[0])).toEqual(['h', 'n', 'b']);
    const text = sent[0][2];
    expect(text[0] === 'b' && [text[2], text[6]]).toEqual([2, ['99', '1e-3']]);
    expect(levels[0]).toHaveLength(8); // the snapshot's two levels only
  });

  it("a book that lost its sync is announced ('u') in order, even in a quiet feed", () => {
    const { sent, book, send } = setup();
    book('snapshot', 1, [['100', '1']]);
    send();
    book('delta', 5, [['100', '2']]); // gap: the book is dropped and nothing is forwarded
    send();
    expect(kinds(sent[1])).toEqual(['h', 'u']); // the gap's health and the loss
    book('snapshot', 9, [['99', '1']]);
    send();
    expect(kinds(sent[2])).toEqual(['n']); // the resync's snapshot (its count went with the gap's 'h')
    book('delta', 11, [['100', '3']]); // another gap
    book('delta', 12, [['100', '3']]); // unsynced: nothing
    send();
    expect(sent.map(kinds).slice(3)).toEqual([['h', 'u']]); // one batch: the second gap's health and the loss
  });

  it("the resync's snapshot goes with the symbol's changed health ('h') first", () => {
    const { sent, book, send } = setup();
    book('snapshot', 1, [['100', '1']]);
    send();
    book('delta', 5, [['100', '2']]);
    book('snapshot', 9, [['99', '1']]);
    send();
    // The loss in order, then the snapshot that replaces the mirror.
    expect(kinds(sent[1])).toEqual(['h', 'u', 'n']);
    const health = sent[1][0];
    expect(health[0] === 'h' && health[2]).toMatchObject({ gaps: 1, resyncs: 1 });
  });

  it('sends the whole book as a snapshot when the mirror asks', () => {
    const { updates, book, send, outbox } = setup();
    book('snapshot', 1, [
      ['100', '1'],
      ['99', '2'],
    ]);
    send();
    outbox.snapshotOf('SOLUSDT', 0);
    send();
    expect(updates(1)).toEqual([[1, 1, [100, 0, 1, 0, 99, 0, 2, 0], [101, 0, 1, 0]]]);
  });

  it('sends a batch mid-turn once its first event has waited maxBatchAgeMs', () => {
    // every frame parsed as it arrives; each book's listener takes 5 ms
    const { sent, book, send } = setup({ budgetMs: 0, batchAgeMs: 1 });
    book('snapshot', 1, [['100', '1']]);
    expect(sent).toHaveLength(0);
    book('delta', 2, [['100.5', '2']]); // the batch is 5 ms old: it goes with this update
    expect(sent).toHaveLength(1);
    expect(kinds(sent[0])).toEqual(['h', 'n', 'n']);
    book('delta', 3, [['100', '0']]); // a new batch, sent after the turn
    expect(sent).toHaveLength(1);
    send();
    expect(sent.map((batch) => batch.map((e) => (e[0] === 'n' ? e[2] : e[0])))).toEqual([
      ['h', 1, 2],
      [3],
    ]);
  });
});

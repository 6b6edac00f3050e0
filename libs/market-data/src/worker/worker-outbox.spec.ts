import { ManualClock } from '@flotilla/core';
import { MainThreadMarketDataHub } from '../market-data.hub';
import { fakeSockets } from '../testing/fake-socket';
import type { WireEvent } from './protocol';
import { WorkerOutbox } from './worker-outbox';

const HOUR_MS = 3_600_000;
const BOOK = 'orderbook.50.SOLUSDT';

/** The worker's side: a one-thread hub over a scripted socket, its events into an outbox. */
function setup(depth = 2) {
  const clock = new ManualClock();
  const { sockets, factory } = fakeSockets(clock);
  const hub = new MainThreadMarketDataHub({
    restUrl: 'http://venue.test',
    wsPublicUrl: 'ws://venue.test/v5/public/linear',
    clock,
    createSocket: factory,
    pingIntervalMs: HOUR_MS,
    staleAfterMs: HOUR_MS,
    ingest: { budgetMs: 0 },
  });
  const sent: WireEvent[][] = [];
  const turns: Array<() => void> = [];
  const outbox = new WorkerOutbox(
    hub,
    depth,
    (e) => sent.push(e),
    (fn) => turns.push(fn),
  );
  outbox.watch('SOLUSDT');
  hub.subscribe('SOLUSDT', {
    onBook: (e) => outbox.book('SOLUSDT', e.exchangeTs, e.receivedAtMono),
    onTrade: () => undefined,
    onTicker: () => undefined,
  });
  const socket = sockets[0];
  socket.open();
  const book = (type: string, u: number, b: Array<[string, string]>): void =>
    socket.receive({ topic: BOOK, type, ts: 1, data: { s: 'SOLUSDT', b, a: [['101', '1']], u } });
  const turn = (): void => turns.shift()?.();
  return { hub, sent, book, turn, outbox };
}

describe('WorkerOutbox (the worker side of MARKET_INGESTION=workers)', () => {
  it('sends every book event of a turn in one batch, each with the top levels as they stood', () => {
    const { sent, book, turn } = setup(2);
    book('snapshot', 1, [
      ['100', '1'],
      ['99', '1'],
      ['98', '1'],
    ]);
    book('delta', 2, [['100.5', '2']]);
    expect(sent).toHaveLength(0);
    turn();
    expect(sent).toHaveLength(1);
    expect(sent[0].map((e) => e[0])).toEqual(['h', 'b', 'b']); // the symbol's first health, then its books
    const [, first, second] = sent[0];
    expect(first.slice(0, 3)).toEqual(['b', 'SOLUSDT', 1]);
    expect(first[5]).toEqual(['100', '1', '99', '1']);
    expect(second[5]).toEqual(['100.5', '2', '100', '1']);
  });

  it("a book that lost its sync is announced ('u') at the next send, even in a quiet feed", () => {
    const { sent, book, turn, outbox } = setup();
    book('snapshot', 1, [['100', '1']]);
    turn();
    book('delta', 5, [['100', '2']]); // gap: the book is dropped and nothing is emitted
    turn();
    expect(sent).toHaveLength(1);
    outbox.poll(); // the worker's health tick
    turn();
    expect(sent[1]).toEqual([['u', 'SOLUSDT']]);
    outbox.poll();
    turn();
    expect(sent).toHaveLength(2); // nothing mirrored, nothing to say
  });

  it("the resync's snapshot goes with the symbol's changed health ('h') first", () => {
    const { sent, book, turn } = setup();
    book('snapshot', 1, [['100', '1']]);
    turn();
    book('delta', 5, [['100', '2']]);
    book('snapshot', 9, [['99', '1']]);
    turn();
    expect(sent[1].map((e) => e[0])).toEqual(['h', 'b']);
    const health = sent[1][0];
    expect(health[0] === 'h' && health[2]).toMatchObject({ gaps: 1, resyncs: 1 });
  });
});

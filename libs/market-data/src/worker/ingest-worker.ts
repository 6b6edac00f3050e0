/**
 * A market-ingestion worker (worker_threads): its own one-thread hub (sockets, JSON parsing,
 * books) for the symbols of its shard, handing the main thread what engines read: every applied
 * book update (small: the venue's changed levels, as numbers), trades and the merged ticker,
 * batched per turn.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LogFields, StructuredLogger } from '@flotilla/core';
import type { MarketDataListener, MarketDataSubscription } from '@flotilla/engine';
import { rawTickerOf, rawTradeOf } from '../events';
import { MainThreadMarketDataHub } from '../market-data.hub';
import { WorkerOutbox } from './worker-outbox';
import type { FromWorker, ToWorker, WorkerInit, WorkerState } from './protocol';

const port = parentPort;
if (port === null) throw new Error('ingest-worker must run in a worker thread');
const init = workerData as WorkerInit;
const post = (msg: FromWorker): void => port.postMessage(msg);

const forward =
  (level: 'info' | 'warn' | 'error') =>
  (msg: string, fields?: LogFields): void =>
    post({ kind: 'log', level, msg, fields: { ...fields, shard: init.shard } });
const logger: StructuredLogger = {
  debug: () => undefined,
  info: forward('info'),
  warn: forward('warn'),
  error: forward('error'),
};

const hub = new MainThreadMarketDataHub({
  ...init,
  logger,
  bookTap: (symbol, snapshot, bids, asks, u, ts, mono) =>
    outbox.book(symbol, snapshot, bids, asks, u, ts, mono),
  bookLost: (symbol) => outbox.lost(symbol),
});
const state = (): WorkerState => ({ stats: hub.stats(), connections: hub.connections() });
// The hub's figures go with every batch: the main thread's counters then include every event it has seen.
const outbox: WorkerOutbox = new WorkerOutbox(hub, (events, levels) => {
  const msg: FromWorker = { kind: 'events', events, levels, state: state() };
  port.postMessage(msg, levels === null ? undefined : [levels.buffer]);
});
const subs = new Map<string, MarketDataSubscription>();

function listenerFor(symbol: string): MarketDataListener {
  return {
    // Books reach the main thread through the hub's bookTap: every update, before conflation.
    onBook: () => undefined,
    onTrade: (e) => outbox.trades(symbol, e.trades.map(rawTradeOf), e.receivedAtMono),
    onTicker: (e) => outbox.ticker(symbol, rawTickerOf(e), e.exchangeTs, e.receivedAtMono),
  };
}

function healthTick(): void {
  const symbols: Record<string, ReturnType<typeof hub.symbolHealth> & object> = {};
  for (const s of subs.keys()) {
    const h = hub.symbolHealth(s);
    if (h) symbols[s] = h;
  }
  post({
    kind: 'health',
    health: {
      stats: hub.stats(),
      connections: hub.connections(),
      ingestion: hub.ingestion(),
      window: hub.takeIngestionWindow(),
      symbols,
    },
  });
}
const healthTimer = setInterval(healthTick, init.healthEveryMs);

port.on('message', (msg: ToWorker) => {
  switch (msg.op) {
    case 'sub':
      if (!subs.has(msg.s)) subs.set(msg.s, hub.subscribe(msg.s, listenerFor(msg.s)));
      outbox.watch(msg.s);
      post({ kind: 'state', state: state() });
      return;
    case 'unsub':
      subs.get(msg.s)?.unsubscribe();
      subs.delete(msg.s);
      outbox.unwatch(msg.s);
      post({ kind: 'state', state: state() });
      return;
    case 'snap':
      outbox.snapshotOf(msg.s, performance.now());
      return;
    case 'close':
      clearInterval(healthTimer);
      void hub.close().finally(() => {
        post({ kind: 'closed' });
        port.close();
      });
      return;
  }
});

import { DomainError, ManualClock } from '@flotilla/core';
import type { AuditReader } from '@flotilla/execution';
import { LocalOrderBook, type MarketDataHub } from '@flotilla/market-data';
import type { EngineManager } from '../../supervisor';
import { CockpitSnapshots } from './cockpit-snapshots';
import { EventHistory } from './event-history';
import { engineStatus } from '../../supervisor/testing/engine-status.fixture';

/** Level i (0-based) of a side around 100, as the wire writes it: 99.9, 99.8, … 99; 100.1, … 101. */
const price = (sign: number, i: number) => String((1000 + sign * (i + 1)) / 10);

/** 12 levels a side around 100, level i of size i + 1. */
function bookOf(symbol: string): LocalOrderBook {
  const book = new LocalOrderBook(symbol);
  const levels = (sign: number) =>
    Array.from({ length: 12 }, (_, i) => [price(sign, i), String(i + 1)] as const);
  book.applySnapshot(levels(-1), levels(1), 1);
  return book;
}

function setup() {
  const books = new Map([['BTCUSDT', bookOf('BTCUSDT')]]);
  const manager = {
    status: (symbol: string) => {
      if (symbol === 'GONEUSDT') throw new DomainError('ENGINE_NOT_FOUND', `no ${symbol}`);
      return engineStatus(symbol, { unrealizedPnl: '1.5', realizedPnl: '-0.25' });
    },
  } as unknown as EngineManager;
  const hub = { book: (symbol: string) => books.get(symbol) } as unknown as MarketDataHub;
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00.000Z'));
  return new CockpitSnapshots(manager, hub, {} as AuditReader, new EventHistory(), clock);
}

describe('CockpitSnapshots.tick: the per-second engine:S tick', () => {
  it('carries mid, PnL and the top 10 levels of each side, read together', () => {
    const tick = setup().tick('BTCUSDT');
    expect(tick).toEqual({
      mid: '100',
      unrealizedPnl: '1.5',
      realizedPnl: '-0.25',
      book: {
        bids: Array.from({ length: 10 }, (_, i) => [price(-1, i), String(i + 1)]),
        asks: Array.from({ length: 10 }, (_, i) => [price(1, i), String(i + 1)]),
      },
      serverTime: '2026-01-01T00:00:00.000Z',
    });
  });

  it('has a null book and mid for an engine without a book, and no tick for an engine gone', () => {
    const snapshots = setup();
    expect(snapshots.tick('ETHUSDT')).toMatchObject({ mid: null, book: null });
    expect(snapshots.tick('GONEUSDT')).toBeNull();
  });
});

import type { LogFields } from '@flotilla/core';
import type { ConnectionHealth } from '../bybit-connection';
import type { MarketDataStats } from '../hub-stats';
import type { IngestOptions } from '../ingest-gate';
import type { IngestionReport, IngestWindow } from '../ingest-probe';
import type { SymbolHealth } from '../symbol-feed';

/** What a worker is started with (workerData). Its clock is the system clock. */
export interface WorkerInit {
  readonly shard: number;
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  readonly topicsPerConnection?: number;
  readonly bookDepth?: number;
  readonly pingIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  readonly staleAfterMs?: number;
  readonly connectTimeoutMs?: number;
  readonly backoff?: { initialMs?: number; maxMs?: number; resetAfterMs?: number };
  readonly resync?: { initialMs?: number; maxMs?: number; resetAfterMs?: number };
  readonly ingest?: Omit<IngestOptions, 'yieldTurn'>;
  /** Period of the health snapshots, ms. */
  readonly healthEveryMs: number;
}

export type ToWorker =
  | { readonly op: 'sub'; readonly s: string }
  | { readonly op: 'unsub'; readonly s: string }
  /** The mirror could not apply an update: send the book whole. */
  | { readonly op: 'snap'; readonly s: string }
  | { readonly op: 'close' };

/**
 * Events as flat tuples (cheap to clone). `at` is the arrival in ms since the epoch of
 * performance.timeOrigin (same for every thread), so the main thread recovers its monotonic time.
 * Book: [.., updateId, ts, at, snapshot?1:0, bids, asks], every applied update (snapshot or
 * delta) in order, levels flattened [price, size, price, size, ...]. Trade: [id, price, size, side, T, ...].
 * 'n': a book update whose levels went as numbers (the usual case): [.., updateId, ts, at,
 * snapshot?1:0, offset, bids, asks], its levels in the batch's `levels` from offset (see
 * LocalOrderBook.applyScaled); 'b' carries the texts of an update a number cannot give back.
 * 'u': the symbol's book lost its sync. 'h': the symbol's health changed.
 */
export type WireEvent =
  | readonly ['b', string, number, number, number, 0 | 1, string[], string[]]
  | readonly ['n', string, number, number, number, 0 | 1, number, number, number]
  | readonly ['t', string, number, Array<string | number>]
  | readonly [
      'k',
      string,
      number,
      number,
      string | null,
      string | null,
      string | null,
      string | null,
    ]
  | readonly ['u', string]
  | readonly ['h', string, SymbolHealth];

export interface WorkerHealth {
  readonly stats: MarketDataStats;
  readonly connections: ConnectionHealth[];
  readonly ingestion: IngestionReport;
  readonly window: IngestWindow;
  readonly symbols: Record<string, SymbolHealth>;
}

/** Sent with every events batch and after each (un)subscribe: cheap, so always current. */
export interface WorkerState {
  readonly stats: MarketDataStats;
  readonly connections: ConnectionHealth[];
}

export type FromWorker =
  | {
      readonly kind: 'events';
      readonly events: WireEvent[];
      /** The 'n' events' levels (transferred, not copied); null when the batch has none. */
      readonly levels: Float64Array | null;
      readonly state: WorkerState;
    }
  | { readonly kind: 'state'; readonly state: WorkerState }
  | { readonly kind: 'health'; readonly health: WorkerHealth }
  | {
      readonly kind: 'log';
      readonly level: 'info' | 'warn' | 'error';
      readonly msg: string;
      readonly fields?: LogFields;
    }
  | { readonly kind: 'closed' };

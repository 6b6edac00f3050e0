import type { Clock, StructuredLogger } from '@flotilla/core';
import type { IntentSink, Signal, Strategy } from '@flotilla/trading';
import type { ExecutionFactory, ExecutionStatusView } from './execution-handle';
import type { EngineTrigger } from './lifecycle';
import type { EngineState, MarketDataPort } from './ports';

export type FaultKind = 'crash' | 'hang' | 'error';

export interface EngineFault {
  readonly kind: FaultKind;
  readonly error: Error;
}

export interface EngineTransition {
  readonly symbol: string;
  readonly from: EngineState;
  readonly to: EngineState;
  readonly trigger: EngineTrigger;
  readonly reason: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface TradingEngineDeps {
  symbol: string;
  marketData: MarketDataPort;
  /** Called on every start: a restart gets a fresh strategy (crash-only, no state carried over). */
  createStrategy: () => Strategy;
  /** Where intents go when there is no execution (createExecution unset). */
  intents: IntentSink;
  /** Builds each run's execution; when set, intents, books, timer ticks and venue events go to it. */
  createExecution?: ExecutionFactory;
  clock: Clock;
  logger: StructuredLogger;
  /** Told at once when a handler exception crashes the engine (not when the supervisor kills it). */
  onFault: (symbol: string, fault: EngineFault) => void;
  onSignal?: (signal: Signal, tickToSignalMs: number) => void;
  onTransition?: (transition: EngineTransition) => void;
  heartbeatIntervalMs?: number;
  mailboxCapacity?: number;
  /** Signals kept in memory; a function is read again at every start (config applies on next start). */
  signalHistorySize?: number | (() => number | undefined);
  /** Timestamps of handled errors kept for error-spike detection. */
  errorHistorySize?: number;
  /** Events handled per drain turn before yielding to other engines and I/O. */
  maxEventsPerTurn?: number;
  /**
   * How a drain of newly posted events is scheduled; by default in a microtask shared by every
   * engine's drains of the same turn (lowest latency, one microtask per batch: microtask-batch.ts).
   */
  schedule?: (fn: () => void) => void;
  /** How a drain continues after maxEventsPerTurn events; setImmediate by default (yields to I/O). */
  yieldTurn?: (fn: () => void) => void;
  /**
   * Takes over a fault state persisted by an earlier process (crashed, or failed at the restart
   * limit), so a reboot can neither bypass the restart limit nor the RecoveryPolicy's delay.
   */
  restore?: { state: 'crashed' | 'failed'; lastError: string | null };
}

/** A point-in-time view of one engine; times are epoch ms. */
/** What a liveness check reads: no execution status, nothing made for it. */
export interface EngineLiveness {
  symbol: string;
  state: EngineState;
  startedAtMs: number | null;
  lastHeartbeatMs: number | null;
}

/** The running totals a metrics scrape sums over the fleet; nothing made for them either. */
export interface EngineCounters {
  state: EngineState;
  eventsProcessed: number;
  errorCount: number;
}

export interface EngineSnapshot extends EngineLiveness {
  /** Set while a handler has been running without settling. */
  inFlightSinceMs: number | null;
  eventsProcessed: number;
  errorCount: number;
  lastError: string | null;
  droppedEvents: number;
  conflatedEvents: number;
  mailboxSize: number;
  signalsEmitted: number;
  nextRestartAtMs: number | null;
  /** The live run's execution, or the last run's final status while stopped or crashed. */
  execution: ExecutionStatusView | null;
}

export const ENGINE_DEFAULTS = Object.freeze({
  heartbeatIntervalMs: 1000,
  mailboxCapacity: 1024,
  signalHistorySize: 200,
  errorHistorySize: 64,
  maxEventsPerTurn: 256,
});

import type { BookEvent, Decimal } from '@flotilla/core';
import type { Intent } from '@flotilla/trading';
import type { VenueEvent } from './ports';

/**
 * What the engine actor offers its execution: a way to run work inside the actor (venue answers
 * and private-stream events come back through it, never handled on the caller's stack) and a way
 * to pause the engine (no new entries) with a reason.
 */
export interface ExecutionHost {
  readonly symbol: string;
  /** Runs fn inside the actor, after what is already queued; ignored once the run has ended. */
  post(name: string, fn: () => void): void;
  /** Engine running → paused; lastError is set to the reason. No-op if not running. */
  pause(reason: string): void;
  /** True while the engine takes new entries (running, not paused). */
  entriesAllowed(): boolean;
}

/** The position part of an engine's status, domain form (decimals as Decimal, times epoch ms). */
export interface ExecutionStatusView {
  readonly position: {
    readonly state: string;
    readonly side: 'long' | 'short' | 'flat';
    readonly qty: Decimal;
    readonly entryPrice: Decimal | null;
    readonly stopPrice: Decimal | null;
    readonly stopConfirmed: boolean;
    readonly takeProfitPrice: Decimal | null;
    readonly openedAtMs: number | null;
    /** The trailing stop: null when the execution has none for this position. */
    readonly trailing?: {
      readonly active: boolean;
      /** The best mark since activation (highest for a long, lowest for a short). */
      readonly bestPrice: Decimal | null;
      readonly lastMoveAtMs: number | null;
    } | null;
    /** young (< agedAfterMs), break-even (exit at the entry price), closing-in (exit moving). */
    readonly ageStage?: 'young' | 'break-even' | 'closing-in' | null;
    /** The aged position's one exit order standing on the venue. */
    readonly exitOrder?: { readonly clientOrderId: string; readonly price: Decimal } | null;
  } | null;
  readonly unrealizedPnl: Decimal;
  readonly realizedPnl: Decimal;
  readonly tradeCount: number;
  /** pending → running → done (or failed: retried); no entry before done. */
  readonly reconcile: {
    readonly state: 'pending' | 'running' | 'done' | 'failed';
    readonly atMs: number | null;
    readonly differences: number;
    readonly error: string | null;
  };
}

/**
 * One engine run's execution (libs/execution implements it). Every method is called from inside
 * the actor, one at a time; none blocks: venue calls are started and their outcome is posted back
 * through the host. Built afresh at every start (crash-only): it learns its position from the
 * venue in start(), never from an earlier run's memory.
 */
export interface EngineExecution {
  /** Begins reconciliation with the venue; entries wait until it is done. */
  start(): void;
  /** The run ends (stop, crash, kill): stop timers, ignore later answers. Never touches the venue's stop. */
  stop(): void;
  onIntent(intent: Intent): void;
  onBook(event: BookEvent): void;
  onTimer(nowMs: number): void;
  onVenueEvent(event: VenueEvent): void;
  /** Cancel entries, close the position reduce-only; the stop stays until flat. */
  flatten(reason: string, actor: string, requestId: string | null): void;
  status(): ExecutionStatusView;
  /**
   * A fleet job's tick: 'guard' checks that an open position has a live venue-side stop,
   * 'zombies' sweeps venue orders nothing here stands behind (each decides whether it is due).
   */
  maintenance?(job: MaintenanceJob, nowMs: number): void;
}

/** A fleet-wide periodic job an execution takes part in (apps/orchestrator fleet jobs). */
export type MaintenanceJob = 'guard' | 'zombies';

export type ExecutionFactory = (host: ExecutionHost) => EngineExecution;

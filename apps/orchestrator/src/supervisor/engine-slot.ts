import { errorMessage, isoOrNull, type FeedHealth, type TimerHandle } from '@flotilla/core';
import {
  TradingEngine,
  type DesiredState,
  type EngineFault,
  type EngineHealthSnapshot,
  type EngineSnapshot,
  type EngineTransition,
  type MarketDataPort,
  type TradingEngineDeps,
} from '@flotilla/engine';
import { ImbalanceStrategy, resolveStrategyParams } from '@flotilla/trading';
import type { EngineManagerDeps } from './engine-manager.types';
import { buildEngineStatus, type EngineStatus } from './engine-status';

/** What EngineManager keeps per symbol beside the engine itself. */
export interface Slot {
  readonly engine: TradingEngine;
  desired: DesiredState;
  /** Epoch ms of automatic restarts (RecoveryPolicy's window). */
  history: number[];
  restartCount: number;
  runningSinceMs: number | null;
  restartTimer: TimerHandle | null;
}

export interface SlotHooks {
  onFault: (symbol: string, fault: EngineFault) => void;
  onTransition: (transition: EngineTransition) => void;
  errorHistorySize: number;
}

/** One symbol's engine wired to the manager's ports; the strategy is built afresh at every start. */
export function newSlot(
  deps: EngineManagerDeps,
  symbol: string,
  desired: DesiredState,
  history: number[],
  hooks: SlotHooks,
  restore?: TradingEngineDeps['restore'],
): Slot {
  const { clock } = deps;
  const engine = new TradingEngine({
    symbol,
    marketData: deps.marketData,
    createStrategy: () =>
      new ImbalanceStrategy({ symbol, clock, params: deps.strategyParams(symbol) }),
    intents: deps.intents,
    createExecution: deps.createExecution?.(symbol),
    clock,
    logger: deps.engineLogger(symbol),
    onFault: hooks.onFault,
    onSignal: deps.onSignal,
    onTransition: hooks.onTransition,
    heartbeatIntervalMs: deps.heartbeatIntervalMs,
    signalHistorySize: () => deps.signalHistorySize?.(symbol),
    errorHistorySize: hooks.errorHistorySize,
    restore,
  });
  return { engine, desired, history, restartCount: 0, runningSinceMs: null, restartTimer: null };
}

/** SPEC 6 EngineStatus of one slot; a symbol the feed no longer knows reads as disconnected. */
export function slotStatus(slot: Slot, marketData: MarketDataPort, nowMs: number): EngineStatus {
  let feed: FeedHealth | null = null;
  try {
    feed = marketData.feedHealth(slot.engine.symbol);
  } catch {
    feed = null;
  }
  return buildEngineStatus(slot.engine.status(), slot.desired, slot.restartCount, feed, nowMs);
}

/** What the registry keeps of an engine's health at each transition. */
export function healthSnapshot(snap: EngineSnapshot): EngineHealthSnapshot {
  return {
    lastHeartbeat: isoOrNull(snap.lastHeartbeatMs),
    eventsProcessed: snap.eventsProcessed,
    errorCount: snap.errorCount,
    lastError: snap.lastError,
  };
}

/** Why a start of symbol would fail on its parameters (the start's own validator), else null. */
export function startProblem(deps: EngineManagerDeps, symbol: string): string | null {
  try {
    resolveStrategyParams(deps.strategyParams(symbol));
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

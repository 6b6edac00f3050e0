import { ENGINE_STATES, type EngineState, type TradingEngine } from '@flotilla/engine';
import type { Signal } from '@flotilla/trading';
import type { SignalQuery } from './engine-manager.types';

export interface FleetTotals {
  states: Record<EngineState, number>;
  eventsProcessed: number;
  /** Handled (non-fatal) errors, injected ones included. */
  handledErrors: number;
}

/** Engines per state and events handled, from the engines' counters (nothing built per engine). */
export function fleetTotals(engines: Iterable<TradingEngine>): FleetTotals {
  const states = Object.fromEntries(ENGINE_STATES.map((st) => [st, 0])) as Record<
    EngineState,
    number
  >;
  let eventsProcessed = 0;
  let handledErrors = 0;
  for (const engine of engines) {
    const snap = engine.counters();
    states[snap.state]++;
    eventsProcessed += snap.eventsProcessed;
    handledErrors += snap.errorCount;
  }
  return { states, eventsProcessed, handledErrors };
}

/** Signals of the given engines, newest first, filtered by since, at most limit (1..1000, default 100). */
export function querySignals(engines: Iterable<TradingEngine>, query: SignalQuery): Signal[] {
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
  return [...engines]
    .flatMap((engine) => engine.signals())
    .filter((sig) => query.since === undefined || sig.at >= query.since)
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
}

import type { StructuredLogger } from '@flotilla/core';
import type { DesiredState, EngineState, FaultKind, TradingEngineDeps } from '@flotilla/engine';
import type { Slot } from './engine-slot';
import type { ResumeItem, ResumeSummary } from './resume-plan';

/** What boot resume needs of the EngineManager. */
export interface ResumeHost {
  listed(symbol: string): boolean;
  has(symbol: string): boolean;
  writeObserved(symbol: string, state: EngineState): void;
  logger: StructuredLogger;
  createSlot(
    symbol: string,
    desired: DesiredState,
    history: number[],
    restore?: TradingEngineDeps['restore'],
  ): Slot;
  handleFault(symbol: string, kind: FaultKind, reason: string): void;
}

/** States only a live process holds: a record still saying one of them at boot was left by a process that died. */
const LIVE: ReadonlySet<EngineState> = new Set(['starting', 'running', 'paused', 'stopping']);

/**
 * Creates every listed record's engine as the plan says (see ResumeAction); the caller starts the
 * `started` ones afterwards, staggered. A record a killed process left saying live (running,
 * paused…) is corrected to what its engine is now, and the corrections are logged once.
 */
export function resumeFleet(host: ResumeHost, items: readonly ResumeItem[]): ResumeSummary {
  const summary: ResumeSummary = { started: [], recovering: [], heldFailed: [], corrected: [] };
  for (const item of items) {
    const { symbol } = item;
    if (!host.listed(symbol)) {
      host.logger.warn('registry symbol not listed on the venue; skipped', { symbol });
      continue;
    }
    if (host.has(symbol)) continue;
    const now = resumeOne(host, item, summary).engine.currentState;
    if (!LIVE.has(item.lastObserved) || item.lastObserved === now) continue;
    summary.corrected.push(symbol);
    host.writeObserved(symbol, now);
  }
  if (summary.corrected.length > 0) {
    host.logger.warn('corrected observed states a killed process left live', {
      count: summary.corrected.length,
      symbols: summary.corrected,
    });
  }
  return summary;
}

function resumeOne(host: ResumeHost, item: ResumeItem, summary: ResumeSummary): Slot {
  const { symbol, action, desired, history, lastError } = item;
  if (action === 'idle' || action === 'start') {
    const slot = host.createSlot(symbol, desired, history);
    if (action === 'start') summary.started.push(symbol);
    return slot;
  }
  const state = action === 'recover' ? 'crashed' : 'failed';
  const slot = host.createSlot(symbol, desired, history, { state, lastError });
  if (action === 'recover') {
    summary.recovering.push(symbol);
    host.handleFault(symbol, 'crash', `process restarted while engine was ${item.lastObserved}`);
  } else {
    summary.heldFailed.push(symbol);
    host.logger.warn('engine failed before this boot; stays failed until an operator start', {
      symbol,
      lastError,
    });
  }
  return slot;
}

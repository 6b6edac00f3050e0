import { DomainError, errorMessage, type StructuredLogger } from '@flotilla/core';
import type { EngineState } from '@flotilla/engine';
import type { Slot } from './engine-slot';
import type { EngineStatus } from './engine-status';

const LIVE: ReadonlySet<EngineState> = new Set(['running', 'paused']);

export interface FlattenOutcome {
  /** Engines told to flatten, by symbol. */
  readonly flattened: string[];
  /** Live engines that refused (the message says why). */
  readonly failed: { symbol: string; message: string }[];
}

/**
 * The operator's pause, resume and flatten on EngineManager's slots. Pause is kept in memory: the
 * registry's desired state knows only running and stopped, so an engine paused by an operator comes
 * back running after a process restart, and an operator start or restart clears the pause; an
 * automatic restart (crash → backoff → starting) pauses it again at once, before it can enter.
 */
export interface OperatorCommandsDeps {
  /** Throws ENGINE_NOT_FOUND (404) for a symbol with no engine. */
  slotOf(symbol: string): Slot;
  slots(): Iterable<Slot>;
  status(symbol: string): EngineStatus;
  logger: StructuredLogger;
}

export class OperatorCommands {
  private readonly paused = new Set<string>();

  constructor(private readonly deps: OperatorCommandsDeps) {}

  /** running → paused: no new entries; the engine keeps its book and manages its position. */
  pause(symbol: string): EngineStatus {
    const { engine } = this.deps.slotOf(symbol);
    const state = engine.currentState;
    if (state !== 'running') {
      throw new DomainError(
        'ENGINE_CONFLICT',
        `engine ${symbol} is ${state}; pause needs a running engine`,
      );
    }
    engine.pause('operator pause');
    this.paused.add(symbol);
    return this.deps.status(symbol);
  }

  /** paused → running. */
  resume(symbol: string): EngineStatus {
    const { engine } = this.deps.slotOf(symbol);
    const state = engine.currentState;
    if (state !== 'paused') {
      throw new DomainError(
        'ENGINE_CONFLICT',
        `engine ${symbol} is ${state}; resume needs a paused engine`,
      );
    }
    engine.resume('operator resume');
    this.paused.delete(symbol);
    return this.deps.status(symbol);
  }

  /** A live (running or paused) engine closes its position; it keeps running (pause it to stop entries). */
  flatten(symbol: string, actor: string, requestId: string | null): EngineStatus {
    const { engine } = this.deps.slotOf(symbol);
    const state = engine.currentState;
    if (!LIVE.has(state)) {
      throw new DomainError(
        'ENGINE_CONFLICT',
        `engine ${symbol} is ${state}; flatten needs a running or paused engine`,
      );
    }
    engine.flatten('operator flatten', actor, requestId);
    return this.deps.status(symbol);
  }

  /** Every live engine flattens; one that refuses does not stop the others. */
  flattenLive(reason: string, actor: string, requestId: string | null): FlattenOutcome {
    const outcome: FlattenOutcome = { flattened: [], failed: [] };
    for (const { engine } of this.deps.slots()) {
      if (!LIVE.has(engine.currentState)) continue;
      try {
        engine.flatten(reason, actor, requestId);
        outcome.flattened.push(engine.symbol);
      } catch (e) {
        const message = errorMessage(e);
        outcome.failed.push({ symbol: engine.symbol, message });
        this.deps.logger.error('flatten failed', { symbol: engine.symbol, reason, error: message });
      }
    }
    outcome.flattened.sort();
    return outcome;
  }

  /** An operator start, stop or restart: the engine's next run is not paused. */
  forget(symbol: string): void {
    this.paused.delete(symbol);
  }

  /** The engine (re)started: one an operator paused is paused again before it takes an entry. */
  started(symbol: string): void {
    if (!this.paused.has(symbol)) return;
    const { engine } = this.deps.slotOf(symbol);
    if (engine.currentState !== 'running') return;
    engine.pause('operator pause (kept across an automatic restart)');
    this.deps.logger.info('engine paused again after restart', { symbol });
  }
}

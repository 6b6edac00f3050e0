import type { BookEvent } from '@flotilla/core';
import type { Intent } from '@flotilla/trading';
import type { SignalHistory } from './engine-history';
import type { Run } from './engine-run';
import type { TradingEngineDeps } from './engine-types';
import type { MailboxItem } from './mailbox';

export type DispatchDeps = Pick<TradingEngineDeps, 'clock' | 'logger' | 'intents' | 'onSignal'>;

export interface DispatchState {
  paused(): boolean;
  /** A non-fatal error (a failing hook or sink): recorded, the engine carries on. */
  handledError(error: Error): void;
}

/**
 * Handles one mailbox item inside the actor: market data and timer ticks go through the strategy,
 * its intents to the execution (or the intent sink), commands run. What escapes crashes the run.
 */
export class RunDispatcher {
  constructor(
    private readonly deps: DispatchDeps,
    private readonly signalHistory: SignalHistory,
    private readonly engine: DispatchState,
  ) {}

  dispatch(run: Run, item: MailboxItem): void {
    const { strategy } = run;
    switch (item.kind) {
      case 'book':
        this.onBook(run, item.event);
        return;
      case 'trade':
        this.emit(run, strategy.onTrade(item.event), item.event.receivedAtMono);
        return;
      case 'ticker':
        this.emit(run, strategy.onTicker(item.event), item.event.receivedAtMono);
        return;
      case 'timer': {
        const intents = strategy.onTimer(item.nowMs);
        run.execution?.onTimer(item.nowMs);
        this.emit(run, intents, this.deps.clock.monotonicMs());
        return;
      }
      case 'command':
        item.command.run();
        return;
    }
  }

  /** The execution sees the book after the strategy and before its intents (sizing uses the mid). */
  private onBook(run: Run, event: BookEvent): void {
    const intents = run.strategy.onBook(event);
    run.execution?.onBook(event);
    this.emit(run, intents, event.receivedAtMono);
  }

  /**
   * With an execution every intent goes to it (it decides about entries while paused; exits pass)
   * and an exception there crashes the engine; without one, entries are held while paused.
   */
  emit(run: Run, intents: Intent[], receivedAtMono: number): void {
    const { deps, engine } = this;
    for (const intent of intents) {
      const latencyMs = deps.clock.monotonicMs() - receivedAtMono;
      this.signalHistory.record(intent.signal);
      deps.logger.info('signal', {
        signalId: intent.signal.id,
        side: intent.side,
        imbalance: intent.signal.imbalance.toFixed(),
        tickToSignalMs: latencyMs,
      });
      try {
        deps.onSignal?.(intent.signal, latencyMs);
        if (!run.execution && !(engine.paused() && intent.type === 'enter')) {
          deps.intents.submit(intent);
        }
      } catch (e) {
        engine.handledError(e instanceof Error ? e : new Error(String(e)));
      }
      run.execution?.onIntent(intent);
    }
  }
}

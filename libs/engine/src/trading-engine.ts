import { DomainError } from '@flotilla/core';
import type { Intent, Signal } from '@flotilla/trading';
import {
  ENGINE_DEFAULTS,
  type EngineCounters,
  type EngineLiveness,
  type EngineSnapshot,
  type FaultKind,
  type TradingEngineDeps,
} from './engine-types';
import { HandledErrors, SignalHistory } from './engine-history';
import { PendingFaults } from './injected-fault';
import { nextState, type EngineTrigger } from './lifecycle';
import { openRun, postToRun, releaseRun, type Run } from './engine-run';
import type { MaintenanceJob } from './execution-handle';
import type { MailboxItem } from './mailbox';
import type { EngineState, VenueEvent } from './ports';
import { RunDispatcher } from './run-dispatch';
import { RunExecutions, type ExecutionOwner } from './run-execution';
import { engineMicrotasks } from './microtask-batch';

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * One symbol's engine as an actor: market data and timer ticks go into a bounded mailbox and are
 * handled one at a time. Each handled event refreshes the heartbeat; the 1 s timer only posts a
 * tick, so a handler that never settles leaves the heartbeat stale for the HealthMonitor to see.
 */
export class TradingEngine implements ExecutionOwner {
  readonly symbol: string;
  private state: EngineState = 'stopped';
  private run: Run | null = null;
  private readonly maxEventsPerTurn: number;
  private readonly schedule: (fn: () => void) => void;
  private readonly yieldTurn: (fn: () => void) => void;
  private startedAtMs: number | null = null;
  private lastHeartbeatMs: number | null = null;
  private inFlightSinceMs: number | null = null;
  private nextRestartAtMs: number | null = null;
  private eventsProcessed = 0;
  private lastError: string | null = null;
  private droppedBefore = 0;
  private conflatedBefore = 0;
  private readonly pendingFaults = new PendingFaults();
  private readonly signalHistory: SignalHistory;
  private readonly handledErrors: HandledErrors;
  private readonly executions: RunExecutions;
  private readonly dispatcher: RunDispatcher;

  constructor(private readonly deps: TradingEngineDeps) {
    this.symbol = deps.symbol;
    this.maxEventsPerTurn = deps.maxEventsPerTurn ?? ENGINE_DEFAULTS.maxEventsPerTurn;
    this.signalHistory = new SignalHistory(ENGINE_DEFAULTS.signalHistorySize);
    this.handledErrors = new HandledErrors(
      deps.errorHistorySize ?? ENGINE_DEFAULTS.errorHistorySize,
    );
    this.schedule = deps.schedule ?? engineMicrotasks;
    this.yieldTurn = deps.yieldTurn ?? ((fn) => setImmediate(fn));
    this.executions = new RunExecutions(deps.createExecution, deps.logger);
    this.dispatcher = new RunDispatcher(deps, this.signalHistory, {
      paused: () => this.state === 'paused',
      handledError: (e) => this.recordHandledError(e),
    });
    if (deps.restore) {
      // A fresh actor taking over a persisted fault state: not a transition, nothing ran.
      this.state = deps.restore.state;
      this.lastError = deps.restore.lastError;
      deps.logger.info('engine restored', { state: this.state, lastError: this.lastError });
    }
  }

  get currentState(): EngineState {
    return this.state;
  }

  /** From stopped, crashed or failed ('start') or backoff ('restartDue'); subscribes and starts the timer. */
  start(reason: string): void {
    this.transition(this.state === 'backoff' ? 'restartDue' : 'start', reason);
    this.applySignalHistorySize();
    const { clock } = this.deps;
    try {
      this.run = openRun({
        symbol: this.symbol,
        strategy: this.deps.createStrategy(),
        mailboxCapacity: this.deps.mailboxCapacity ?? ENGINE_DEFAULTS.mailboxCapacity,
        marketData: this.deps.marketData,
        clock,
        heartbeatIntervalMs: this.deps.heartbeatIntervalMs ?? ENGINE_DEFAULTS.heartbeatIntervalMs,
        post: (run, item) => this.post(run, item),
        prepare: (run) => this.executions.open(this, run),
        onAbort: (run) => this.executions.close(run),
      });
    } catch (e) {
      const error = asError(e);
      this.run = null;
      this.lastError = `start failed: ${error.message}`;
      this.transition('startFailed', this.lastError);
      this.deps.onFault(this.symbol, { kind: 'crash', error });
      return;
    }
    this.startedAtMs = clock.now();
    this.lastHeartbeatMs = this.startedAtMs;
    this.nextRestartAtMs = null;
    this.pendingFaults.clear();
    this.transition('started', reason);
  }

  /** Idempotent: a stopped engine stays stopped. */
  stop(reason: string): void {
    if (this.state === 'stopped') return;
    this.transition('stop', reason);
    if (this.run) this.release(this.run);
    this.nextRestartAtMs = null;
    this.transition('stopped', reason);
  }

  pause(reason: string): void {
    this.transition('pause', reason);
  }

  resume(reason: string): void {
    this.transition('resume', reason);
  }

  /** The supervisor's force-stop (hang, error spike): crashes the engine without calling onFault. */
  kill(reason: string): void {
    if (this.state !== 'starting' && this.state !== 'running' && this.state !== 'paused') return;
    if (this.run) this.release(this.run);
    this.lastError = reason;
    this.transition('crash', reason);
  }

  /** crashed → backoff until a restart at nextRestartAtMs. */
  enterBackoff(nextRestartAtMs: number, reason: string): void {
    this.transition('scheduleRestart', reason);
    this.nextRestartAtMs = nextRestartAtMs;
  }

  /** crashed → failed: restart limit reached; only an operator start leaves it. */
  fail(reason: string): void {
    this.transition('giveUp', reason);
  }

  /** Chaos hook: takes effect on the next handled event (the 1 s timer guarantees one comes). */
  injectFault(kind: FaultKind): void {
    this.liveRun('faults');
    this.pendingFaults.add(kind);
  }

  /** Drill hook: the intent goes through the actor as if the strategy had emitted it now. */
  injectIntent(intent: Intent): void {
    const run = this.liveRun('a drill signal');
    const at = this.deps.clock.monotonicMs();
    const emit = () => this.dispatcher.emit(run, [intent], at);
    this.post(run, { kind: 'command', command: { name: 'drill.signal', run: emit } });
  }

  /** A private-stream or venue event for this engine's execution; dropped when no run is live. */
  postVenueEvent(event: VenueEvent): void {
    if (this.run) this.executions.postVenueEvent(this, this.run, event);
  }

  /** A fleet job's tick for the live run's execution (no-op without one); true when posted. */
  postMaintenance(job: MaintenanceJob): boolean {
    const run = this.run;
    return run !== null && this.executions.maintain(this, run, job, () => this.deps.clock.now());
  }

  /** The operator's flatten, run inside the actor; ENGINE_CONFLICT without a live run. */
  flatten(reason: string, actor: string, requestId: string | null): void {
    this.executions.flatten(this, this.liveRun('flatten'), { reason, actor, requestId });
  }

  /**
   * The fields the supervisor's health monitor judges, read every second for every engine: unlike
   * status() it builds no execution status (positions, PnL, orders as Decimals and strings).
   */
  liveness(): EngineLiveness {
    return {
      symbol: this.symbol,
      state: this.state,
      startedAtMs: this.startedAtMs,
      lastHeartbeatMs: this.lastHeartbeatMs,
    };
  }

  counters(): EngineCounters {
    return {
      state: this.state,
      eventsProcessed: this.eventsProcessed,
      errorCount: this.handledErrors.count,
    };
  }

  status(): EngineSnapshot {
    return {
      symbol: this.symbol,
      state: this.state,
      startedAtMs: this.startedAtMs,
      lastHeartbeatMs: this.lastHeartbeatMs,
      inFlightSinceMs: this.inFlightSinceMs,
      eventsProcessed: this.eventsProcessed,
      errorCount: this.handledErrors.count,
      lastError: this.lastError,
      droppedEvents: this.droppedBefore + (this.run?.mailbox.dropped ?? 0),
      conflatedEvents: this.conflatedBefore + (this.run?.mailbox.conflated ?? 0),
      mailboxSize: this.run?.mailbox.size ?? 0,
      signalsEmitted: this.signalHistory.emitted,
      nextRestartAtMs: this.nextRestartAtMs,
      execution: this.executions.status(this.run),
    };
  }

  /** Oldest first, bounded by signalHistorySize. */
  signals(): readonly Signal[] {
    return this.signalHistory.list();
  }

  /** Epoch ms of recent handled errors, oldest first, bounded by errorHistorySize. */
  errorTimesMs(): readonly number[] {
    return this.handledErrors.timesMs();
  }

  private applySignalHistorySize(): void {
    const { signalHistorySize } = this.deps;
    const size = typeof signalHistorySize === 'function' ? signalHistorySize() : signalHistorySize;
    this.signalHistory.resize(size ?? ENGINE_DEFAULTS.signalHistorySize);
  }

  /** ExecutionOwner: posts to a released run are ignored. */
  post(run: Run, item: MailboxItem): void {
    if (postToRun(run, item, this.deps.logger)) this.scheduleDrain(run);
  }

  /** ExecutionOwner: the execution's pause (a stop that cannot be placed, a loss limit). */
  pauseRun(run: Run, reason: string): void {
    if (this.run !== run || !run.active || this.state !== 'running') return;
    this.lastError = reason;
    this.transition('pause', reason);
  }

  entriesAllowed(run: Run): boolean {
    return this.run === run && run.active && this.state === 'running';
  }

  private liveRun(what: string): Run {
    if (this.run) return this.run;
    throw new DomainError(
      'ENGINE_CONFLICT',
      `engine ${this.symbol} is ${this.state}; ${what} needs a running engine`,
    );
  }

  /** A fresh event drains right after the I/O callback that brought it; a backlog yields to I/O between turns. */
  private scheduleDrain(run: Run, backlog = false): void {
    if (run.draining || run.scheduled || !run.active) return;
    run.scheduled = true;
    (backlog ? this.yieldTurn : this.schedule)(() => {
      run.scheduled = false;
      void this.drain(run);
    });
  }

  /** Never re-entrant: one drain per run at a time; an escaping exception crashes this engine only. */
  private async drain(run: Run): Promise<void> {
    if (run.draining || !run.active) return;
    run.draining = true;
    try {
      for (let n = 0; n < this.maxEventsPerTurn && run.active; n++) {
        const item = run.mailbox.take();
        if (!item) break;
        const pending = this.handle(run, item);
        if (pending) {
          this.inFlightSinceMs = this.deps.clock.now();
          await pending;
          this.inFlightSinceMs = null;
        }
        if (!run.active) return;
        this.eventsProcessed++;
        this.lastHeartbeatMs = this.deps.clock.now();
      }
    } catch (e) {
      this.crash(run, asError(e));
      return;
    } finally {
      run.draining = false;
    }
    if (run.active && run.mailbox.size > 0) this.scheduleDrain(run, true);
  }

  private handle(run: Run, item: MailboxItem): Promise<void> | undefined {
    const hung = this.pendingFaults.fire((e) => this.recordHandledError(e));
    if (hung) return hung;
    this.dispatcher.dispatch(run, item);
    return undefined;
  }

  private recordHandledError(error: Error): void {
    this.handledErrors.record(this.deps.clock.now());
    this.lastError = error.message;
    this.deps.logger.warn('handled error', {
      error: error.message,
      errorCount: this.handledErrors.count,
    });
  }

  private crash(run: Run, error: Error): void {
    if (!run.active) return;
    this.release(run);
    this.lastError = error.message;
    this.deps.logger.error('engine crashed', { error: error.message, stack: error.stack });
    this.transition('crash', `handler threw: ${error.message}`);
    this.deps.onFault(this.symbol, { kind: 'crash', error });
  }

  private release(run: Run): void {
    this.droppedBefore += run.mailbox.dropped;
    this.conflatedBefore += run.mailbox.conflated;
    releaseRun(run);
    this.executions.close(run);
    if (this.run === run) this.run = null;
    this.inFlightSinceMs = null;
  }

  private transition(trigger: EngineTrigger, reason: string): void {
    const from = this.state;
    const to = nextState(from, trigger);
    this.state = to;
    const at = this.deps.clock.now();
    this.deps.logger.info('engine transition', { from, to, trigger, reason });
    try {
      this.deps.onTransition?.({ symbol: this.symbol, from, to, trigger, reason, at });
    } catch (e) {
      this.deps.logger.error('transition hook failed', { error: asError(e).message });
    }
  }
}

import { DomainError, errorMessage, isoUtc, type TimerHandle } from '@flotilla/core';
import type {
  DesiredState,
  EngineFault,
  EngineRecordPatch,
  EngineState,
  EngineTransition,
  FaultKind,
  MaintenanceJob,
  TradingEngineDeps,
  VenueEvent,
} from '@flotilla/engine';
import { resolveStrategyParams, type Intent, type Signal } from '@flotilla/trading';
import type { EngineManagerDeps, SignalQuery } from './engine-manager.types';
import { summarizeFleet, type EngineStatus, type FleetStatus } from './engine-status';
import { fleetTotals, querySignals, type FleetTotals } from './fleet-queries';
import { FleetSnapshots } from './fleet-snapshots';
import { HealthMonitor } from './health-monitor';
import { RecoveryPolicy } from './recovery-policy';
import { RegistryWriter, type UnsavedWrite } from './registry-writer';
import { healthSnapshot, newSlot, slotStatus, startProblem, type Slot } from './engine-slot';
import { resumeFleet } from './boot-resume';
import { CommandGate } from './command-gate';
import { OperatorCommands, type FlattenOutcome } from './operator-commands';
import { planResume, type ResumeSummary } from './resume-plan';

const STARTABLE: ReadonlySet<EngineState> = new Set(['stopped', 'crashed', 'failed']);
/** An operator's start or restart: should run, restart history cleared (SPEC 4). */
const runAfresh = (): EngineRecordPatch => ({ desiredState: 'running', restartHistory: [] });
/** Hold no subscription or timer; left as they are at shutdown so the registry keeps the fault for the next boot. */
const AT_REST_FAULTED: ReadonlySet<EngineState> = new Set(['crashed', 'backoff', 'failed']);

/** Owns the engines; the HTTP layer calls only this. Detection is HealthMonitor's, decisions RecoveryPolicy's. */
export class EngineManager {
  readonly policy: RecoveryPolicy;
  readonly monitor: HealthMonitor;
  /** The whole fleet's statuses for its readers (HTTP, metrics), built in slices, patched on transitions. */
  readonly snapshots: FleetSnapshots;
  private readonly slots = new Map<string, Slot>();
  private readonly writer: RegistryWriter;
  private readonly bootTimers: TimerHandle[] = [];
  private readonly commands: CommandGate;
  private readonly operator: OperatorCommands;
  private shuttingDown = false;

  constructor(private readonly deps: EngineManagerDeps) {
    this.policy = new RecoveryPolicy(deps.recovery);
    this.snapshots = new FleetSnapshots(this, deps.clock);
    this.writer = new RegistryWriter(deps.registry, deps.logger);
    this.commands = new CommandGate(
      this.writer,
      deps.logger,
      (symbol) => this.slots.get(symbol)?.engine.currentState,
    );
    this.operator = new OperatorCommands({
      slotOf: (symbol) => this.slotOf(symbol),
      slots: () => this.slots.values(),
      status: (symbol) => this.status(symbol),
      logger: deps.logger,
    });
    this.monitor = new HealthMonitor(
      {
        clock: deps.clock,
        engines: () =>
          [...this.slots.values()].map(({ engine }) => ({
            ...engine.liveness(),
            errorTimesMs: engine.errorTimesMs(),
          })),
        onHang: (symbol, ageMs) =>
          this.supervisorKill(symbol, 'hang', `hang: heartbeat age ${ageMs} ms`),
        onErrorSpike: (symbol, count) =>
          this.supervisorKill(symbol, 'error', `error spike: ${count} handled errors`),
      },
      deps.health,
    );
  }

  /** Symbol already normalised. 404 UNKNOWN_SYMBOL if not listed, 409 ENGINE_CONFLICT unless stopped/crashed/failed. */
  async start(symbol: string): Promise<EngineStatus> {
    if (!this.deps.marketData.instrument(symbol)) {
      throw new DomainError('UNKNOWN_SYMBOL', `symbol ${symbol} is not listed on the venue`);
    }
    resolveStrategyParams(this.deps.strategyParams(symbol));
    const check = () => {
      const state = this.slots.get(symbol)?.engine.currentState ?? 'stopped';
      if (!STARTABLE.has(state)) {
        throw new DomainError('ENGINE_CONFLICT', `engine ${symbol} is already ${state}`);
      }
    };
    await this.commands.run(symbol, 'start', runAfresh(), check, () => {
      const slot = this.slots.get(symbol) ?? this.createSlot(symbol, 'stopped', []);
      this.cancelRestart(slot);
      this.operator.forget(symbol);
      slot.history = [];
      slot.desired = 'running';
      // A boot start may have started it while the registry write was in flight.
      if (STARTABLE.has(slot.engine.currentState)) slot.engine.start('operator start');
      this.monitor.start();
    });
    return this.status(symbol);
  }

  /** Idempotent for a stopped engine. */
  async stop(symbol: string): Promise<EngineStatus> {
    const slot = this.slotOf(symbol);
    await this.commands.run(symbol, 'stop', { desiredState: 'stopped' }, null, () => {
      this.cancelRestart(slot);
      slot.desired = 'stopped';
      this.operator.forget(symbol);
      slot.engine.stop('operator stop');
    });
    return this.status(symbol);
  }

  /** From any state, including crashed and failed; clears the restart history. */
  async restart(symbol: string): Promise<EngineStatus> {
    const slot = this.slotOf(symbol);
    resolveStrategyParams(this.deps.strategyParams(symbol));
    await this.commands.run(symbol, 'restart', runAfresh(), null, () => {
      this.cancelRestart(slot);
      slot.engine.stop('operator restart');
      this.operator.forget(symbol);
      slot.history = [];
      slot.desired = 'running';
      slot.engine.start('operator restart');
      this.monitor.start();
    });
    return this.status(symbol);
  }

  /** Operator commands (OperatorCommands): 409 ENGINE_CONFLICT when the engine's state does not allow one. */
  pause(symbol: string): EngineStatus {
    return this.operator.pause(symbol);
  }
  resume(symbol: string): EngineStatus {
    return this.operator.resume(symbol);
  }
  flatten(symbol: string, actor: string, requestId: string | null): EngineStatus {
    return this.operator.flatten(symbol, actor, requestId);
  }
  /** The kill switch's flatten: every running or paused engine. */
  flattenAll(reason: string, actor: string, requestId: string | null): FlattenOutcome {
    return this.operator.flattenLive(reason, actor, requestId);
  }

  /** A private-stream event for symbol's engine (handled inside its actor); false when none runs there. */
  postVenueEvent(symbol: string, event: VenueEvent): boolean {
    const slot = this.slots.get(symbol);
    if (!slot) return false;
    slot.engine.postVenueEvent(event);
    return true;
  }

  /** A fleet job's tick posted into every engine with a live run; how many got it. */
  maintain(job: MaintenanceJob): number {
    let posted = 0;
    for (const slot of this.slots.values()) if (slot.engine.postMaintenance(job)) posted++;
    return posted;
  }

  status(symbol: string): EngineStatus {
    return slotStatus(this.slotOf(symbol), this.deps.marketData, this.deps.clock.now());
  }

  /** Engines per state and events handled, without building every status (for metrics scrapes). */
  totals(): FleetTotals {
    return fleetTotals([...this.slots.values()].map((s) => s.engine));
  }

  /** Every engine's status in one go; readers of the whole fleet use FleetSnapshots (sliced, shared). */
  fleetStatus(): FleetStatus {
    const now = this.deps.clock.now();
    return summarizeFleet(this.fleetSymbols().flatMap((s) => this.statusAt(s, now) ?? []));
  }

  /** The engines' symbols, sorted (the fleet status's order). */
  fleetSymbols(): string[] {
    return [...this.slots.keys()].sort();
  }

  /** One engine's status at nowMs; undefined when there is no engine for symbol. */
  statusAt(symbol: string, nowMs: number): EngineStatus | undefined {
    const slot = this.slots.get(symbol);
    return slot === undefined ? undefined : slotStatus(slot, this.deps.marketData, nowMs);
  }

  /** Newest first. */
  signals(query: SignalQuery = {}): Signal[] {
    const slots = query.symbol ? [this.slots.get(query.symbol)] : [...this.slots.values()];
    return querySignals(
      slots.flatMap((s) => (s ? [s.engine] : [])),
      query,
    );
  }

  injectFault(symbol: string, type: FaultKind): void {
    this.slotOf(symbol).engine.injectFault(type);
  }

  /** Drill hook: the intent enters the engine's actor as a strategy's would (ENGINE_CONFLICT unless live). */
  injectIntent(symbol: string, intent: Intent): void {
    this.slotOf(symbol).engine.injectIntent(intent);
  }

  /**
   * Loads every record and brings back what should run (see ResumeAction): healthy ones start one
   * per staggerMs, crashed ones go through the RecoveryPolicy, failed ones stay failed.
   */
  async resumeFromRegistry(staggerMs: number): Promise<ResumeSummary> {
    const summary = resumeFleet(
      {
        createSlot: this.createSlot.bind(this),
        handleFault: this.handleFault.bind(this),
        listed: (symbol) => this.deps.marketData.instrument(symbol) !== undefined,
        has: (symbol) => this.slots.has(symbol),
        writeObserved: (symbol, observedState) => void this.writer.write(symbol, { observedState }),
        logger: this.deps.logger,
      },
      planResume(await this.deps.registry.list()),
    );
    summary.started.forEach((symbol, i) => {
      if (i === 0) this.bootStart(symbol);
      else
        this.bootTimers.push(
          this.deps.clock.setTimeout(() => this.bootStart(symbol), i * staggerMs),
        );
    });
    return summary;
  }

  /** Stops every engine without touching desiredState, so the next boot resumes them; flushes the registry. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.monitor.stop();
    this.bootTimers.forEach((t) => t.cancel());
    await Promise.all(
      [...this.slots.values()].map(async (slot) => {
        this.cancelRestart(slot);
        if (AT_REST_FAULTED.has(slot.engine.currentState)) return;
        try {
          slot.engine.stop('shutdown');
        } catch (e) {
          this.deps.logger.error('engine stop failed at shutdown', {
            symbol: slot.engine.symbol,
            error: errorMessage(e),
          });
        }
      }),
    );
    await this.writer.flush();
  }

  /** Resolves once every registry write queued so far has landed or failed. */
  flushRegistry(): Promise<void> {
    return this.writer.flush();
  }

  /** Engine changes the registry never saved (their writes failed); empty after a clean run. */
  unsavedWrites(): UnsavedWrite[] {
    return this.writer.unsavedWrites();
  }

  /**
   * A start that fails (the engine's start hook threw) leaves the engine crashed with lastError,
   * and handleFault decides: failed for a bad configuration, else the RecoveryPolicy.
   */
  private bootStart(symbol: string): void {
    const slot = this.slots.get(symbol);
    if (this.shuttingDown || !slot || !STARTABLE.has(slot.engine.currentState)) return;
    slot.engine.start('resume from registry');
    this.monitor.start();
    const { state, lastError } = slot.engine.status();
    if (state === 'running') return;
    this.deps.logger.error('resume failed', { symbol, state, error: lastError });
    this.deps.onResumeFailure?.(symbol, lastError ?? state);
  }

  private createSlot(
    symbol: string,
    desired: DesiredState,
    history: number[],
    restore?: TradingEngineDeps['restore'],
  ): Slot {
    const hooks = {
      onFault: (s: string, fault: EngineFault) =>
        this.handleFault(s, fault.kind, fault.error.message),
      onTransition: (t: EngineTransition) => this.onTransition(t),
      errorHistorySize: Math.max(64, this.monitor.config.errorSpikeCount + 1),
    };
    const slot = newSlot(this.deps, symbol, desired, history, hooks, restore);
    this.slots.set(symbol, slot);
    return slot;
  }

  private supervisorKill(symbol: string, kind: FaultKind, reason: string): void {
    const slot = this.slots.get(symbol);
    if (!slot) return;
    this.deps.logger.warn('supervisor kills engine', { symbol, kind, reason });
    slot.engine.kill(reason);
    this.handleFault(symbol, kind, reason);
  }

  /**
   * Every automatic restart goes through the policy; the first one has no delay. An engine its
   * configuration cannot start is failed at once: restarting would not change the configuration.
   */
  private handleFault(symbol: string, kind: FaultKind, reason: string): void {
    const slot = this.slots.get(symbol);
    if (!slot || this.shuttingDown || slot.engine.currentState !== 'crashed') return;
    const rule = startProblem(this.deps, symbol); // no restart can fix a configuration
    if (rule !== null) {
      slot.engine.fail(`configuration cannot start: ${rule}`);
      const fields = { symbol, alert: 'engine_config_invalid', fault: kind, rule };
      this.deps.logger.error('ALERT engine failed: its configuration cannot start', fields);
      return;
    }
    const now = this.deps.clock.now();
    const decision = this.policy.decide(slot.history, now, slot.runningSinceMs);
    slot.history = decision.history;
    void this.writer.write(symbol, { restartHistory: slot.history.map(isoUtc) });
    if (decision.action === 'fail') {
      slot.engine.fail(decision.reason);
      this.deps.logger.error('ALERT engine failed: restart limit reached', {
        symbol,
        alert: 'engine_restart_limit',
        fault: kind,
        lastError: reason,
        restartsInWindow: slot.history.length,
        maxRestartsPerHour: this.policy.config.maxRestartsPerHour,
      });
      return;
    }
    const { delayMs, attempt } = decision;
    slot.engine.enterBackoff(
      now + delayMs,
      `${kind}: ${reason}; restart #${attempt} in ${delayMs} ms`,
    );
    const due = () => this.restartDue(symbol);
    if (delayMs === 0) queueMicrotask(due);
    else slot.restartTimer = this.deps.clock.setTimeout(due, delayMs);
  }

  private restartDue(symbol: string): void {
    const slot = this.slots.get(symbol);
    if (!slot || this.shuttingDown || slot.engine.currentState !== 'backoff') return;
    slot.restartTimer = null;
    slot.restartCount++;
    slot.engine.start('automatic restart');
    this.monitor.start();
  }

  private onTransition(t: EngineTransition): void {
    const slot = this.slots.get(t.symbol);
    if (!slot) return;
    if (t.trigger === 'started') slot.runningSinceMs = t.at;
    void this.writer.write(t.symbol, {
      observedState: t.to,
      health: healthSnapshot(slot.engine.status()),
    });
    const status = this.status(t.symbol);
    this.snapshots.patch(status);
    this.deps.onStateChange?.({ ...t, status });
    if (t.trigger === 'started') this.operator.started(t.symbol);
  }

  private cancelRestart(slot: Slot): void {
    slot.restartTimer?.cancel();
    slot.restartTimer = null;
  }

  private slotOf(symbol: string): Slot {
    const slot = this.slots.get(symbol);
    if (!slot) throw new DomainError('ENGINE_NOT_FOUND', `no engine for ${symbol}`);
    return slot;
  }
}

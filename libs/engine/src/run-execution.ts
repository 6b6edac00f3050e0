import { DomainError, type StructuredLogger } from '@flotilla/core';
import type { Run } from './engine-run';
import type {
  ExecutionFactory,
  ExecutionHost,
  ExecutionStatusView,
  MaintenanceJob,
} from './execution-handle';
import type { MailboxItem } from './mailbox';
import type { VenueEvent } from './ports';

/** What a run's execution host needs from the engine actor that owns the run. */
export interface ExecutionOwner {
  readonly symbol: string;
  /** Posts into the run's mailbox; the engine ignores posts to a released run. */
  post(run: Run, item: MailboxItem): void;
  /** running → paused with lastError = reason, only while run is the engine's live run. */
  pauseRun(run: Run, reason: string): void;
  /** True while run is the engine's live run and the engine is running (not paused). */
  entriesAllowed(run: Run): boolean;
}

/** A host bound to one run: once the run ends, its posts are ignored and pause is a no-op. */
export function hostFor(owner: ExecutionOwner, run: Run): ExecutionHost {
  return {
    symbol: owner.symbol,
    post: (name, fn) => owner.post(run, { kind: 'command', command: { name, run: fn } }),
    pause: (reason) => owner.pauseRun(run, reason),
    entriesAllowed: () => owner.entriesAllowed(run),
  };
}

/**
 * Keeps the execution side of an engine's runs: builds each run's execution and posts its start as
 * the run's first command, stops it exactly once when the run ends, and keeps its last status so
 * a stopped or crashed engine still shows its realised PnL until the next start replaces it.
 */
export class RunExecutions {
  private lastStatus: ExecutionStatusView | null = null;

  constructor(
    private readonly factory: ExecutionFactory | undefined,
    private readonly logger: StructuredLogger,
  ) {}

  /** Called from openRun's prepare: before market data flows, so start() is handled first. */
  open(owner: ExecutionOwner, run: Run): void {
    this.lastStatus = null;
    if (!this.factory) return;
    const execution = this.factory(hostFor(owner, run));
    run.execution = execution;
    owner.post(run, {
      kind: 'command',
      command: { name: 'execution.start', run: () => execution.start() },
    });
  }

  /** The run ended (stop, crash, kill, failed open): stop() once, keep the final status. */
  close(run: Run): void {
    const execution = run.execution;
    if (!execution) return;
    run.execution = null;
    try {
      execution.stop();
    } catch (e) {
      this.logger.error('execution stop failed', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
    try {
      this.lastStatus = execution.status();
    } catch (e) {
      this.logger.error('execution status failed', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  /** Runs execution.onVenueEvent inside the actor; dropped when the run has no execution. */
  postVenueEvent(owner: ExecutionOwner, run: Run, event: VenueEvent): void {
    const execution = run.execution;
    if (!execution) return;
    owner.post(run, {
      kind: 'command',
      command: { name: `venue.${event.kind}`, run: () => execution.onVenueEvent(event) },
    });
  }

  /** Runs execution.flatten inside the actor; ENGINE_CONFLICT when the run has no execution. */
  flatten(
    owner: ExecutionOwner,
    run: Run,
    by: { reason: string; actor: string; requestId: string | null },
  ): void {
    const execution = run.execution;
    if (!execution) {
      throw new DomainError(
        'ENGINE_CONFLICT',
        `engine ${owner.symbol} has no execution to flatten`,
      );
    }
    owner.post(run, {
      kind: 'command',
      command: {
        name: 'flatten',
        run: () => execution.flatten(by.reason, by.actor, by.requestId),
      },
    });
  }

  /** Runs execution.maintenance inside the actor at the clock's time then; false without an execution. */
  maintain(owner: ExecutionOwner, run: Run, job: MaintenanceJob, now: () => number): boolean {
    const execution = run.execution;
    if (!execution?.maintenance) return false;
    owner.post(run, {
      kind: 'command',
      command: { name: `maintenance.${job}`, run: () => execution.maintenance?.(job, now()) },
    });
    return true;
  }

  /** The live run's status, else the last run's final one, else null. */
  status(run: Run | null): ExecutionStatusView | null {
    return run?.execution?.status() ?? this.lastStatus;
  }
}

import type { Clock, StructuredLogger, TimerHandle } from '@flotilla/core';
import type { Strategy } from '@flotilla/trading';
import type { EngineExecution } from './execution-handle';
import { Mailbox, type MailboxItem } from './mailbox';
import type { MarketDataPort, MarketDataSubscription } from './ports';

/** Everything one start owns; released as a unit, so a hung drain loop keeps only a dead run alive. */
export interface Run {
  readonly strategy: Strategy;
  readonly mailbox: Mailbox;
  /** This run's execution (null without a factory); stopped and cleared when the run ends. */
  execution: EngineExecution | null;
  /** The command backlog that next earns a warning (doubles each time). */
  commandWarnAt: number;
  subscription: MarketDataSubscription | null;
  timer: TimerHandle | null;
  active: boolean;
  draining: boolean;
  scheduled: boolean;
}

export interface RunSources {
  symbol: string;
  strategy: Strategy;
  mailboxCapacity: number;
  marketData: MarketDataPort;
  clock: Clock;
  heartbeatIntervalMs: number;
  /** Where the run's events go; the engine ignores posts to a released run. */
  post: (run: Run, item: MailboxItem) => void;
  /**
   * Called with the new run before market data is subscribed, so what it posts comes first (the
   * execution's start). If the open fails afterwards, onAbort undoes it.
   */
  prepare?: (run: Run) => void;
  onAbort?: (run: Run) => void;
}

/**
 * Subscribes the symbol's market data and starts the heartbeat timer for a new run. On a failure
 * part-way, whatever was acquired is released before the error propagates.
 */
export function openRun(src: RunSources): Run {
  const run: Run = {
    strategy: src.strategy,
    mailbox: new Mailbox(src.mailboxCapacity),
    execution: null,
    commandWarnAt: src.mailboxCapacity,
    subscription: null,
    timer: null,
    active: true,
    draining: false,
    scheduled: false,
  };
  try {
    src.prepare?.(run);
    run.subscription = src.marketData.subscribe(src.symbol, {
      onBook: (event) => src.post(run, { kind: 'book', event }),
      onTrade: (event) => src.post(run, { kind: 'trade', event }),
      onTicker: (event) => src.post(run, { kind: 'ticker', event }),
    });
    run.timer = src.clock.setInterval(
      () => src.post(run, { kind: 'timer', nowMs: src.clock.now() }),
      src.heartbeatIntervalMs,
    );
  } catch (e) {
    releaseRun(run);
    src.onAbort?.(run);
    throw e;
  }
  return run;
}

/** Unsubscribes, cancels the timer and empties the mailbox; idempotent. */
export function releaseRun(run: Run): void {
  run.active = false;
  run.subscription?.unsubscribe();
  run.subscription = null;
  run.timer?.cancel();
  run.timer = null;
  run.mailbox.clear();
}

/**
 * Posts into an active run's mailbox (false once released). Commands are never dropped; a backlog
 * past the mailbox capacity is logged, again at each doubling.
 */
export function postToRun(run: Run, item: MailboxItem, logger: StructuredLogger): boolean {
  if (!run.active) return false;
  run.mailbox.post(item);
  if (item.kind === 'command' && run.mailbox.commandBacklog >= run.commandWarnAt) {
    run.commandWarnAt *= 2;
    logger.warn('command backlog', {
      backlog: run.mailbox.commandBacklog,
      command: item.command.name,
    });
  }
  return true;
}

import {
  errorMessage,
  isoUtc,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';

export const DEPENDENCIES = ['registry', 'venue', 'market_data'] as const;
export type DependencyName = (typeof DEPENDENCIES)[number];

export type DependencyDetails = Record<string, unknown>;

/** One dependency's check: resolves with details when up, rejects (naming the dependency) when down. */
export interface DependencyProbe {
  readonly name: DependencyName;
  /** Who did not answer, for the timeout message (e.g. "registry postgres db:5432/flotilla"). */
  readonly label: string;
  check(): Promise<DependencyDetails>;
  /** Details shown while down (e.g. queued writes); read when the check fails. */
  detailsWhenDown?(): DependencyDetails;
}

export interface DependencyState {
  name: DependencyName;
  /** `unknown` only until the first check has answered. */
  status: 'up' | 'down' | 'unknown';
  /** ISO time the current status began (the first answer's time for the first status). */
  since: string | null;
  lastError: string | null;
  checkedAt: string | null;
  latencyMs: number | null;
  details: DependencyDetails;
}

export interface DependencyMonitorOptions {
  clock: Clock;
  intervalMs: number;
  /** A check still running after this long counts as down (and its answer, when it comes, is ignored). */
  timeoutMs: number;
  probes: DependencyProbe[];
  logger: StructuredLogger;
  /** Told every status change (after the first answer), e.g. to refresh gauges. */
  onChange?: (state: DependencyState) => void;
}

interface Entry {
  probe: DependencyProbe;
  state: DependencyState;
  running: Promise<void> | undefined;
}

/**
 * Checks the dependencies in the background on its own period and caches the answers, so health
 * probes cost nothing: however many probes arrive, the venue and the database see one check per
 * period. A status change is logged once (warn when down, info when back), never per probe.
 */
export class DependencyMonitor {
  private readonly entries = new Map<DependencyName, Entry>();
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly opts: DependencyMonitorOptions) {
    for (const probe of opts.probes) {
      this.entries.set(probe.name, {
        probe,
        running: undefined,
        state: {
          name: probe.name,
          status: 'unknown',
          since: null,
          lastError: null,
          checkedAt: null,
          latencyMs: null,
          details: {},
        },
      });
    }
  }

  /** Checks at once, then every intervalMs. Resolves when the first round has answered. */
  start(): Promise<void> {
    this.stopped = false;
    this.timer ??= this.opts.clock.setInterval(() => void this.checkAll(), this.opts.intervalMs);
    return this.checkAll();
  }

  /** A check still running finishes unseen: during shutdown a closing store is not an outage. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Runs every check not already running; resolves when they have answered. */
  checkAll(): Promise<void> {
    return Promise.all([...this.entries.keys()].map((name) => this.refresh(name))).then(
      () => undefined,
    );
  }

  /** Checks one dependency now unless a check of it is already running (then waits for that one). */
  refresh(name: DependencyName): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return Promise.resolve();
    entry.running ??= this.run(entry).finally(() => (entry.running = undefined));
    return entry.running;
  }

  /** The cached states; never calls a dependency. */
  states(): DependencyState[] {
    return [...this.entries.values()].map((e) => ({ ...e.state, details: { ...e.state.details } }));
  }

  state(name: DependencyName): DependencyState | undefined {
    return this.states().find((s) => s.name === name);
  }

  private async run(entry: Entry): Promise<void> {
    const { clock } = this.opts;
    const startedMs = clock.monotonicMs();
    let outcome: { up: true; details: DependencyDetails } | { up: false; error: string };
    try {
      outcome = { up: true, details: await this.withTimeout(entry.probe) };
    } catch (err) {
      outcome = { up: false, error: errorMessage(err) };
    }
    if (this.stopped) return;
    const latencyMs = Math.round((clock.monotonicMs() - startedMs) * 10) / 10;
    const now = isoUtc(clock.now());
    const previous = entry.state.status;
    const status = outcome.up ? 'up' : 'down';
    entry.state = {
      name: entry.probe.name,
      status,
      since: status === previous ? entry.state.since : now,
      lastError: outcome.up ? null : outcome.error,
      checkedAt: now,
      latencyMs,
      details: outcome.up ? outcome.details : (entry.probe.detailsWhenDown?.() ?? {}),
    };
    if (status !== previous) this.changed(entry.state, previous);
  }

  private changed(state: DependencyState, previous: DependencyState['status']): void {
    const fields = { dependency: state.name, since: state.since };
    if (state.status === 'down') {
      this.opts.logger.warn(`dependency ${state.name} is down`, {
        ...fields,
        error: state.lastError,
      });
    } else if (previous === 'down') {
      this.opts.logger.info(`dependency ${state.name} is back up`, fields);
    }
    this.opts.onChange?.(state);
  }

  private withTimeout(probe: DependencyProbe): Promise<DependencyDetails> {
    const { clock, timeoutMs } = this.opts;
    let timer: TimerHandle | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = clock.setTimeout(
        () => reject(new Error(`${probe.label} did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const answer = Promise.resolve().then(() => probe.check());
    return Promise.race([answer, timeout]).finally(() => timer?.cancel());
  }
}

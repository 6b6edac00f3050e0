import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { errorMessage, type Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { AuditSink, RiskManager } from '@flotilla/execution';
import type { Logging } from '@flotilla/logging';
import type { EngineManager } from '../supervisor';
import { AUDIT_SINK, CLOCK, CONFIG, ENGINE_MANAGER, LOGGING, RISK } from '../runtime/tokens';

export const GUARD_JOB = 'fleet.protection-guard';
export const ZOMBIE_JOB = 'fleet.zombie-orders';
export const MIDNIGHT_JOB = 'fleet.utc-midnight';

/** What the UTC-midnight job did. */
export interface MidnightOutcome {
  /** The UTC day whose loss count ended, or null when the risk gate had already rolled it. */
  readonly endedDay: string | null;
  readonly logsPruned: boolean;
}

/**
 * The fleet's periodic and calendar jobs on @nestjs/schedule: the protection guard and the zombie
 * tick as SchedulerRegistry intervals (periods from config `care`), the UTC-midnight reset of the
 * daily loss limit and the log retention sweep as a UTC @Cron. Nothing runs until the lifecycle
 * calls start() (this process owns the fleet); stop() and shutdown clear the intervals and turn
 * the cron's body off. Each job's body is
 * a plain public method, so tests drive it on the injected clock instead of real timers.
 */
@Injectable()
export class FleetJobs implements BeforeApplicationShutdown {
  private readonly logger = new Logger(FleetJobs.name);
  private started = false;

  constructor(
    @Inject(CONFIG) private readonly config: FlotillaConfig,
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(RISK) private readonly risk: RiskManager,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(LOGGING) private readonly logging: Logging,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const { guardIntervalMs, zombieTickMs } = this.config.care;
    this.every(GUARD_JOB, guardIntervalMs, () => this.guardSweep());
    this.every(ZOMBIE_JOB, zombieTickMs, () => this.zombieTick());
    this.logger.log(
      `fleet jobs started: guard every ${guardIntervalMs} ms, zombies every ${zombieTickMs} ms, UTC midnight`,
    );
  }

  stop(): void {
    this.started = false;
    for (const name of [GUARD_JOB, ZOMBIE_JOB]) {
      if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
    }
  }

  beforeApplicationShutdown(): void {
    this.stop();
  }

  /** Every engine with a live run checks its position's venue-side stop; how many were asked. */
  guardSweep(): number {
    return this.manager.maintain('guard');
  }

  /** Every engine with a live run sweeps zombie orders if its own interval is due; how many were asked. */
  zombieTick(): number {
    return this.manager.maintain('zombies');
  }

  /**
   * Mounted by @nestjs/schedule at bootstrap, possibly after the lifecycle resumed the fleet, so it
   * is not started from start(): it does nothing unless the jobs are started (this process owns
   * the fleet). @nestjs/schedule stops it at shutdown.
   */
  @Cron('0 0 * * *', { name: MIDNIGHT_JOB, timeZone: 'UTC' })
  onUtcMidnight(): void {
    if (this.started) this.guarded(MIDNIGHT_JOB, () => this.utcMidnight());
  }

  /** The daily loss limit starts again (audited) and old log files go. Idempotent within a day. */
  utcMidnight(): MidnightOutcome {
    const nowMs = this.clock.now();
    const ended = this.risk.rollDay(nowMs);
    if (ended) {
      this.audit.append({
        atMs: nowMs,
        symbol: null,
        action: 'risk.day-rolled',
        traceId: null,
        actor: 'scheduler',
        requestId: null,
        details: {
          endedDay: ended.endedDay,
          endedRealizedPnl: ended.endedPnl.toFixed(),
          day: this.risk.status().day,
        },
      });
    }
    const logsPruned = this.logging.sweepRetention(nowMs);
    return { endedDay: ended?.endedDay ?? null, logsPruned };
  }

  private every(name: string, periodMs: number, body: () => unknown): void {
    const timer = setInterval(() => this.guarded(name, body), periodMs);
    this.scheduler.addInterval(name, timer);
  }

  private guarded(name: string, body: () => unknown): void {
    try {
      body();
    } catch (err) {
      this.logger.error(`fleet job ${name} failed: ${errorMessage(err)}`);
    }
  }
}
